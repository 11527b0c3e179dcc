import { burnRate, SHORT_WINDOW_MS } from './burnRate';
import type { StoredEvent } from './events';

/**
 * The first 5m reading at 1x or more recorded after event `afterSeq`, on any SLO: the burn back
 * after the recovery checks passed. A drill whose kill switch, turned after the checks passed,
 * brought a 20x burn back for ten minutes was reported "RECOVERED · Recovery checks passed ·
 * Recovery: 17m33s (met)". Pure.
 */
export function burnCameBack(events: readonly StoredEvent[], afterSeq: number): { readonly at: string; readonly burn: number } | undefined {
  for (const event of events) {
    if (event.seq <= afterSeq || event.kind !== 'slo.observed' || event.data.windowMs !== SHORT_WINDOW_MS) continue;
    const burn = burnRate(event.data.errorRatio, event.data.objective);
    if (burn !== null && burn >= 1) return { at: event.at, burn };
  }
  return undefined;
}

/** The first 5m sample at 1x or more after `since` (ms): a recovery check passed before it no longer says the service recovered. */
export function burnBackSince(samples: readonly { readonly at: number; readonly burn: number | null }[], since: number): { readonly at: number; readonly burn: number } | undefined {
  const back = samples.find((s) => s.at > since && s.burn !== null && s.burn >= 1);
  return back === undefined ? undefined : { at: back.at, burn: back.burn! };
}
