/** Durations as runbooks write them: `30s`, `5m`, `1h`, `30d`, or compounds such as `1h30m`. */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

export const DURATION_RE = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART_RE = /(\d+)(ms|s|m|h|d|w)/g;

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
