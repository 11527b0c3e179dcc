import type { PlanContext, ProvenRevision } from './actions';
import { judgeRollbacks, leftClean, madeItWorse, type BurnSamples, type RollbackJudgement } from './burnWentOn';
import type { EarlierBad, PreviousIncident } from './events';
import type { IncidentState } from './incident';
import { badInEarlierIncidents, badInPreviousIncident, clearedRevisions, knownBadRevisions, rollbacksMade } from './knownBad';

export type { ProvenRevision } from './actions';

/**
 * What a rollback plan made during the incident must respect, with the burn it saw (an empty history
 * judges no rollback). `cleared`: revisions the burn cleared, when the caller judged more of the
 * incident than `state` holds (an undo plans without the change it undoes). The plan is told too of
 * the builds a rollback went to that the burn stopped or fell after: undone by mistake, the build that
 * had stopped the burn read "rolled back from" to the Kubernetes plugin, and the advice went past it to :40.
 */
export function planContextOf(state: IncidentState, burns: BurnSamples, cleared?: ReadonlySet<string>): PlanContext {
  const judged = judgeRollbacks(state.actions, burns);
  const clear = cleared ?? clearedRevisions(state, judged.cleared);
  const worked = workedRevisions(state, judged);
  const known = new Set([...clear, ...worked]);
  return { avoid: knownBadRevisions(state, madeItWorse(judged), clear, undefined, leftClean(judged)), ranHere: revisionsRanHere(state), ...(known.size === 0 ? {} : { cleared: [...known] }) };
}

/** The builds the incident's own rollbacks went to, the burn stopping or falling after them. */
function workedRevisions(state: IncidentState, judged: RollbackJudgement): string[] {
  return rollbacksMade(state).flatMap((action) => (action.undoes === undefined && (judged.stopped.has(action.id) || judged.helped.has(action.id)) ? [action.facts!.targetRevision as string] : []));
}

/** What a plan made outside an incident (`cockpit status`) must respect: what the previous incident learnt, and the ones before. */
export function planContextAfter(previous: PreviousIncident | undefined, earlier?: readonly EarlierBad[]): PlanContext {
  const fromPrevious = badInPreviousIncident(previous);
  const more = badInEarlierIncidents(earlier).filter((e) => !fromPrevious.some((p) => p.revision === e.revision));
  return { avoid: [...fromPrevious, ...more], ranHere: ranBeforeThisIncident(previous) };
}

const clockTime = (iso: string): string => `${iso.slice(11, 16)}Z`;

/**
 * What the incident knows ran here, beyond what a provider lists now: a deploy its timeline saw
 * complete, a rollback of its own that was verified, and what the previous incident rolled back
 * to. ECS read from DescribeServices alone forgets a deployment once it drains: B's plan back to
 * A's fix :41 asked to type `checkout-api:41` because it "was never seen deployed successfully".
 */
export function revisionsRanHere(state: IncidentState): ProvenRevision[] {
  const proven = new Map<string, string>();
  for (const action of rollbacksMade(state)) {
    if (action.verification?.outcome !== 'passed') continue;
    const by = action.startedBy === undefined ? action.id : `${action.startedBy} (${action.id})`;
    const how = action.undoes === undefined ? 'rolled back to' : `put back (undoing ${action.undoes})`;
    proven.set(action.facts!.targetRevision as string, `${how} by ${by} at ${clockTime(action.startedAt!)}, and verified`);
  }
  for (const deploy of Object.values(state.deploys)) {
    if (deploy.status !== 'successful' || proven.has(deploy.revision)) continue;
    const started = deploy.startedAt === undefined ? '' : ` (started ${clockTime(deploy.startedAt)}${deploy.actor === undefined ? '' : ` by ${deploy.actor}`})`;
    proven.set(deploy.revision, `this incident saw its deploy complete${started}`);
  }
  for (const known of ranBeforeThisIncident(state.previousIncident)) if (!proven.has(known.revision)) proven.set(known.revision, known.why);
  return [...proven].map(([revision, why]) => ({ revision, why }));
}

/** What the service's previous incident rolled back to: it ran there until that incident was resolved with its burn over. */
export function ranBeforeThisIncident(previous: PreviousIncident | undefined): ProvenRevision[] {
  return (previous?.rolledBackTo ?? []).map((revision) => ({ revision, why: `${previous!.id} rolled back to it, and was resolved at ${clockTime(previous!.resolvedAt)} with its burn over` }));
}

/** The revisions this incident's rollbacks moved to, checked there, and that still run by its choice (the summary's `rolledBackTo`). */
export function rolledBackTo(state: IncidentState): string[] {
  const made = rollbacksMade(state);
  const leftAgain = new Set(made.map((action) => action.facts!.currentRevision as string));
  // An undo's target is the change taken back, not a rollback's: undoing a rollback put the bad build back.
  // Only one whose check passed: the next incident's plan said ":41 ran here: inc-… rolled back to it" of a
  // rollback never verified, resolved while it rolled out, and asked less to be typed for it.
  const reached = made.filter((action) => action.undoes === undefined && action.verification?.outcome === 'passed');
  return [...new Set(reached.map((action) => action.facts!.targetRevision as string))].filter((revision) => !leftAgain.has(revision));
}
