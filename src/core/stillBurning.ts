import { formatDuration, parseDuration } from './duration';

/** What `stillBurning` reads of an SLO: the panel's rows fit it as they are. */
export interface BurningSlo {
  readonly name: string;
  readonly windows: readonly { readonly window: string; readonly burnRate: number | null }[];
  readonly firedTriggers: readonly { readonly label: string }[];
}

/**
 * Why marking the incident mitigated or resolved now needs a reason, in words for the dialog
 * ("availability is burning 14.2x on 5m"), or undefined when nothing burns. The current burn is
 * the shortest window's: the long windows drain for an hour after a fix that worked, and must not
 * make every honest "mitigated" an override. A trigger still firing counts on its own where the
 * short window has no reading.
 */
export function stillBurning(slos: readonly BurningSlo[]): string | undefined {
  for (const slo of slos) {
    const shortest = [...slo.windows]
      .filter((w) => parseDuration(w.window) !== undefined)
      .sort((a, b) => parseDuration(a.window)! - parseDuration(b.window)!)[0];
    if (shortest?.burnRate != null && shortest.burnRate > 1) return `${slo.name} is burning ${shortest.burnRate.toFixed(1)}x on ${shortest.window}`;
    // Only where the short window tells nothing: a 6h+30m trigger still draining beside a 5m window
    // under 1x asked for a reason right after the screen had said to press m.
    const fired = slo.firedTriggers[0];
    if (fired !== undefined && shortest?.burnRate == null) return `${slo.name} has trigger ${fired.label} firing`;
  }
  return undefined;
}

/** How old the SLO's last reading may be, its provider failing since, for the burn to be taken as known. */
export const STALE_READING_MS = 60_000;

/**
 * Why the burn is not known, when the runbook has SLOs and their provider has given no reading, or
 * has not answered for a minute or more (the last reading that old): marking the incident mitigated
 * or resolved then takes a reason, as over a burn. A cockpit whose Prometheus never answered was
 * marked mitigated and resolved with one key each, nothing said; one whose Prometheus had stopped
 * 3 minutes before, on "the burn has stopped (5m 0.0x)" of then, while the errors were back.
 */
export function burnNotKnown(slos: { readonly data?: unknown; readonly status?: string; readonly ageMs?: number }, sloCount: number): string | undefined {
  if (sloCount === 0) return undefined;
  if (slos.data === undefined) return 'the burn is not known: the SLO provider has given no reading';
  if (slos.status === 'error' && (slos.ageMs ?? 0) >= STALE_READING_MS) return `the burn is not known now: the SLO provider has not answered for ${formatDuration(Math.floor(slos.ageMs! / 60_000) * 60_000)} (its last reading is that old)`;
  return undefined;
}
