/**
 * Which SLO windows hold less data than their length (a Prometheus started minutes ago answers a
 * 6h window over those minutes), said once after the windows: "(30m, 1h, 6h: 10m of data)".
 */

/** How much data a window of `windowMs` holds at `now`, when the SLO's data began (surely by) `since` and that is less than the window. */
export function windowDataMs(windowMs: number, now: number, since: number | undefined): number | undefined {
  return since !== undefined && now - since < windowMs ? Math.max(0, now - since) : undefined;
}

interface WindowBurn {
  readonly window: string;
  readonly burnRate: number | null;
  readonly dataMs?: number;
}

/** "5m 16.2x  30m 15.0x  …", then the note when a window is not full; `burn` and `duration` word them as the caller does. */
export function windowsLine(windows: readonly WindowBurn[], burn: (rate: number | null) => string, duration: (ms: number) => string): string {
  const burns = windows.map((w) => `${w.window} ${burn(w.burnRate)}`).join('  ');
  const partial = windows.filter((w) => w.dataMs !== undefined);
  return partial.length === 0 ? burns : `${burns}  (${partial.map((w) => w.window).join(', ')}: ${duration(partial[0]!.dataMs!)} of data)`;
}
