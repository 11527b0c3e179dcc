import type { Role } from '../core/events';
import type { Severity } from '../runbook/schema';
import type { CockpitView } from './viewModel';

/** Everything a responder can ask of the session. The TUI, the autopilot and tests dispatch these. */
export type Intent =
  | { readonly type: 'step.start'; readonly step: string }
  /**
   * On a `verify:` step this overrides its check, and `reason` is required (recorded with `override: true`);
   * on a step whose action has not succeeded `reason` is required too (recorded with `manual: true`).
   */
  | { readonly type: 'step.complete'; readonly step: string; readonly reason?: string }
  | { readonly type: 'step.skip'; readonly step: string; readonly reason: string }
  /** Plans the step's `run:` action and puts its confirmation up (or runs it when none is needed). */
  | { readonly type: 'step.run'; readonly step: string }
  /** Re-runs the verification of an action interrupted by a crash. */
  | { readonly type: 'action.reverify'; readonly action: string }
  /** Takes back the change the action made: the plugin's reverse action, planned and confirmed as a change of its own. */
  | { readonly type: 'action.undo'; readonly action: string }
  /** `typed`: what the responder typed when the confirmation asks for a phrase. */
  | { readonly type: 'confirm'; readonly action: string; readonly typed?: string }
  /** Declines a pending confirmation, or cancels a running action. */
  | { readonly type: 'cancel'; readonly action: string }
  /** Stops watching a step's verification (it ends failed). */
  | { readonly type: 'step.cancel'; readonly step: string }
  | { readonly type: 'note'; readonly text: string }
  | { readonly type: 'role.assign'; readonly role: Role; readonly person: string }
  | { readonly type: 'severity.change'; readonly to: Severity; readonly reason?: string }
  /** A status update was posted; without `channel`, the runbook's `communication.channel`. */
  | { readonly type: 'comms.sent'; readonly channel?: string; readonly message: string }
  /** `reason` is required while an SLO still burns (the view's `incident.burning` says which). */
  | { readonly type: 'incident.mitigated'; readonly summary?: string; readonly reason?: string }
  | { readonly type: 'incident.resolved'; readonly summary?: string; readonly reason?: string }
  /** Takes back a mistaken mitigated or resolved, saying why. */
  | { readonly type: 'incident.reopen'; readonly reason: string }
  | { readonly type: 'quit' };

/** Why an intent was refused, in words for the responder ("another cockpit holds this incident"). */
export type IntentResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function refuse(reason: string): IntentResult {
  return { ok: false, reason };
}

/**
 * The controller the UI talks to: no provider, store or plugin is reachable except through it.
 * Its methods may be called unbound (passed to React hooks as they are).
 */
export interface SessionController {
  view(): CockpitView;
  subscribe(listener: (view: CockpitView) => void): () => void;
  dispatch(intent: Intent): Promise<IntentResult>;
}
