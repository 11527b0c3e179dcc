import { argvText } from './argvText';
import type { OpenedStep } from './events';

export interface RunbookMatchRequest {
  /** The steps as the incident recorded them when it was opened, and the runbook it was opened with. */
  readonly recorded: readonly OpenedStep[];
  readonly recordedRunbook?: string;
  /** The steps of the runbook given now. */
  readonly steps: readonly OpenedStep[];
  readonly runbookPath: string;
  readonly incidentId: string;
  readonly command: 'open' | 'drill';
  readonly storeArgs?: readonly string[];
  /** The runbook given is the file the incident was opened with: its steps were edited since. */
  readonly sameFile?: boolean;
  /** A watch: it cannot start another incident (`--new` with `--read-only` is refused). */
  readonly readOnly?: boolean;
}

/**
 * Why an incident may not be resumed with this runbook: its steps (id, title, phase) are not the
 * ones the incident recorded. Resumed with another runbook of the same service, a step read "Roll
 * the Rollout back (kubectl argo rollouts undo)" over a plan of the Deployment's (`kubectl rollout
 * undo`), and its hint was the other runbook's. Undefined when they match (a runbook edited in
 * its commands, not its steps, resumes as before).
 */
export function runbookMismatch(request: RunbookMatchRequest): string | undefined {
  const { recorded, steps } = request;
  // A log that recorded no steps (opened by a tool, not a cockpit) has nothing to compare.
  if (recorded.length === 0) return undefined;
  const at = Array.from({ length: Math.max(recorded.length, steps.length) }, (_, i) => i).find((i) => !sameStep(recorded[i], steps[i]));
  if (at === undefined) return undefined;
  const title = (step: OpenedStep | undefined) => (step === undefined ? 'none' : `"${step.title}"`);
  const other = request.command === 'open' && request.readOnly !== true ? ', or start another with --new' : '';
  const where = `step ${at + 1}: ${title(recorded[at])} then, ${title(steps[at])} now`;
  if (request.sameFile) return `${request.runbookPath} has other steps than when incident ${request.incidentId} was opened (${where}): put them back to resume it${other}`;
  const opened = request.recordedRunbook ?? 'another runbook';
  // A drill is watched with `open --read-only` (drill has no --read-only): it said `cockpit drill … --read-only`.
  const command = request.readOnly === true ? 'open' : request.command;
  const resume = request.recordedRunbook === undefined ? 'resume it with the runbook it was opened with' : `resume it with the runbook it was opened with (\`${argvText(['cockpit', command, request.recordedRunbook, '--incident', request.incidentId, ...(request.readOnly === true ? ['--read-only'] : []), ...(request.storeArgs ?? [])])}\`)`;
  return `incident ${request.incidentId} was opened with ${opened}, whose steps are not ${request.runbookPath}'s (step ${at + 1}: ${title(recorded[at])} there, ${title(steps[at])} here): ${resume}${other}`;
}

function sameStep(a: OpenedStep | undefined, b: OpenedStep | undefined): boolean {
  return a !== undefined && b !== undefined && a.id === b.id && a.title === b.title && a.phase === b.phase;
}
