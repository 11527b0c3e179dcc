import type { PlannedCall, SafetyVerdict } from './actions';
import { abortInsteadOfRollback } from './argoAbort';
import { type GitOpsOwner, gitOpsWarning } from './gitOpsOwnership';
import type { KnownBadRevision } from './knownBad';

/**
 * Rollback safety rules, independent of any provider. A rollback is judged on what ran between
 * the target and the current revision: a version jump asks for a typed confirmation, a contract
 * (destructive) migration the target cannot live with blocks it, and a deployment controller the
 * provider cannot drive makes it unsupported.
 */

export interface RevisionRan {
  /** `checkout-api:42` */
  readonly revision: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Deployed and rolled back again: its migrations may have run, but it is no version step. */
  readonly rolledBack?: boolean;
}

export interface RollbackSafetyInput {
  readonly current: string;
  readonly target: string;
  /** Revisions deployed after the target up to and including the current one, oldest first. */
  readonly between: readonly RevisionRan[];
  /** ECS's deployment controller (`ECS`, `CODE_DEPLOY`, `EXTERNAL`); other providers leave it out. */
  readonly deploymentController?: string;
  /** Revisions the incident or the provider knows to be bad: going back to one is blocked. */
  readonly knownBad?: readonly KnownBadRevision[];
  /**
   * A GitOps controller that owns the workload (`workload` names it): it will revert the rollback,
   * so the verdict warns first with what to do instead, and asks for the typed confirmation.
   */
  readonly gitOps?: { readonly owner: GitOpsOwner; readonly workload: string };
  /**
   * Why the target is not known to work here (the provider's history never shows it deployed
   * successfully on this workload): a guess is confirmed by typing, with this said.
   */
  readonly unproven?: string;
  /**
   * How the incident knows the target ran here when the provider's history does not show it
   * ("inc-… rolled back to it, and was resolved at 09:39Z with its burn over"): said, no guess.
   */
  readonly ranHere?: string;
  /** The plan's calls: one that aborts an Argo Rollout instead of undoing it makes the rollback unsupported. */
  readonly calls?: readonly PlannedCall[];
  /**
   * The target is a newer build than the current one (the undo of a rollback): no revision is
   * stepped back over (an undo to :42 from :41 read "one revision back").
   */
  readonly forward?: boolean;
  /** The revision whose build `current` runs, when it is an older one's (a Kubernetes ReplicaSet reused). */
  readonly currentBuild?: string;
}

/** What to type to go onto a known-bad revision anyway; an undo of a rollback goes forward onto it, and says so. */
export function knownBadPhrase(revision: string, forward = false): string {
  return `roll ${forward ? 'forward' : 'back'} to known-bad ${revision}`;
}

/** `migration` values that drop or rewrite what older revisions read. */
const IRREVERSIBLE_MIGRATIONS = new Set(['contract', 'destructive']);

const CONTROLLER_REASONS: Readonly<Record<string, string>> = {
  CODE_DEPLOY:
    'the service uses the CODE_DEPLOY deployment controller: its task definition cannot be changed through ECS; roll back with a CodeDeploy deployment',
  EXTERNAL:
    'the service uses the EXTERNAL deployment controller: its task sets are managed by an external tool; roll back there',
};

function isIrreversible(labels: Readonly<Record<string, string>>): boolean {
  const migration = labels.migration?.trim().toLowerCase();
  const destructive = labels.destructive?.trim().toLowerCase();
  return (migration !== undefined && IRREVERSIBLE_MIGRATIONS.has(migration)) || (destructive !== undefined && destructive !== 'false');
}

/** "an expand_only migration", "a contract migration". */
const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

export function overridePhrase(revision: string): string {
  return `override migration ${revision}`;
}

/**
 * The distinct revisions a rollback steps back over, and those it does not count: a revision that
 * was rolled back (by the provider, or by this incident: it ran and was undone) is no version
 * step. The current revision always is one, even when a rollback re-deployed it (ECS runs :41
 * again; Kubernetes calls the same template revision 43): from :41 back to :40 is one revision,
 * whatever the table's rows of :42 and the older :41 say.
 */
