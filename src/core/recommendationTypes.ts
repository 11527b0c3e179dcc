import type { BurnEvidence } from './burnNow';
import type { FlagChange } from './changeCorrelation';
import type { Deploy } from './deploys';
import type { ResponderAction } from './responderActions';
import type { RollbackPreview } from './rollbackPreview';

/** What the recommendation reads and says (core/recommendation.ts), and what its rules share. */

export interface RecommendationInput {
  readonly now: number;
  /** The firing triggers, and the cleared ones whose long window is still over the threshold. */
  readonly burns: readonly BurnEvidence[];
  readonly deploys: readonly Deploy[];
  readonly flagChanges: readonly FlagChange[];
  /** The provider's dry rollback plan; absent when nobody planned one yet. */
  readonly rollbackPreview?: RollbackPreview;
  readonly actions: readonly ResponderAction[];
  /** Changes the responder took back, and their undos (core/responderActions.ts): windows read after them date nothing. */
  readonly undone?: readonly ResponderAction[];
  /** Whether the incident was marked mitigated (or resolved): once the burn stops, an unmarked one is told how. */
  readonly marked?: boolean;
  /** Per SLO, its recent short-window (5m) burns, oldest first: what the burn was when a change was made. */
  readonly shortBurns?: ReadonlyMap<string, readonly { readonly at: number; readonly burn: number | null }[]>;
  /**
   * The changes the burn stopped after, by action id, with the others made within a 5m window of it
   * that the SLO cannot tell apart (core/burnWentOn.ts `stopped`): what "made together" names.
   */
  readonly stoppedWith?: ReadonlyMap<string, readonly string[]>;
  /** Changes made after the burn had stopped (core/burnWentOn.ts `afterTheStop`): not what the advice says stopped it. */
  readonly afterTheStop?: ReadonlySet<string>;
  /** The service's previous incident, resolved with its burn over (epoch ms): the changes made by then ran clean. */
  readonly previousIncident?: { readonly id: string; readonly resolvedAt: number };
}

export type RecommendationKind =
  | 'flag-kill-switch'
  | 'rollback'
  | 'rollback-blocked'
  /** The responder acted on the likely cause (or nothing was done and the errors stopped): the long windows drain. */
  | 'waiting-for-recovery'
  /** The responder acted on the likely cause, a short window ago, and the burn goes on. */
  | 'not-recovering'
  /** A change the responder made brought the burn back or made it worse: undo it before anything else. */
  | 'made-worse'
  | 'no-explaining-change';

export interface Recommendation {
  readonly kind: RecommendationKind;
  readonly slo: string;
  /** One line: what to do, and the one fact it rests on most. */
  readonly text: string;
  /** The flag a kill switch is recommended for: the flags panel shows it first. */
  readonly flag?: string;
  /** The rest of the evidence in words, most telling first; never empty. */
  readonly evidence: readonly string[];
  /**
   * A change of the responder's still in place is named as a cause (the burn rose after it): undo
   * it before anything else (`made-worse` always asks that). Set on `not-recovering` when it names one.
   */
  readonly undoFirst?: boolean;
  /** The responder's changes (action ids) the advice says to undo: a step that undoes one is named with it. */
  readonly undoes?: readonly string[];
  /**
   * On `made-worse`: the change the burn began with, before the responder's made it worse (a
   * rollback from that revision, or a change of that flag, is the other half of the way out).
   */
  readonly beganWith?: { readonly revision: string } | { readonly flag: string };
  /** The key the text names for the responder to press (`· m mitigated`): the footer keeps it in view. */
  readonly asks?: 'mitigated';
  /** On `waiting-for-recovery`: the burn has not stopped yet, it is waited on to fall. */
  readonly falling?: true;
}

/** What every rule of the recommendation reads of one SLO's burn. */
export interface RecommendationContext {
  readonly input: RecommendationInput;
  readonly slo: string;
  readonly burns: readonly BurnEvidence[];
  readonly burnLines: readonly string[];
}
