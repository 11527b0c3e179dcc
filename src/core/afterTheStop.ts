import { judgeRollbacks } from './burnWentOn';
import { addShortBurn, type BurnSamples } from './changeWindow';
import type { StoredEvent } from './events';
import { fold } from './incident';

/** Each SLO's 5m burn as the timeline recorded it: what the screen judged the responders' changes by. */
export function shortBurnsOf(events: Iterable<StoredEvent>): BurnSamples {
  const burns = new Map<string, { at: number; burn: number | null }[]>();
  for (const e of events) addShortBurn(burns, e);
  return burns;
}


/** The responders' changes made after the burn had stopped (core/burnWentOn.ts): none of them is what stopped it. */
export function changesAfterTheStop(events: readonly StoredEvent[]): ReadonlySet<string> {
  const folded = fold(events);
  return folded.ok ? judgeRollbacks(folded.state.actions, shortBurnsOf(events)).afterTheStop : new Set();
}
