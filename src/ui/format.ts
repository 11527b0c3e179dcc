/**
 * Pure formatters for the cockpit's cells: everything a responder reads is short, unit-suffixed
 * and never wider than the space given. No clock here: ages arrive as milliseconds.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45s", "3m", "2h", "4d": the coarsest unit that still says something, for data ages. */
export function formatAge(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return `${Math.floor(abs / SECOND)}s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)}m`;
  if (abs < DAY) return `${Math.floor(abs / HOUR)}h`;
  return `${Math.floor(abs / DAY)}d`;
}

/**
 * Time left until something runs out, never more than there is: `45m`, `5h`, `1d14h` (under
 * three days the hours count: "gone in 1d" was said of a budget with 1.6 days left), `6d`.
 */
export function formatTimeLeft(ms: number, atMost = false): string {
  const abs = Math.max(0, ms);
  // An upper bound (`≤`) rounds up so it stays true: "gone in ≤16h" was said of 16.8 hours at most.
  const round = atMost ? Math.ceil : Math.floor;
  if (abs < MINUTE) return `${round(abs / SECOND)}s`;
  if (abs < HOUR) return `${round(abs / MINUTE)}m`;
  if (abs < DAY) return `${round(abs / HOUR)}h`;
  if (abs >= 3 * DAY) return `${round(abs / DAY)}d`;
  const hours = round((abs % DAY) / HOUR);
  return `${Math.floor(abs / DAY)}d${hours === 0 ? '' : `${hours}h`}`;
}

/** "8s", "1m05s", "2h03m": elapsed time of a running action, precise enough to see it move. */
export function formatElapsed(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / SECOND);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${pad2(minutes)}m`;
  if (minutes > 0) return `${minutes}m${pad2(seconds)}s`;
  return `${seconds}s`;
}

/** "1h 12m", "12m", "45s": how long something lasted, to the minute once it is a minute or more. */
export function formatSpan(ms: number): string {
  const totalMinutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (totalMinutes === 0) return `${Math.floor(Math.max(0, ms) / SECOND)}s`;
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  return [days > 0 ? `${days}d` : '', hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : ''].filter(Boolean).join(' ');
}

/**
 * "10,000": a whole count with thousands separators. Not `toLocaleString`, whose first call loads
 * the ICU number formats and cost the cockpit's first frame about 17 ms.
 */
export function formatCount(count: number): string {
  return String(Math.trunc(count)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Burn rate as the SRE books write it: "14.4x", "0.3x"; "—" when there is no data (never "0x"). */
export function formatBurn(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  if (rate >= 100) return `${Math.round(rate)}x`;
  // To the hundredth next to 1x, as the advice says it: `5m 1.0x` stood beside "the burn has stopped (5m 0.96x)".
  if (rate !== 1 && rate.toFixed(1) === '1.0') return `${rate.toFixed(2)}x`;
  return `${rate.toFixed(1)}x`;
}

/** A fraction as a whole percentage, "62%", "-15%"; "—" without data. */
/** `atMost`: the value is an upper bound (`≤`), to a tenth and rounded up so it stays true (`≤99%` of 99.16% was false). */
export function formatPercent(fraction: number | null, atMost = false): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  return atMost ? `${(Math.ceil(fraction * 1000) / 10).toFixed(1)}%` : `${Math.round(fraction * 100)}%`;
}

/** An SLO objective, a percentage as the runbook writes it, keeps its precision: 99.9 → "99.9%". */
export function formatObjective(objective: number): string {
  return `${Number(objective.toFixed(3))}%`;
}

/** Cuts `text` to `width` characters, marking the cut with "…". */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width === 1) return '…';
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Cuts `text` to `width` characters from the left: "…2026.11.22-1", where tags and revisions differ. */
export function truncateStart(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width === 1) return '…';
  return `…${chars.slice(chars.length - width + 1).join('')}`;
}

/** `text` cut or right-padded with spaces to exactly `width` characters. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - Array.from(cut).length));
}

/** "14:03:22" from an ISO timestamp: timeline entries are within one incident, the date is noise. */
export function formatClock(iso: string): string {
  const match = /T(\d\d:\d\d:\d\d)/.exec(iso);
  return match?.[1] ?? iso;
}

const SPARK_LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * A sparkline scaled from zero to the largest value, or to `scaleAtLeast` when every value is
 * under it (burn rates are never negative), resampled to at most `width` cells by taking each
 * bucket's maximum so a spike is never averaged away.
 */
export function sparkline(values: readonly (number | null)[], width: number, scaleAtLeast = 0): string {
  if (values.length === 0 || width <= 0) return '';
  const buckets = bucketMax(values, width);
  const top = Math.max(scaleAtLeast, ...buckets.map((value) => value ?? 0));
  return buckets
    .map((value) => {
      // Nothing sampled then (before the cockpit looked): no bar, not a low one.
      if (value === null) return NOT_SAMPLED;
      if (top <= 0) return SPARK_LEVELS[0];
      const level = Math.round((Math.max(0, value) / top) * (SPARK_LEVELS.length - 1));
      return SPARK_LEVELS[level] ?? SPARK_LEVELS[0];
    })
    .join('');
}

const NOT_SAMPLED = '·';

function bucketMax(values: readonly (number | null)[], width: number): (number | null)[] {
  if (values.length <= width) return [...values];
  const buckets: (number | null)[] = [];
  for (let i = 0; i < width; i += 1) {
    const start = Math.floor((i * values.length) / width);
    const end = Math.floor(((i + 1) * values.length) / width);
    const sampled = values.slice(start, Math.max(end, start + 1)).filter((value): value is number => value !== null);
    buckets.push(sampled.length === 0 ? null : Math.max(...sampled));
  }
  return buckets;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The spinner frame for an elapsed time: derived from time, so a frame is a function of the view. */
export function spinnerFrame(elapsedMs: number): string {
  return SPINNER[Math.floor(Math.max(0, elapsedMs) / 100) % SPINNER.length] ?? SPINNER[0];
}

/** "███░░░ 3/6": a bar for actions that report done/total. */
export function progressBar(done: number, total: number, width: number): string {
  if (total <= 0 || width <= 0) return '';
  const filled = Math.round((Math.min(Math.max(done, 0), total) / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

export { wrapText } from '../core/wrapText';
