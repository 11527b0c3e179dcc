/**
 * What an action will do and whether it may: the plan's calls and the safety verdict, shown to
 * the responder before confirming (the plugin contract re-exports both).
 */

/** One concrete call the action will make, shown to the responder before confirming. */
export type PlannedCall =
  | { readonly kind: 'api'; readonly operation: string; readonly args: Readonly<Record<string, unknown>> }
  | { readonly kind: 'argv'; readonly argv: readonly string[]; readonly cwd?: string; readonly timeoutMs?: number }
  | { readonly kind: 'file'; readonly path: string; readonly change: string };

/**
 * `ok`: proceed after the usual confirmation. `typed`: risky (e.g. a version jump): the
 * responder must type the service name in full. `blocked`: refused unless the responder types
 * the override `phrase`; autopilot never overrides. `unsupported`: cannot be done through this
 * provider at all.
 */
export type SafetyVerdict =
  | { readonly level: 'ok'; readonly reasons: readonly string[] }
  /** `phrase`: what to type instead of the service name (a guessed rollback target, typed in full). */
  | { readonly level: 'typed'; readonly reasons: readonly string[]; readonly because?: readonly string[]; readonly phrase?: string }
  | { readonly level: 'blocked'; readonly reasons: readonly string[]; readonly phrase: string; readonly because?: readonly string[] }
  | { readonly level: 'unsupported'; readonly reasons: readonly string[] };

/**
 * The reasons that set a verdict's level (`because`: a contract migration blocks, a jump asks for
 * typing); the rest of `reasons` are checks that passed ("one revision back") and must never be
 * shown as blocking. A verdict recorded before `because` existed counts all its reasons.
 */
export function decidingReasons(verdict: SafetyVerdict): readonly string[] {
  return verdict.level === 'typed' || verdict.level === 'blocked' ? (verdict.because ?? verdict.reasons) : verdict.reasons;
}

/** The reasons that are facts that passed, not the ones that set the level. */
export function passedReasons(verdict: SafetyVerdict): readonly string[] {
  if (verdict.level !== 'typed' && verdict.level !== 'blocked') return [];
  const deciding = new Set(decidingReasons(verdict));
  return verdict.reasons.filter((r) => !deciding.has(r));
}

/** A revision known to have run on the workload, and how it is known: completes "checkout-api:41 ran here: …". */
export interface ProvenRevision {
  readonly revision: string;
  readonly why: string;
}

/** A revision a rollback must never pick on its own, and why. */
export interface KnownBadRevision {
  /** `family:N` as the provider names it. */
  readonly revision: string;
  /** Completes "checkout-api:42 is known bad: …": "rolled back to checkout-api:41 by alice (act-3) at 02:41Z". */
  readonly why: string;
  /**
   * Something rolled back from it (this incident, or the provider on its own): it ran and was
   * undone, so it is no version step between a target and the current revision.
   */
  readonly rolledBack?: boolean;
  /** The incident before this one rolled back from it (its id): said even while it is the current build again. */
  readonly earlierIncident?: string;
}

/**
 * What the session knows that a plan must respect. `avoid`: revisions a rollback must never pick
 * on its own (the plan may still go there when the runbook or the responder names one, but its
 * safety verdict then blocks it). `ranHere`: revisions the incident knows ran on the workload,
 * which a provider's history may no longer show (a target among them is no guess). `cleared`:
 * revisions the incident showed are not the burn's cause (it went on after a rollback left one,
 * and another change stopped it): a provider's own reading of a rollback from one (Kubernetes
 * sees `:43` run the build of `:41` and takes `:42` for rolled back from) gives way to it.
 */
export interface PlanContext {
  readonly avoid: readonly KnownBadRevision[];
  readonly ranHere?: readonly ProvenRevision[];
  readonly cleared?: readonly string[];
}

/** How to take a change back (`ActionRunner.undo`): another of the plugin's actions, planned afresh. */
export interface UndoAction {
  /** The plugin's action that does it (`set`, `rollback`). */
  readonly action: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** What it does, in words: "set checkout_v2 back to on", "deploy checkout-api:42 again". */
  readonly summary: string;
}

/**
 * A rollback is taken back by a rollback to the revision it left (ECS and Kubernetes both take an
 * explicit `target`), from the facts every rollback plan records.
 */
export function rollbackUndo(facts: Readonly<Record<string, unknown>>): UndoAction | undefined {
  const { currentRevision: left, targetRevision: to } = facts;
  if (typeof left !== 'string' || typeof to !== 'string' || left === to) return undefined;
  return { action: 'rollback', params: { target: left }, summary: `deploy ${left} again` };
}
