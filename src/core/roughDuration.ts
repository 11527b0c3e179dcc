const MINUTE = 60_000;

/**
 * An age as a responder says it: `40s`, `56m`, `5h30m`, `3h`, `6d`. Whole units passed, as the
 * panels count ages (a flag "changed 58m ago" in its panel was "59m ago" in the recommendation).
 */
export function roughDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.max(0, Math.floor(ms / 1000))}s`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24) return rest === 0 || hours >= 6 ? `${hours}h` : `${hours}h${rest}m`;
  return `${Math.floor(hours / 24)}d`;
}
