import { burnBuckets } from '../core/burnBuckets';
import { burnRate, budgetRemainingOver, budgetRunsOutInMs, DISPLAY_WINDOWS_MS, SHORT_WINDOW_MS, WINDOW_MS, windowBurns } from '../core/burnRate';
import { formatDuration, parseDuration } from '../core/duration';
import { exhaustionBurn, sloStatus } from '../core/sloStatus';
import { defaultTriggers } from '../core/triggers';
import { windowDataMs } from '../core/windowCoverage';
import type { Runbook } from '../runbook/schema';
import { IN_THE_DRILLS_COCKPIT, retryIn, sloDataSince, sloTaskKey, STALE_INTERVALS, type ViewInputs } from './viewInputs';
import type { PanelView, SloRow } from './viewModel';

/** Bars of the last hour's sparkline: 5m each. */
const SPARK_BARS = 12;

/** The SLO panel of the view: each SLO's window burns, status, budget and fired triggers. */

export function sloPanel(input: ViewInputs): PanelView<readonly SloRow[]> {
  const source = input.sources.slo;
  if (!source) return input.runbook.slos.length === 0 ? { status: 'absent' } : input.watchOnly ? IN_THE_DRILLS_COCKPIT : { status: 'error', error: 'no provider with the slo capability' };
  const label = `${source.key} (${source.plugin})`;
  const now = input.now.getTime();
  const keys = input.runbook.slos.flatMap((slo) => DISPLAY_WINDOWS_MS.map((w) => sloTaskKey(slo.name, w)));
  const observations = keys.map((key) => input.observations.get(key));
  const failing = observations.find((o) => o?.error && o.failures > 0);
  const observedAts = observations.flatMap((o) => (o?.observedAt ? [o.observedAt.getTime()] : []));
  const error = source.failure ?? failing?.error?.message;
  const retry = source.failure === undefined && failing !== undefined ? retryIn(failing, now) : {};
  // What a teammate's cockpit recorded since this one last read its SLO provider (a watcher whose Prometheus is down).
  const recorded = error === undefined ? undefined : recordedSince(input, observedAts.length === 0 ? Number.NEGATIVE_INFINITY : Math.max(...observedAts), source.intervalMs);
  if (error !== undefined && recorded !== undefined) {
    const rows = input.runbook.slos.map((slo) => sloRow(input, slo, recorded.ratioAt(slo.name)));
    return { status: 'error', source: label, error, ...retry, data: rows, ageMs: Math.max(0, now - recorded.at), warning: RECORDED_WARNING };
  }
  if (source.failure) return { status: 'error', source: label, error: source.failure };
  const rows = input.runbook.slos.map((slo) => sloRow(input, slo, (windowMs) => ownRatio(input, slo.name, windowMs)));
  if (observedAts.length === 0) return failing ? { status: 'error', source: label, error: failing.error!.message, ...retry } : { status: 'loading', source: label };
  const ageMs = Math.max(0, now - Math.min(...observedAts));
  if (failing) return { status: 'error', source: label, error: failing.error!.message, ...retry, data: rows, ageMs };
  return { status: ageMs > STALE_INTERVALS * source.intervalMs ? 'stale' : 'ok', source: label, data: rows, ageMs };
}

/** Said over burns read off the timeline: the 5m one is recorded once a minute, the longer windows seldom. */
const RECORDED_WARNING = "burns as another cockpit recorded them on the timeline: this cockpit's SLO provider fails";

const ownRatio = (input: ViewInputs, slo: string, windowMs: number): number | null => {
  const value = input.observations.get(sloTaskKey(slo, windowMs))?.value;
  return typeof value === 'number' ? value : null;
};

/**
 * The SLO readings the timeline holds a poll or more newer than this cockpit's own (`ownNewest`): on a shared store a teammate's
 * cockpit records its 5m reading every minute. A read-only watcher whose own Prometheus was down showed no burn at all,
 * its writer's readings on the timeline it followed. Each window as recorded, when recorded within three polls of the
 * newest 5m reading (the longer windows are recorded at a cockpit's first look: older ones say nothing of now).
 */
