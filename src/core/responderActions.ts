import { judgedBy } from './burnWentOn';
import type { Deploy } from './deploys';
import type { ActionState } from './incident';
import { tookNothingBack } from './undo';

/**
 * What the responder already did about the burn, read from the incident's actions: the rollbacks
 * and flag changes that ran, by the facts their plans recorded (plugins/ecs/rollbackPlan.ts,
 * plugins/flagd/actions.ts). Read by shape, not by action name, so any plugin recording the same
 * facts is understood.
 */

/**
 * `running`: executing; `done`: executed, its check not answered yet; `unwatched`: executed, and
 * nothing watches it (its check was given up); `verified`/`unverified`: the check's answer.
 */
export type ResponderActionStatus = 'running' | 'done' | 'unwatched' | 'verified' | 'unverified';

export type ResponderAction = ({
  /** The action's id on the timeline (`act-2`): what an undo names. */
  readonly id: string;
  /** Of an undo: the change it took back. */
  readonly undoes?: string;
} & (
  | {
      readonly kind: 'rollback';
      /** The revision rolled back from (`checkout-api:42`): known bad from now on. */
      readonly from: string;
      readonly to: string;
      readonly status: ResponderActionStatus;
      /** ms since the epoch it started executing. */
      readonly startedAt: number;
      /** ms since the epoch it finished, or started while running. */
      readonly at: number;
      /** ms since the epoch from which the 5m burn tells whether it stopped the burn (core/burnWentOn.ts `judgedBy`). */
      readonly judgedBy: number;
      /** Run although its safety check blocked it (a typed override). */
      readonly forced?: boolean;
      /** It took back an earlier change of the responder's (core/undo.ts). */
      readonly undo?: true;
      /** The revision `to`'s build runs as now, where the platform deployed it anew (Kubernetes: :41's build as :43). */
      readonly runsAs?: string;
    }
  | { readonly kind: 'flag'; readonly flag: string; readonly after: string | null; readonly status: ResponderActionStatus; readonly startedAt: number; readonly at: number; readonly undo?: true }
));

const VERIFIED_AS = { passed: 'verified', failed: 'unverified', unwatched: 'unwatched' } as const satisfies Record<NonNullable<ActionState['verification']>['outcome'], ResponderActionStatus>;

function statusOf(action: ActionState): ResponderActionStatus | undefined {
  if (action.status === 'running') return 'running';
  if (action.status !== 'succeeded') return undefined;
  if (action.verification === undefined) return 'done';
  return VERIFIED_AS[action.verification.outcome];
}

/**
 * Actions that ran or are running, in the order they were planned; failed and cancelled ones
 * changed nothing. A change taken back (its undo runs or ran) is gone, and so is its undo once
 * checked: the world is as before them (the advice said "undo it: set checkout_v2 back" beside the
 * flag set back, and passed the rollback over as if a mitigation had worked).
 */
export function responderActions(actions: readonly ActionState[]): ResponderAction[] {
  const gone = takenBack(actions);
  return madeChanges(actions).filter((action) => !gone.has(action.id));
}

/**
 * The changes taken back, and their undos once checked (not one nobody watched to its end): gone from what the advice answers to, but
 * the windows read after them still hold what they did (dated by them, a burn that began after a
 * deploy read "no deploy or flag change in the 2h before the burn began").
 */
export function undoneActions(actions: readonly ActionState[]): ResponderAction[] {
  const gone = takenBack(actions);
  return madeChanges(actions).filter((action) => gone.has(action.id));
}

/** The change `action` made, as the responder's, whether or not it was taken back or is an undo. */
export function changeOf(action: ActionState): ResponderAction | undefined {
  return madeChanges([action])[0];
}

/**
 * An undo that took nothing back (Argo aborted it, core/undo.ts) is gone itself, and the change it was to undo stands:
 * taken for gone with it, the advice went from the screen for 20 minutes of a rollback that still ran.
 */
function takenBack(actions: readonly ActionState[]): ReadonlySet<string> {
  const undos = actions.filter((a) => a.undoes !== undefined && (a.status === 'running' || a.status === 'succeeded'));
  // An undo nobody watched to its end is not over: the advice forgot it while the bad build rolled out again.
  const checked = (undo: ActionState) => undo.verification !== undefined && undo.verification.outcome !== 'unwatched';
  return new Set([...undos.filter((a) => !tookNothingBack(a)).map((a) => a.undoes!), ...undos.filter(checked).map((a) => a.id)]);
}

function madeChanges(actions: readonly ActionState[]): ResponderAction[] {
  return actions.flatMap((action): ResponderAction[] => {
    const status = statusOf(action);
    const facts = action.facts;
    if (status === undefined || facts === undefined) return [];
    const startedAt = Date.parse(action.startedAt ?? action.plannedAt);
    const at = Date.parse(action.finishedAt ?? action.startedAt ?? action.plannedAt);
    const undo = action.undoes === undefined ? {} : { undo: true as const, undoes: action.undoes };
    const { id } = action;
    if (typeof facts.currentRevision === 'string' && typeof facts.targetRevision === 'string') {
      return [{ id, kind: 'rollback', from: facts.currentRevision, to: facts.targetRevision, status, startedAt, at, judgedBy: judgedBy(action), ...(action.safety?.level === 'blocked' ? { forced: true } : {}), ...undo }];
    }
    if (typeof facts.flag === 'string' && (typeof facts.after === 'string' || facts.after === null)) {
      return [{ id, kind: 'flag', flag: facts.flag, after: facts.after, status, startedAt, at, ...undo }];
    }
    return [];
  });
}

/**
 * The rollbacks whose target has no deploy of its own but runs as a newer revision of the same build
 * (Kubernetes reuses the ReplicaSet: after a rollback to :41 the deploys list :43, and no :41), with
 * that revision: the advice said `Rolled back to :41` beside a panel whose current row was :43.
 */
export function withRunningRevisions(actions: readonly ResponderAction[], deploys: readonly Deploy[]): ResponderAction[] {
  return actions.map((action) => {
    const runsAs = action.kind === 'rollback' ? runningAs(action.to, deploys) : undefined;
    return runsAs === undefined ? action : { ...action, runsAs };
  });
}

/** The newer revision `revision`'s build runs as, where the deploys no longer list `revision` itself. */
export function runningAs(revision: string, deploys: readonly Pick<Deploy, 'revision' | 'formerRevisions'>[]): string | undefined {
  if (deploys.some((d) => d.revision === revision)) return undefined;
  return deploys.find((d) => d.formerRevisions?.includes(revision))?.revision;
}
