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
 * stopped · m mitigated", and the older build was left running until the resolve dialog's list.
 */
export function withCleanUp(advice: readonly Recommendation[], needless: ActionState | undefined, deploys: readonly Deploy[] = []): Recommendation[] {
  const from = needless?.facts?.currentRevision;
  const to = needless?.facts?.targetRevision;
  if (needless === undefined || typeof from !== 'string' || typeof to !== 'string') return [...advice];
  const at = advice.findIndex((r) => r.kind === 'waiting-for-recovery' && r.undoes === undefined);
  // Where its build runs as a newer revision (Kubernetes: `:41 (as :43)`), as the deploys panel lists it.
  const target = revisionAs(to, runningAs(to, deploys));
  return advice.map((r, index) =>
    index !== at ? r : { ...r, text: `${r.text} · the rollback to ${target} was likely needless (${shortRevision(from)} not the cause): undo it, or leave it as a follow-up`, undoes: [needless.id] },
  );
}
