import { SHORT_WINDOW_MS } from './burnRate';
import type { BurnEvidence } from './burnNow';
import { estimatedOnset } from './changeCorrelation';
import type { TriggerState } from './incidentState';
import type { TriggerRule } from './triggers';

/**
 * One trigger's evidence for the recommendation, its burns read through `burnOn`. `known`: the
 * trigger as an incident's timeline has it (when it first fired, and its windows then); without
 * it the burn is seen firing `now` (a snapshot of no incident), its start estimated from the
 * windows now. `notBefore`: the previous incident's resolve, before which nothing is dated.
 */
export function burnEvidenceOf(
  rule: TriggerRule,
  fired: boolean,
  burnOn: (windowMs: number) => number | null,
  at: { readonly now: number; readonly notBefore?: number; readonly known?: TriggerState },
): BurnEvidence {
  const { longMs, shortMs } = rule;
  const burn = {
    slo: rule.slo,
    fired,
    threshold: rule.burnRate,
    longMs,
    shortMs,
    longBurn: burnOn(longMs),
    shortBurn: burnOn(shortMs),
    // What the errors do now, when the SLO's shortest window is shorter than the trigger's own.
    ...(SHORT_WINDOW_MS < shortMs ? { newest: { windowMs: SHORT_WINDOW_MS, burn: burnOn(SHORT_WINDOW_MS) } } : {}),
  };
  const { known, now, notBefore } = at;
  if (known === undefined) return { ...burn, onsetAt: now, seenFiring: true, beganBy: estimatedOnset(now, burn, notBefore) };
  const firedAt = Date.parse(known.firstFiredAt);
  const first = known.firstBurns;
  return {
    ...burn,
    onsetAt: firedAt,
    ...(known.seenFiring ? { seenFiring: true } : {}),
    ...(first === undefined ? {} : { beganBy: estimatedOnset(firedAt, { longMs, shortMs, longBurn: first.long, shortBurn: first.short }, notBefore) }),
  };
}
