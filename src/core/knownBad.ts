import type { KnownBadRevision } from './actions';
import { compareText } from './compareText';
import type { EarlierBad, PreviousIncident } from './events';
import type { IncidentState } from './incident';

export type { KnownBadRevision } from './actions';

/** Deploy states after which a revision no longer runs by choice. */
const NOT_RUNNING = new Set(['failed', 'rolled-back', 'rolling-back', 'stopped']);

const clockTime = (iso: string): string => `${iso.slice(11, 16)}Z`;
const byWhom = (action: { readonly id: string; readonly startedBy?: string }) => (action.startedBy === undefined ? action.id : `${action.startedBy} (${action.id})`);

/**
 * What this incident has learnt is bad: every revision one of its rollbacks moved away from (the
 * plan's `currentRevision`; not one that failed), the revision that was running when the first
 * trigger fired (unless it ran through the previous incident's resolve, its burn over: A's fix
 * read `⊗ :41 bad` in B), and the revisions the previous incident rolled back from (B's plans went
 * back onto A's bad build). Providers add what they know themselves (ECS's own rollbacks).
 *
 * An undo takes a change back: what it leaves is not known bad for that (after the undo of a
 * rollback that worked, typed through, the good build read `⊗ :41 bad — rolled back to
 * checkout-api:42 by root (act-2)` and the next rollback passed over it). A rollback the burn rose
 * after (`worsened`, the burn's judgement: core/burnWentOn.ts) makes the build it went to known bad.
 * A revision `cleared` of the burn (the burn went on after a rollback left it, and a later change
 * stopped it: `RollbackJudgement.cleared`) is not known bad for having run when the trigger fired,
 * nor one a rollback left after the burn had stopped (it ran clean). `worsened` includes the
 * rollbacks the burn came back after (`broughtBack`): the build they went to is bad too.
 */
export function knownBadRevisions(
  state: IncidentState,
  worsened: { has(id: string): boolean } = new Set<string>(),
  cleared: ReadonlySet<string> = new Set<string>(),
  /** How a rollback's target is named: as the deploys panel lists it (`⊗ :42 bad — rolled back to payments-api:41` stood beside a `:43` row and no `:41`). */
  name: (revision: string) => string = (revision) => revision,
  /** Rollbacks made after the burn had stopped (`RollbackJudgement.afterTheStop`): the build they left ran clean. */
  afterTheStop: { has(id: string): boolean } = new Set<string>(),
): KnownBadRevision[] {
  const bad = new Map<string, Omit<KnownBadRevision, 'revision'>>();
  const made = rollbacksMade(state);
  // The newest rollback from a revision says why (`⊗ :42 bad — … (act-1)` named the first after a second one).
  for (const action of made) {
    if (action.undoes !== undefined || afterTheStop.has(action.id)) continue;
    bad.set(action.facts!.currentRevision as string, { why: `rolled back to ${name(action.facts!.targetRevision as string)} by ${byWhom(action)} at ${clockTime(action.startedAt!)}`, rolledBack: true });
  }
  for (const action of made) {
    const target = action.facts!.targetRevision as string;
    if (!worsened.has(action.id) || bad.has(target)) continue;
    const left = made.some((later) => later.startedAt! > action.startedAt! && later.facts!.currentRevision === target);
    bad.set(target, { why: `the burn rose after ${byWhom(action)} rolled back to it at ${clockTime(action.startedAt!)}`, ...(left ? { rolledBack: true } : {}) });
  }
  const onset = burnOnset(state);
  // Before anything the incident did: its own rollback's deploy never counts as the burn's revision.
  const firstAction = state.actions.flatMap((a) => (a.startedAt ? [a.startedAt] : [])).sort()[0];
  const before = onset !== undefined && firstAction !== undefined && firstAction < onset ? firstAction : onset;
  const atOnset = before === undefined ? undefined : deployRunningAt(state, before);
  // Compared as times: a provider's timestamp need not be written as the log's ISO strings are.
  const previous = state.previousIncident;
  const ranClean = atOnset?.startedAt !== undefined && previous !== undefined && Date.parse(atOnset.startedAt) <= Date.parse(previous.resolvedAt);
  const leftClean = ranCleanRevisions(state, afterTheStop);
  const flagSince = atOnset?.startedAt !== undefined && flagChangedBetween(state, Date.parse(atOnset.startedAt), Date.parse(before!));
  if (atOnset !== undefined && !ranClean && !flagSince && !bad.has(atOnset.revision) && !cleared.has(atOnset.revision) && !leftClean.has(atOnset.revision)) {
    bad.set(atOnset.revision, { why: `running when the first trigger fired (${clockTime(onset!)})` });
  }
  // Over "running when the first trigger fired": the build the previous incident rolled back from, deployed again, is
  // the stronger fact (its row read `● current :4 … dave` with nothing said while it burned again).
  for (const { revision, ...known } of badInPreviousIncident(state.previousIncident)) {
    if (!bad.has(revision) || (revision === atOnset?.revision && bad.get(revision)!.rolledBack !== true)) bad.set(revision, known);
  }
  for (const { revision, ...known } of badInEarlierIncidents(state.earlierBad)) if (!bad.has(revision)) bad.set(revision, known);
  return [...bad].map(([revision, known]) => ({ revision, ...known }));
}

