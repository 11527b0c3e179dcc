/**
 * The sandbox's simulated request series. Pure: the world's state comes in as a history of
 * segments (which revisions serve, which flag variants are set, from when), time comes in as
 * numbers, and every answer is an exact integral over that piecewise-constant history, so the
 * same scenario, seed and history always give the same ratios.
 */
import { jitter, JitterSums } from './jitter';
import type { Scenario, ScenarioFailure } from './scenarioSchema';

const MINUTE = 60_000;

/** The world from `from` until the next segment's `from` (the last one lasts forever). */
export interface WorldSegment {
  readonly from: number;
  /** Share of running tasks per revision number (`{ 41: 2, 42: 4 }` or fractions); normalised here. */
  readonly serving: Readonly<Record<number, number>>;
  /** Per flag key, the variant it evaluates to, or `DISABLED`. */
  readonly flags: Readonly<Record<string, string>>;
}

/** Oldest first. Before the first segment the world was as the first segment says (as it always was). */
export type WorldHistory = readonly WorldSegment[];

/**
 * The world before the drill starts, from the scenario: each deploy rolls out as ECS does (one
 * task of the new revision starts and one old task stops every `task_start`), and each flag
 * holds its earlier variant until its last toggle. The first segment is the earliest of these
 * events, and stands for all time before it.
 */
export function scenarioHistory(scenario: Scenario): WorldSegment[] {
  const { start, deploys } = scenario;
  const n = deploys.desired_count;
  const events: { at: number; apply: (state: MutableState) => void }[] = [];
  deploys.history.forEach((deploy, index) => {
    const previous = deploys.history[index - 1];
    if (!previous) {
      events.push({ at: start + deploy.at, apply: (s) => (s.serving = { [deploy.revision]: n }) });
      return;
    }
    for (let k = 1; k <= n; k++) {
      events.push({
        at: start + deploy.at + k * deploys.task_start,
        apply: (s) => (s.serving = k === n ? { [deploy.revision]: n } : { [previous.revision]: n - k, [deploy.revision]: k }),
      });
    }
  });
  for (const [key, flag] of Object.entries(scenario.flags)) {
    if (flag.changed) events.push({ at: start + flag.changed.at, apply: (s) => (s.flags = { ...s.flags, [key]: currentVariant(flag) }) });
  }
  // Before the first deploy the service was what that deploy rolled out: the world as it always was.
  const initial: MutableState = {
    serving: { [deploys.history[0]!.revision]: n },
    flags: Object.fromEntries(Object.entries(scenario.flags).map(([key, flag]) => [key, flag.changed ? flag.changed.from : currentVariant(flag)])),
  };
  // Only what happened before the start: a rollout still running then is the live world's business.
  const past = events.filter((e) => e.at <= start).sort((a, b) => a.at - b.at);
  const segments: WorldSegment[] = [];
  const state = initial;
  for (const event of past) {
    event.apply(state);
    const segment = { from: event.at, serving: { ...state.serving }, flags: { ...state.flags } };
    if (segments.at(-1)?.from === event.at) segments[segments.length - 1] = segment;
    else segments.push(segment);
  }
  return segments;
}

interface MutableState {
  serving: Record<number, number>;
  flags: Record<string, string>;
}

function currentVariant(flag: Scenario['flags'][string]): string {
  return flag.state === 'DISABLED' ? 'DISABLED' : flag.default_variant;
}

/** Running tasks by task definition (`checkout-api:42`, as ECS names them) → `serving` by revision. */
export function servingFromTasks(tasks: readonly { readonly taskDefinition: string; readonly running: number }[]): Record<number, number> {
  const serving: Record<number, number> = {};
  for (const { taskDefinition, running } of tasks) {
    const revision = Number(taskDefinition.slice(taskDefinition.lastIndexOf(':') + 1));
    if (Number.isInteger(revision) && running > 0) serving[revision] = (serving[revision] ?? 0) + running;
  }
  return serving;
}

/** The scenario compiled for one SLO: what each revision and flag variant does to its errors. */
export interface SloTraffic {
  readonly slo: string;
  readonly requestsPerSecond: number;
  readonly baselineRatio: number;
  readonly revisionFailures: readonly ScenarioFailure[];
  readonly flagFailures: readonly ScenarioFailure[];
  /** Absolute times at which a failure's `since` switches it on. */
  readonly switches: readonly number[];
}

export interface TrafficModel {
  readonly start: number;
  readonly seed: number;
  readonly noise: number;
  readonly slos: ReadonlyMap<string, SloTraffic>;
}

export function trafficModel(scenario: Scenario, seed: number = scenario.seed): TrafficModel {
  const slos = new Map<string, SloTraffic>();
  for (const [slo, baseline] of Object.entries(scenario.baseline)) {
    const failures = scenario.failures.filter((f) => f.slo === slo);
    slos.set(slo, {
      slo,
      requestsPerSecond: baseline.requests_per_second,
      baselineRatio: baseline.error_ratio,
      revisionFailures: failures.filter((f) => f.revision !== undefined),
      flagFailures: failures.filter((f) => f.flag !== undefined),
      switches: failures.flatMap((f) => (f.since === undefined ? [] : [scenario.start + f.since])),
    });
  }
  return { start: scenario.start, seed, noise: scenario.noise, slos };
}

