import type { ViewInputs } from './viewInputs';

/** How long a refusal of this cockpit's own confirmed change is said on the status line. */
const SAID_FOR_MS = 2 * 60_000;

/**
 * This responder's newest change, confirmed and then refused on a shared store (a teammate's was confirmed the same
 * moment and holds the target): said on the status line. The refused responder read a stale `ℹ resumed incident …`, the
 * refusal only a timeline row cut at 80 columns, the step showing the teammate's change.
 */
export function refusedHere(input: ViewInputs): string[] {
  if (input.present === undefined) return [];
  const mine = input.state.actions.filter((action) => action.plannedBy === input.responder).at(-1);
  const refused = mine?.status === 'cancelled' && mine.startedAt === undefined && mine.outcome?.startsWith('refused: ') === true;
  const at = mine?.finishedAt === undefined ? Number.NaN : Date.parse(mine.finishedAt);
  if (!refused || !(input.now.getTime() - at < SAID_FOR_MS)) return [];
  return [`your ${mine.name} (${mine.id}) was not run: ${mine.outcome!.slice('refused: '.length)}`];
}

/**
 * The actions a stopped cockpit left interrupted, not being checked again here: said while they are (it was said once at
 * open, and stood minutes after the check had passed).
 */
export function interruptedHere(input: ViewInputs): string[] {
  const left = [...input.interrupted].filter((id) => !input.awaitingLease?.has(id)).length;
  return left === 0 ? [] : [`${left} action(s) were interrupted when the cockpit stopped: check the provider, then re-run their verification`];
}
