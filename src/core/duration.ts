/** Durations as runbooks write them: `30s`, `5m`, `1h`, `30d`, or compounds such as `1h30m`. */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

// At most 9 digits a part: enough for any sane duration, and the sum stays an exact integer.
export const DURATION_RE = /^(?:\d{1,9}(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+)(ms|s|m|h|d|w)/g;

const DAY_MS = UNIT_MS.d;

/**
 * The longest anything is waited for with a timer (a command's timeout, a verify window, a
 * reminder). Well under 2^31-1 ms (24.8 days): setTimeout fires at once for a longer delay, so a
 * 25-day timeout used to kill its command immediately.
 */
export const MAX_TIMER_DURATION_MS = DAY_MS;

export interface DurationBound {
  readonly maxMs: number;
  /** The maximum as a runbook would write it. */
  readonly max: string;
  readonly noun: string;
  readonly why: string;
}

/** What each kind of duration in a runbook may be (README, "Runbook format"). */
export const DURATION_BOUNDS = {
  timeout: { maxMs: MAX_TIMER_DURATION_MS, max: '24h', noun: 'timeout', why: 'the longest a command may run' },
  verify: { maxMs: MAX_TIMER_DURATION_MS, max: '24h', noun: 'verify window', why: 'the longest a verify step may watch' },
  reminder: { maxMs: MAX_TIMER_DURATION_MS, max: '24h', noun: 'reminder delay', why: 'the longest reminder delay' },
  window: { maxMs: 30 * DAY_MS, max: '30d', noun: 'burn-rate window', why: 'the longest burn-rate window' },
  period: { maxMs: 365 * DAY_MS, max: '365d', noun: 'SLO period', why: 'the longest SLO period' },
} as const satisfies Record<string, DurationBound>;

/** Why a duration string is out of its bounds; undefined when it is within them or is no duration at all. */
export function durationProblem(text: string, bound: DurationBound): string | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return undefined;
  if (ms <= 0) return `a ${bound.noun} must be longer than 0s`;
  return ms > bound.maxMs ? `${text} is longer than ${bound.max}, ${bound.why}` : undefined;
}

/** Why a timeout in milliseconds cannot be given to a timer; undefined when it can. */
export function timeoutMsProblem(ms: number): string | undefined {
  if (!(ms > 0)) return `timeout ${ms}ms is not a positive duration`;
  const bound = DURATION_BOUNDS.timeout;
  return ms > bound.maxMs ? `timeout ${Number.isFinite(ms) ? formatDuration(ms) : `${ms}ms`} is longer than ${bound.max}, ${bound.why}` : undefined;
}

export function isDuration(text: string): boolean {
  return DURATION_RE.test(text);
}

/** Milliseconds of a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART_RE)) {
    total += Number(amount) * UNIT_MS[unit as Unit];
  }
  return total;
}

/** A burn window in its largest unit, to the minute (`30d`, not `43200m`). */
export function formatWindow(windowMs: number): string {
  return formatDuration(Math.round(windowMs / 60_000) * 60_000);
}

/**
 * The time from one instant to another as both read to the second (each cut to its second):
 * what a reader who subtracts two times shown to the second gets.
 */
export function shownSpanMs(fromMs: number, toMs: number): number {
  return Math.floor(toMs / 1000) * 1000 - Math.floor(fromMs / 1000) * 1000;
}

/** The shortest exact spelling of a duration, largest units first (90 min → `1h30m`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const units: Unit[] = ['d', 'h', 'm', 's', 'ms'];
  let rest = Math.round(ms);
  let out = '';
  for (const unit of units) {
    const size = UNIT_MS[unit];
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return out;
}

export const DURATION_HINT = 'a duration like 30s, 5m, 1h or 30d';