function recordedSince(input: ViewInputs, ownNewest: number, intervalMs: number): { readonly at: number; readonly ratioAt: (slo: string) => (windowMs: number) => number | null } | undefined {
  const shortAts = input.runbook.slos.flatMap((slo) => {
    const short = input.state.slos[slo.name]?.[String(SHORT_WINDOW_MS)];
    return short === undefined ? [] : [Date.parse(short.lastAt)];
  });
  const at = Math.max(...shortAts);
  // This cockpit's own readings are recorded the moment they are read (ms after): a teammate's is newer by a poll or more.
  // One older than its window says nothing of the burn now (a resumed cockpit's Prometheus down: its last run's hours-old reading).
  if (shortAts.length === 0 || at < ownNewest + intervalMs || input.now.getTime() - at > SHORT_WINDOW_MS) return undefined;
  return {
    at,
    ratioAt: (slo) => (windowMs) => {
      const reading = input.state.slos[slo]?.[String(windowMs)];
      return reading === undefined || Date.parse(reading.lastAt) < at - STALE_INTERVALS * intervalMs ? null : reading.lastErrorRatio;
    },
  };
}

function sloRow(input: ViewInputs, slo: Runbook['slos'][number], ratioAt: (windowMs: number) => number | null): SloRow {
  const periodMs = parseDuration(slo.period)!;
  const since = sloDataSince(input, slo.name);
  const partial = (windowMs: number) => windowDataMs(windowMs, input.now.getTime(), since);
  const coveredMs = partial(periodMs);
  const remaining = budgetRemainingOver(ratioAt(periodMs), slo.objective, periodMs, coveredMs);
  const burnAt = (windowMs: number) => burnRate(ratioAt(windowMs), slo.objective);
  // An SLO the runbook's triggers leave out is judged by the workbook's default policy.
  const declared = input.rules.filter((r) => r.slo === slo.name);
  const rules = declared.length > 0 ? declared : defaultTriggers(slo.name, periodMs);
  const fired = Object.values(input.state.triggers).filter((t) => t.slo === slo.name && t.active);
  return {
    name: slo.name,
    objective: slo.objective,
    status: sloStatus(rules, burnAt, shortBurnBefore(input.burnHistory.get(slo.name) ?? [], input.now.getTime())),
    windows: windowBurns(ratioAt, slo.objective, periodMs, DISPLAY_WINDOWS_MS).map((w) => {
      const dataMs = partial(w.windowMs);
      return { window: formatDuration(w.windowMs), errorRatio: w.errorRatio, burnRate: w.burn, ...(dataMs === undefined ? {} : { dataMs }) };
    }),
    sparkline: burnBuckets([...(input.priorBurns?.get(slo.name) ?? []), ...(input.burnHistory.get(slo.name) ?? [])], input.now.getTime(), WINDOW_MS['1h'], SPARK_BARS),
    budgetRemaining: remaining,
    ...(coveredMs === undefined ? {} : { budgetDataMs: coveredMs }),
    // At the rate now (the short window), rising or falling: the hour's average lags both ways.
    exhaustionMs: budgetRunsOutInMs(remaining, exhaustionBurn(burnAt(WINDOW_MS['1h']), burnAt(SHORT_WINDOW_MS)), periodMs),
    firedTriggers: fired.map((t) => {
      const rule = input.rules.find((r) => r.id === t.trigger);
      const longDataMs = rule === undefined ? undefined : partial(rule.longMs);
      return {
        id: t.trigger,
        label: rule ? `${rule.burnRate}x on ${formatDuration(rule.longMs)}+${formatDuration(rule.shortMs)}` : t.trigger,
        firedAgoMs: Math.max(0, input.now.getTime() - Date.parse(t.lastFiredAt)),
        firings: t.firedCount,
        ...(t.seenFiring && t.firedCount === 1 ? { seen: true as const } : {}),
        ...(longDataMs === undefined ? {} : { longDataMs }),
      };
    }),
  };
}

/** The short window's burn a window's span before `now`, as sampled (the newest sample at or before then, within a minute). */
function shortBurnBefore(samples: readonly { readonly at: number; readonly burn: number | null }[], now: number): number | undefined {
  const then = now - SHORT_WINDOW_MS;
  const sample = samples.findLast((s) => s.at <= then && s.at >= then - 60_000 && s.burn !== null);
  return sample?.burn ?? undefined;
}
