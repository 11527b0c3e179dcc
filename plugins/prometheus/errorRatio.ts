/**
 * The `slo` capability: an SLO's error-ratio query evaluated for one window at one instant.
 * NaN (0/0: no traffic) and an empty vector (no series) are "no data", never a zero ratio.
 */
import * as z from 'zod';
import { fail, ok, type Logger, type Result, type SloCapability, type SloQuery } from '../../src/plugins/contract';
import { formatDuration } from '../../src/core/duration';
import { instantQuery, type PrometheusEndpoint, type QueryData } from './http';

const WINDOW_RE = /\$window\b/g;

/** `$window` as a PromQL duration: 90 minutes → `1h30m`. */
export function substituteWindow(query: string, windowMs: number): string {
  return query.replace(WINDOW_RE, formatDuration(windowMs));
}

// Sample values travel as strings so that NaN and ±Inf survive JSON.
const sample = z.tuple([z.number(), z.string()]);
const instantData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('scalar'), result: sample }),
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sample })) }),
]);

export function ratioFrom(data: QueryData, slo: string): Result<number | null> {
  const parsed = instantData.safeParse(data);
  if (!parsed.success) {
    return fail('invalid-response', `the error_ratio query of ${slo} returned a ${data.resultType}, expected a single number`);
  }
  const { resultType, result } = parsed.data;
  if (resultType === 'scalar') return ratioValue(result[1], slo);
  if (result.length === 0) return ok(null);
  if (result.length > 1) {
    return fail(
      'invalid-response',
      `the error_ratio query of ${slo} returned ${result.length} series, expected one: aggregate it, e.g. sum(...) / sum(...)`,
    );
  }
  return ratioValue(result[0]!.value[1], slo);
}

function ratioValue(text: string, slo: string): Result<number | null> {
  if (text === 'NaN') return ok(null);
  const value = Number(text); // `+Inf`/`-Inf` come out NaN here and are rejected below
  if (!(value >= 0 && value <= 1)) {
    return fail('invalid-response', `the error_ratio query of ${slo} gave ${text}, not a ratio between 0 and 1 (a percentage?)`);
  }
  return ok(value);
}

export function prometheusSlo(endpoint: PrometheusEndpoint, log: Logger): SloCapability {
  return {
    async errorRatio(slo: SloQuery, windowMs: number, at: Date, signal: AbortSignal) {
      const answer = await instantQuery(endpoint, substituteWindow(slo.errorRatio, windowMs), at, signal);
      if (!answer.ok) return answer;
      if (answer.value.warnings.length > 0) {
        log.warn('prometheus returned warnings', { slo: slo.name, window: formatDuration(windowMs), warnings: answer.value.warnings });
      }
      return ratioFrom(answer.value, slo.name);
    },
    async dataSince(slo: SloQuery, withinMs: number, at: Date, signal: AbortSignal) {
      const coarse = await instantQuery(endpoint, dataSinceQuery(slo.errorRatio, withinMs), at, signal);
      if (!coarse.ok) return coarse;
      const from = at.getTime() - withinMs;
      const since = sinceFrom(coarse.value, slo.name, { from, stepMs: DATA_STEP_MS });
      if (!since.ok || since.value === from) return since;
      // Minute by minute over the step before the first with data, or over the last 20 minutes when
      // none had any: a 10-minute step read a Prometheus started 9 minutes before as holding 27 s, and
      // one younger than a step as holding the whole month.
      const to = since.value ?? at.getTime();
      const spanMs = Math.min(withinMs, since.value === null ? 2 * DATA_STEP_MS : DATA_STEP_MS);
      const fine = await instantQuery(endpoint, dataSinceQuery(slo.errorRatio, spanMs, FINE_STEP_MS), new Date(to), signal);
      if (!fine.ok) return since.value === null ? fine : since;
      const refined = sinceFrom(fine.value, slo.name, { from: to - spanMs, stepMs: FINE_STEP_MS });
      if (refined.ok && refined.value !== null) return refined;
      // The coarse bound stands where the minutes could not narrow it.
      if (since.value !== null || !refined.ok) return since.value !== null ? since : refined;
      // No minute had data either, yet the query may answer now: data younger than a minute's step
      // (it read as the whole month, "budget -5900% left"). Surely there by now.
      const now = await instantQuery(endpoint, `timestamp((${substituteWindow(slo.errorRatio, 2 * FINE_STEP_MS)}))`, at, signal);
      return now.ok ? sinceFrom(now.value, slo.name, { from: at.getTime(), stepMs: 0 }) : now;
    },
  };
}

/** The resolution of `dataSince`: the subquery's step, and the window the SLO's query is evaluated over at each. */
export const DATA_STEP_MS = 10 * 60_000;
/** Its resolution for data younger than a step: a minute, over a 2m window (a rate needs two scrapes in it). */
const FINE_STEP_MS = 60_000;

/**
 * The earliest step, within `withinMs`, at which the SLO's own query had a value: a subquery of it
 * over a window of the step (two minutes at a minute's step) every step (4,320 evaluations for
 * 30 days at 10 minutes), the earliest of their timestamps: the data surely began by then, and
 * up to that window before.
 */
export function dataSinceQuery(errorRatio: string, withinMs: number, stepMs = DATA_STEP_MS): string {
  const windowMs = Math.max(stepMs, 2 * FINE_STEP_MS);
  return `min(min_over_time(timestamp((${substituteWindow(errorRatio, windowMs)}))[${formatDuration(withinMs)}:${formatDuration(stepMs)}]))`;
}

/** The earliest step with data; the range's start when that is its first step (the data reaches back at least as far as asked). */
function sinceFrom(data: QueryData, slo: string, range: { readonly from: number; readonly stepMs: number }): Result<number | null> {
  const parsed = instantData.safeParse(data);
  if (!parsed.success) return fail('invalid-response', `the data coverage query of ${slo} returned a ${data.resultType}, expected a single number`);
  const { resultType, result } = parsed.data;
  const text = resultType === 'scalar' ? result[1] : result[0]?.value[1];
  if (text === undefined || text === 'NaN') return ok(null);
  const seconds = Number(text);
  if (!Number.isFinite(seconds)) return fail('invalid-response', `the data coverage query of ${slo} gave ${text}, not a time`);
  return ok(seconds * 1000 - range.from < range.stepMs ? range.from : seconds * 1000);
}