/**
 * Whether a flag changed after `from` and before `to` (not the cockpit's first sighting of it): the burn began with
 * that change, as the advice reads it (core/changeCorrelation.ts), and the build deployed before it is not known bad
 * for having run then. irreversible-migration's undo the advice asked for was blocked as onto `checkout-api:42 is known
 * bad: running when the first trigger fired` beside `the burn began with the flag, not the deploy`.
 */
function flagChangedBetween(state: IncidentState, from: number, to: number): boolean {
  return Object.values(state.flags).some((flag) => {
    const times = [...(flag.changeTime === 'first-seen' ? [] : [flag.changedAt]), ...flag.earlierChangesAt].map((at) => Date.parse(at));
    return times.some((at) => at > from && at < to);
  });
}

/**
 * The builds left by rollbacks made after the burn had stopped (`RollbackJudgement.afterTheStop`): they ran clean (the
 * kill switch stopped it while :42 ran, then a rollback forced through its block brought it back). Not known bad for
 * having run when the trigger fired: it read `⊗ :42 bad — running when the first trigger fired`, and blocked the undo
 * the advice asked for.
 */
export function ranCleanRevisions(state: IncidentState, afterTheStop: { has(id: string): boolean }): Set<string> {
  return new Set(rollbacksMade(state).flatMap((action) => (afterTheStop.has(action.id) ? [action.facts!.currentRevision as string] : [])));
}

/**
 * What the service's previous incident rolled back from: known bad after it (`cockpit status` reads
 * it from the store), and no version step (B's plan back to :41 was called "2 revisions back
 * (checkout-api:42, …)": a multi-version jump through A's bad build).
 */
export function badInPreviousIncident(previous: PreviousIncident | undefined): KnownBadRevision[] {
  return (previous?.rolledBackFrom ?? []).map((revision) => ({ revision, why: `rolled back by ${previous!.id}, the previous incident`, rolledBack: true, earlierIncident: previous!.id }));
}

/** What the service's other recent incidents rolled back from (IncidentOpenedData's `earlierBad`): known bad too. */
export function badInEarlierIncidents(earlier: readonly EarlierBad[] | undefined): KnownBadRevision[] {
  return (earlier ?? []).map((e) => ({ revision: e.revision, why: `rolled back by ${e.incident} (resolved ${e.resolvedAt.slice(11, 16)}Z)`, rolledBack: true, earlierIncident: e.incident }));
}

/** The revisions this incident's rollbacks moved away from, in order (the summary's `rolledBackFrom`); an undo's is not one. */
export function rolledBackFrom(state: IncidentState): string[] {
  return [...new Set(rollbacksMade(state).flatMap((action) => (action.undoes === undefined ? [action.facts!.currentRevision as string] : [])))];
}

/** The revisions the burn cleared: those the rollbacks it `cleared` (by action id) moved away from. */
export function clearedRevisions(state: IncidentState, cleared: { has(id: string): boolean }): Set<string> {
  return new Set(rollbacksMade(state).flatMap((action) => (cleared.has(action.id) ? [action.facts!.currentRevision as string] : [])));
}

/**
 * The rollbacks that moved something: a rollback that failed, or whose check failed (an Argo
 * Rollout aborted it), did not ("rolled back to :41" would tell of a rollback that did not happen).
 */
export function rollbacksMade(state: IncidentState) {
  return state.actions.filter((action) => {
    const from = action.facts?.currentRevision;
    const to = action.facts?.targetRevision;
    return typeof from === 'string' && typeof to === 'string' && action.startedAt !== undefined && action.status !== 'failed' && action.verification?.outcome !== 'failed';
  });
}

/** When the first trigger fired: the burn's onset as the incident saw it. */
export function burnOnset(state: IncidentState): string | undefined {
  const fired = Object.values(state.triggers).map((t) => t.firstFiredAt);
  return fired.length === 0 ? undefined : fired.reduce((a, b) => (a <= b ? a : b));
}

/**
 * The newest deploy started before `at` that had not been stopped or rolled back, under the revision
 * it had then (a ReplicaSet reused by a rollback since was :42 then, :44 now).
 */
/** The revision the service ran at `at`, as the incident saw its deploys. */
export const revisionRunningAt = (state: IncidentState, at: string): string | undefined => deployRunningAt(state, at)?.revision;

function deployRunningAt(state: IncidentState, at: string): { readonly revision: string; readonly startedAt?: string } | undefined {
  const incarnations = Object.values(state.deploys).flatMap((d) => [...(d.formerly ?? []), d]);
  const started = incarnations.filter((d) => d.startedAt !== undefined && d.startedAt < at && !NOT_RUNNING.has(d.status) && !('until' in d && d.until <= at));
  started.sort((a, b) => compareText(b.startedAt!, a.startedAt!));
  return started[0];
}
