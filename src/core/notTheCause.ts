import { judgeRollbacks, leftClean, type BurnSamples } from './burnWentOn';
import type { IncidentState } from './incidentState';
import { clearedRevisions, ranCleanRevisions, revisionRunningAt, rolledBackFrom } from './knownBad';

/**
 * The revisions rolled back from that the burn cleared, or that ran clean, as the burn judges the incident now; with the
 * burn over (`stopped`), the one that runs again at the end too. The resolve records them (irreversible-migration played
 * with a forced rollback, its undo and the kill switch left `rolledBackFrom: [":42"]` for the next incident, :42 running
 * clean at the resolve); the JSON export of an incident not resolved leaves them out of `rolledBackFrom` as the screen
 * does (`↶ :42 not the cause`).
 */
export function notTheCauseNow(state: IncidentState, burns: BurnSamples, stopped: boolean): string[] {
  const judged = judgeRollbacks(state.actions, burns);
  const running = stopped ? revisionRunningAt(state, state.lastAt) : undefined;
  const clear = new Set([...clearedRevisions(state, judged.cleared), ...ranCleanRevisions(state, leftClean(judged)), ...(running === undefined ? [] : [running])]);
  return rolledBackFrom(state).filter((revision) => clear.has(revision));
}
