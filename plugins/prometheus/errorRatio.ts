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
      const answer = await instantQuery(endpoint, dataSinceQuery(slo.errorRatio, withinMs), at, signal);
      if (!answer.ok) return answer;
      return sinceFrom(answer.value, slo.name);
    },
  };
}

/** The resolution of `dataSince`: the subquery's step, and the window the SLO's query is evaluated over at each. */
export const DATA_STEP_MS = 10 * 60_000;

/**
 * The earliest step, within `withinMs`, at which the SLO's own query had a value: a subquery of it
 * over a 10m window every 10 minutes (4,320 evaluations for 30 days), the earliest of their
 * timestamps. The data begins up to a step before it.
 */
export function dataSinceQuery(errorRatio: string, withinMs: number): string {
  return `min(min_over_time(timestamp((${substituteWindow(errorRatio, DATA_STEP_MS)}))[${formatDuration(withinMs)}:${formatDuration(DATA_STEP_MS)}]))`;
}

function sinceFrom(data: QueryData, slo: string): Result<number | null> {
  const parsed = instantData.safeParse(data);
  if (!parsed.success) return fail('invalid-response', `the data coverage query of ${slo} returned a ${data.resultType}, expected a single number`);
  const { resultType, result } = parsed.data;
  const text = resultType === 'scalar' ? result[1] : result[0]?.value[1];
  if (text === undefined || text === 'NaN') return ok(null);
  const seconds = Number(text);
  if (!Number.isFinite(seconds)) return fail('invalid-response', `the data coverage query of ${slo} gave ${text}, not a time`);
  // The step's query saw data over the step before it: the data may begin that much earlier.
  return ok(seconds * 1000 - DATA_STEP_MS);
}
