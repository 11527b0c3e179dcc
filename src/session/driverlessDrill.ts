import { argvText } from '../core/argvText';
import { incidentStatus } from '../core/incident';
import type { ViewInputs } from './viewInputs';

/** Whether `responder`'s writing cockpit has left the incident, as the shared store's presence board says. */
export const gone = (input: ViewInputs, responder: string) => input.presenceKnown === true && !(input.present ?? []).some((p) => p.responder === responder && !p.readOnly);

/**
 * A watch of a sandbox drill nobody drives: its world lives in the drill's cockpit, gone with it (killed, or quit with
 * the drill open). The watchers read `⟳ RUNNING` and a frozen clock, and nothing said why.
 */
export function driverlessDrill(input: ViewInputs): string[] {
  if (!input.watchOnly || input.presenceKnown !== true || (input.present ?? []).some((p) => !p.readOnly) || incidentStatus(input.state) === 'resolved') return [];
  const resume = input.runbookPath === undefined ? '' : `; \`${argvText(['cockpit', 'drill', input.runbookPath, '--incident', input.state.id])}\` (with this --store) resumes it`;
  return [`nobody drives this drill now: its cockpit stopped or quit, and its world with it${resume}`];
}