function versionSteps(input: RollbackSafetyInput): { steps: string[]; undone: string[] } {
  const rolledBackFrom = new Set((input.knownBad ?? []).filter((k) => k.rolledBack).map((k) => k.revision));
  const distinct = [...new Map(input.between.map((step) => [step.revision, step])).values()];
  const isStep = (step: RevisionRan) => step.revision === input.current || (!step.rolledBack && !rolledBackFrom.has(step.revision));
  return { steps: distinct.filter(isStep).map((s) => s.revision), undone: distinct.filter((s) => !isStep(s)).map((s) => s.revision) };
}

export function rollbackSafety(input: RollbackSafetyInput): SafetyVerdict {
  const controllerReason = input.deploymentController && CONTROLLER_REASONS[input.deploymentController];
  if (controllerReason) return { level: 'unsupported', reasons: [controllerReason] };
  const abort = abortInsteadOfRollback(input.calls ?? []);
  if (abort) return { level: 'unsupported', reasons: [abort] };
  if (input.current === input.target) {
    return { level: 'unsupported', reasons: [`${input.target} is already the current revision: there is nothing to roll back`] };
  }

  const reasons: string[] = [];
  const irreversible = input.between.filter((step) => isIrreversible(step.labels));
  const irreversibleReasons = irreversible.map((step) => {
    const what = step.labels.migration ? `${article(step.labels.migration)} ${step.labels.migration} migration` : 'a destructive change';
    return `${step.revision} ran ${what}: ${input.target} is likely to fail against the data it left behind`;
  });
  reasons.push(...irreversibleReasons);
  for (const step of input.between.filter((s) => !isIrreversible(s.labels) && s.labels.migration && s.labels.migration !== 'none')) {
    reasons.push(`${step.revision} ran ${article(step.labels.migration!)} ${step.labels.migration} migration, which ${input.target} tolerates`);
  }

  const { steps, undone } = versionSteps(input);
  const skipped = undone.length === 0 ? '' : ` (${undone.join(', ')} ${undone.length === 1 ? 'was' : 'were'} rolled back: no version step)`;
  const jump = input.forward === true ? 0 : steps.length;
  // Said next to the plan's "current → target", so it never repeats the arrow: it says how far.
  const jumpReason =
    input.forward === true
      ? `forward to a newer build than ${input.currentBuild === undefined ? input.current : `${input.currentBuild} (as ${input.current})`}`
      : jump > 1
        ? `${jump} revisions back (${steps.join(', ')} ran since ${input.target}): a multi-version jump${skipped}`
        : `one revision back${skipped}`;
  reasons.unshift(jumpReason);
  // Why "previous" is not the revision before the current one: a known-bad one between is passed over.
  const passedOver = (input.knownBad ?? []).filter((k) => k.revision !== input.current && k.revision !== input.target && input.between.some((s) => s.revision === k.revision));
  // One rolled back from is said as what was done: "known bad" beside "not shown to be the cause" (a rollback that made it worse) read as a contradiction.
  const passed = (k: KnownBadRevision) => `passes over ${k.revision}, ${k.rolledBack ? '' : 'known bad: '}${k.why}`;
  reasons.splice(1, 0, ...passedOver.map(passed), ...(input.ranHere ? [`${input.target} ran here: ${input.ranHere}`] : []));

  const gitOps = input.gitOps ? gitOpsWarning(input.gitOps.owner, input.gitOps.workload) : undefined;
  if (input.unproven) reasons.unshift(input.unproven);
  if (gitOps) reasons.unshift(gitOps);
  // What asks for typing: a jump, a GitOps owner, a target not known to have run. Only these are said as the reason to type.
  const risky = [...(gitOps ? [gitOps] : []), ...(input.unproven ? [input.unproven] : []), ...(jump > 1 ? [jumpReason] : [])];

  const bad = input.knownBad?.find((k) => k.revision === input.target);
  if (bad) {
    const badReason = `${input.target} is known bad: ${bad.why}`;
    reasons.unshift(badReason);
    return { level: 'blocked', reasons, phrase: knownBadPhrase(input.target, input.forward === true), because: [badReason, ...irreversibleReasons, ...risky] };
  }
  // What would ask for typing on its own still stands beside a block: it is no check that passed.
  const newestIrreversible = irreversible.at(-1);
  if (newestIrreversible) return { level: 'blocked', reasons, phrase: overridePhrase(newestIrreversible.revision), because: [...irreversibleReasons, ...risky] };
  // A guessed target is typed in full: the service's name would not show the revision was read.
  if (risky.length > 0) return { level: 'typed', reasons, because: risky, ...(input.unproven ? { phrase: input.target } : {}) };
  return { level: 'ok', reasons };
}
