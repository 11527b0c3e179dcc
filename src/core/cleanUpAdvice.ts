import { revisionAs } from './actionWords';
import { shortRevision } from './changeCorrelation';
import type { Deploy } from './deploys';
import type { ActionState } from './incidentState';
import { runningAs } from './responderActions';
import type { Recommendation } from './recommendationTypes';

/**
 * While the burn falls after the change that stopped it, the advice names the rollback it showed
 * needless (core/openEnds.ts `needlessRollback`) and asks for its undo, which the runbook panel's
 * `U` does: after bad-flag's wrong rollback and the kill switch, the advice said only "the burn has
 * stopped · m mitigated", and the older build was left running until the resolve dialog's list. So does a rollback made
 * after the burn had stopped (`late`, core/openEnds.ts `lateRollback`).
 */
export function withCleanUp(advice: readonly Recommendation[], needless: ActionState | undefined, deploys: readonly Deploy[] = [], late?: ActionState, needlessFlag?: ActionState): Recommendation[] {
  const rollback = needless ?? late;
  const from = rollback?.facts?.currentRevision;
  const to = rollback?.facts?.targetRevision;
  const at = advice.findIndex((r) => r.kind === 'waiting-for-recovery' && r.undoes === undefined);
  if (rollback === undefined || typeof from !== 'string' || typeof to !== 'string') return needlessFlag === undefined ? [...advice] : withFlagCleanUp(advice, at, needlessFlag);
  // Where its build runs as a newer revision (Kubernetes: `:41 (as :43)`), as the deploys panel lists it.
  const target = revisionAs(to, runningAs(to, deploys));
  // Made after the burn had stopped (`late`): the advice named the rollback before it, while this one's build ran.
  const why = needless !== undefined ? `was likely needless (${shortRevision(from)} not the cause)` : `came after the burn had stopped (${shortRevision(from)} had run clean)`;
  return advice.map((r, index) => (index !== at ? r : { ...r, text: `${r.text} · the rollback to ${target} ${why}: undo it, or leave it as a follow-up`, undoes: [rollback.id] }));
}

/**
 * A kill switch the burn went on after, still set, once a later change stopped it (core/openEnds.ts `needlessFlagChange`):
 * the drill report asked `set instant_payouts back to on?`, and the undo's dialog said it was not the recommended change.
 */
function withFlagCleanUp(advice: readonly Recommendation[], at: number, change: ActionState): Recommendation[] {
  const { flag, before, after } = change.facts as { flag: string; before?: unknown; after?: unknown };
  const value = (v: unknown) => (typeof v === 'string' ? v : 'its code default');
  const text = ` · ${flag} set to ${value(after)} likely did not help (the burn went on after it): set it back to ${value(before)}, or leave it as a follow-up`;
  return advice.map((r, index) => (index !== at ? r : { ...r, text: `${r.text}${text}`, undoes: [change.id] }));
}