/** Requests per second of an SLO's traffic at `at` (constant: failures change outcomes, not load). */
export function requestRate(model: TrafficModel, slo: string): number | undefined {
  return model.slos.get(slo)?.requestsPerSecond;
}

/**
 * The error ratio of the requests in `(at − windowMs, at]`: errors / requests, integrated
 * exactly over the history's segments (and the noise's minutes). `null` when no request was
 * made in the window (no traffic, or an empty window); `undefined` for an SLO the scenario lacks.
 */
export function errorRatio(model: TrafficModel, history: WorldHistory, slo: string, windowMs: number, at: number): number | null | undefined {
  const traffic = model.slos.get(slo);
  if (!traffic) return undefined;
  if (traffic.requestsPerSecond <= 0 || windowMs <= 0) return null;
  const from = at - windowMs;
  let weighted = 0;
  for (const [pieceFrom, pieceTo, segment] of pieces(history, traffic.switches, from, at)) {
    const ratio = instantRatio(model, traffic, segment, pieceFrom);
    weighted += model.noise > 0 ? noisyIntegral(model, traffic.slo, ratio, pieceFrom, pieceTo) : ratio * (pieceTo - pieceFrom);
  }
  return clamp01(weighted / windowMs);
}

/**
 * The error ratio of one instant's requests: each revision serves its share of them at its own
 * ratio (the baseline unless a failure names it), then set flag variants add theirs. With no
 * task running every request fails, as a load balancer with no targets answers 503.
 */
function instantRatio(model: TrafficModel, traffic: SloTraffic, segment: WorldSegment | undefined, at: number): number {
  const active = (f: ScenarioFailure) => f.since === undefined || at >= model.start + f.since;
  const serving = Object.entries(segment?.serving ?? {}).filter(([, share]) => share > 0);
  const total = serving.reduce((sum, [, share]) => sum + share, 0);
  if (total === 0) return 1;
  let ratio = 0;
  for (const [revision, share] of serving) {
    const failure = traffic.revisionFailures.find((f) => String(f.revision) === revision && active(f));
    ratio += (share / total) * (failure?.error_ratio ?? traffic.baselineRatio);
  }
  for (const failure of traffic.flagFailures) {
    if (active(failure) && segment?.flags[failure.flag!] === failure.variant) ratio += failure.adds!;
  }
  return clamp01(ratio);
}

/**
 * `[from, to)` pieces of the window over which the world (segment and active failures) is
 * constant. Only the segments inside the window are visited: a long drill's history is long.
 */
function* pieces(history: WorldHistory, switches: readonly number[], from: number, to: number): Generator<[number, number, WorldSegment | undefined]> {
  let index = lastStartingBy(history, from);
  const cuts: number[] = switches.filter((t) => t > from && t < to);
  for (let i = index + 1; i < history.length && history[i]!.from < to; i++) if (history[i]!.from > from) cuts.push(history[i]!.from);
  const bounds = [...new Set([from, ...cuts, to])].sort((a, b) => a - b);
  for (let i = 0; i + 1 < bounds.length; i++) {
    while (index + 1 < history.length && history[index + 1]!.from <= bounds[i]!) index++;
    yield [bounds[i]!, bounds[i + 1]!, history[index]];
  }
}

/** Index of the last segment starting at or before `t` (0 when none does: the first one stands for the past). */
function lastStartingBy(history: WorldHistory, t: number): number {
  let lo = 0;
  let hi = history.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (history[mid]!.from <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * ∫ ratio × (1 + noise × u(minute)) over [from, to), the jitter constant within each clock minute.
 * Where no minute's value can leave [0, 1] (noise ≤ 0.5 keeps it above 0; ratio × (1 + noise) ≤ 1
 * keeps it under 1) the integral is linear in the jitter, and its sum comes from prefix sums;
 * otherwise each minute is clamped on its own.
 */
function noisyIntegral(model: TrafficModel, slo: string, ratio: number, from: number, to: number): number {
  const first = Math.floor(from / MINUTE);
  const end = Math.ceil(to / MINUTE);
  if (ratio * (1 + model.noise) > 1 || end - first < 3) {
    let sum = 0;
    for (let minute = first; minute * MINUTE < to; minute++) {
      const overlap = Math.min(to, (minute + 1) * MINUTE) - Math.max(from, minute * MINUTE);
      sum += clamp01(ratio * (1 + model.noise * jitter(model.seed, slo, minute))) * overlap;
    }
    return sum;
  }
  // Whole minutes, less the parts of the first and last minutes outside [from, to).
  const weighted =
    jitterSums(model, slo).sum(first, end) * MINUTE -
    jitter(model.seed, slo, first) * (from - first * MINUTE) -
    jitter(model.seed, slo, end - 1) * (end * MINUTE - to);
  return ratio * (to - from + model.noise * weighted);
}

const sumsOf = new WeakMap<TrafficModel, Map<string, JitterSums>>();

function jitterSums(model: TrafficModel, slo: string): JitterSums {
  let bySlo = sumsOf.get(model);
  if (!bySlo) sumsOf.set(model, (bySlo = new Map()));
  let sums = bySlo.get(slo);
  if (!sums) bySlo.set(slo, (sums = new JitterSums(model.seed, slo)));
  return sums;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
