import type { IncidentMode } from './events';
import { decidingReasons, type SafetyVerdict } from './actions';

/** What stands between a planned action and its execution. */
export type Gate =
  | { readonly kind: 'none' }
  | { readonly kind: 'confirm' }
  /**
   * `override`: typing the phrase overrides a safety block (autopilot never does). `beyondBlock`: of
   * an override's reason, what the block's own reasons do not say (the undo's "the burn stopped after
   * act-1"), for a dialog that lists those reasons above the phrase and is short of room.
   */
  | { readonly kind: 'typed'; readonly phrase: string; readonly reason: string; readonly override: boolean; readonly beyondBlock?: string }
  | { readonly kind: 'refused'; readonly reason: string };

export interface GateInput {
  readonly verdict: SafetyVerdict;
  readonly mutating: boolean;
  readonly dangerous: boolean;
  /** The runbook step says `confirm: true`. */
  readonly stepConfirm: boolean;
  readonly mode: IncidentMode;
  readonly providerKey: string;
  /** The provider is marked `drill_target` (a staging target) for this environment. */
  readonly drillTarget: boolean;
  readonly service: string;
  /** The plan runs a command on this machine (an argv call), not a provider call. */
  readonly runsCommand: boolean;
  /**
   * The step's action already ran in this incident: running it again is a new decision, made by
   * typing `phrase` (for a rollback, the target revision: chosen on purpose, not by default). Or an
   * undo of a change the burn stopped after. `reason`: why, without what to type.
   */
  readonly repeat?: { readonly phrase: string; readonly reason: string };
}

/**
 * Decides how an action must be confirmed. Order matters: what cannot be done at all is refused
 * first; a safety phrase (version jump, override of a block) outranks the production rule.
 */
export function actionGate(input: GateInput): Gate {
  const { verdict } = input;
  if (verdict.level === 'unsupported') return { kind: 'refused', reason: verdict.reasons.join('; ') || 'not supported by this provider' };
  if (input.mode === 'drill-real' && input.mutating && !input.drillTarget) {
    return {
      kind: 'refused',
      reason: `this is a drill on real providers and \`${input.providerKey}\` is not a drill target: mark it \`drill_target: true\` in the environment you rehearse against (e.g. staging)`,
    };
  }
  // Only what blocks (or is risky) is said as the reason to type; the checks that passed are not.
  // A block's phrase is the one typed; why the step or undo asked for typing is said too (the undo of a rollback the
  // burn stopped after was blocked as "known bad: rolled back to :41 (act-1)", the change undone as its own evidence).
  if (verdict.level === 'blocked') {
    const reason = [`blocked: ${decidingReasons(verdict).join('; ')}`, ...(input.repeat ? [input.repeat.reason] : [])].join('; ');
    return { kind: 'typed', phrase: verdict.phrase, reason, override: true, ...(input.repeat ? { beyondBlock: input.repeat.reason } : {}) };
  }
  const risky = verdict.level === 'typed' ? decidingReasons(verdict) : [];
  if (input.repeat) return { kind: 'typed', phrase: input.repeat.phrase, reason: [`${input.repeat.reason}; type ${input.repeat.phrase} to make it`, ...risky].join('; '), override: false };
  // A risky action (a version jump, or anything dangerous in production) needs the service name typed in full (a guessed target: the target).
  if (verdict.level === 'typed') return { kind: 'typed', phrase: verdict.phrase ?? input.service, reason: risky.join('; '), override: false };
  if (input.mode === 'incident' && input.dangerous) {
    return { kind: 'typed', phrase: input.service, reason: 'dangerous action on a live incident', override: false };
  }
  if (input.mutating || input.stepConfirm) return { kind: 'confirm' };
  // A sandbox drill sandboxes its providers, not the runbook's commands: a command step (a
  // read-only check too) runs on this machine only once the responder has read so in its
  // confirmation, since everything else on the screen says nothing real is touched.
  if (input.mode === 'drill-sandbox' && input.runsCommand) return { kind: 'confirm' };
  return { kind: 'none' };
}

/** What `action.confirmed` records of a typed gate: the override of a block, or why the phrase was asked where no block was. */
export function typedGate(gate: Gate): { readonly override?: true; readonly typedBecause?: string } {
  if (gate.kind !== 'typed') return {};
  if (gate.override) return { override: true };
  return gate.reason === '' ? {} : { typedBecause: gate.reason };
}
