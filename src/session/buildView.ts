import { revisionAs } from '../core/actionWords';
import { staleStamp } from '../core/observationEvents';
import { interruptedHere, refusedHere } from './actionNotices';
import { driverlessDrill } from './driverlessDrill';
import { roughDuration } from '../core/roughDuration';
import { attributeRollbackDeploys } from '../core/deployAttribution';
import { withRolledBackFrom, type RememberedDeploy } from '../core/rememberedDeploys';
import { automaticRollbackText } from '../core/deploys';
import { flagsThatMatterFirst, setByResponder } from '../core/flags';
import { incidentStatus, type ActionState, type IncidentState } from '../core/incident';
import { knownBadRevisions, type KnownBadRevision } from '../core/knownBad';
import { lateRollback, needlessFlagChange, needlessRollback, openEnds } from '../core/openEnds';
import { withCleanUp } from '../core/cleanUpAdvice';
import { judgeRollbacks, leftClean, madeItWorse, maskedText, rollbacksBeingJudged, type RollbackJudgement } from '../core/burnWentOn';
import { nextStepIndex, passedOver } from '../core/nextStep';
import { recommend, type Recommendation } from '../core/recommendation';
import { responderActions, runningAs } from '../core/responderActions';
import { burnNotKnown, stillBurning } from '../core/stillBurning';
import { asOfOldReading } from '../core/oldReadingAdvice';
import type { RollbackPreview } from '../core/rollbackPreview';
import type { Deploy, Flag } from '../plugins/contract';
import type { Observation } from '../plugins/scheduler';
import { awaitingEvidence, recommendationInput } from './recommendationInput';
import { sloPanel } from './sloRows';
import { stepViews } from './stepViews';
import { withUndoSteps } from './undoSteps';
import { asksUndoFirst, confirmationView } from './confirmationView';
import { IN_THE_DRILLS_COCKPIT, retryIn, STALE_INTERVALS, type PanelSource, type ViewInputs } from './viewInputs';
import type { CockpitView, DeployRow, FlagRow, PanelView, StepView } from './viewModel';
import type { Severity } from '../runbook/schema';

export { sloTaskKey, type PanelSource, type ViewInputs } from './viewInputs';

export function buildView(input: ViewInputs): CockpitView {
  const now = input.now.getTime();
  const { state, runbook } = input;
  const judged = judgeRollbacks(state.actions, input.burnHistory);
  const steps = stepViews(input, judged);
  const slos = sloPanel(input);
  const burning = asLastRead(stillBurning(slos.data ?? []), slos);
  const burnUnknown = burnNotKnown(slos, runbook.slos.length);
  const advice = withCleanUp(recommendations(input, burning !== undefined, judged), needlessRollback(state, judged), (input.observations.get('deploys')?.value as readonly Deploy[] | undefined) ?? [], lateRollback(state, judged), needlessFlagChange(state, judged));
  // A resolved incident points at no step: the ones left undone are said so (the runbook panel).
  const nextStep = incidentStatus(state) === 'resolved' ? -1 : nextStepIndex(steps, advice);
  const passed = passedOver(steps, nextStep, advice, { burnUnknown: burnUnknown !== undefined });
  return {
    now: input.now.toISOString(),
    incident: {
      id: state.id,
      service: state.service,
      owner: runbook.owner,
      severity: state.severity,
      status: incidentStatus(state),
      openedAt: state.openedAt,
      ageMs: Math.max(0, now - Date.parse(state.openedAt)),
      mode: state.mode,
      drill: state.drill,
      environment: state.environment,
      roles: state.roles,
      responder: input.responder,
      readOnly: input.readOnly,
      present: (input.present ?? []).map(({ responder, since, readOnly }) => ({ responder, since, readOnly })),
      ...(input.recordingFailure === undefined ? {} : { notRecording: { since: input.recordingFailure.at, reason: input.recordingFailure.reason, path: input.recordingFailure.path } }),
      ...(input.unreachable === undefined ? {} : { recordingLocally: { ...input.unreachable, pending: input.pending?.length ?? 0 } }),
      ...(input.watchBehind === undefined ? {} : { watchBehind: input.watchBehind }),
      ...pendingSeverity(input.pending),
      escalation: runbook.escalation ?? [],
      links: runbook.links ?? {},
      ...(state.resolvedAt === undefined ? {} : { resolvedAfterMs: Math.max(0, Date.parse(state.resolvedAt) - Date.parse(state.openedAt)) }),
      ...(burning === undefined ? {} : { burning }),
      ...(burnUnknown === undefined ? {} : { burnUnknown }),
      openEnds: openEnds(state, judged, incidentStatus(state) === 'resolved' ? undefined : passed),
    },
    deploys: panel(input, input.sources.deploys, 'deploys', (value) =>
      deployRows(withRolledBackFrom(attributeRollbackDeploys(value as readonly Deploy[], state.actions, input.responder, state.previousIncident), state), input.rollbackPreview, knownBadRevisions(state, madeItWorse(judged), undefined, (r) => revisionAs(r, runningAs(r, value as readonly Deploy[]), String), leftClean(judged)), {
        outlived: new Set([...judged.outlived.values()].map((a) => a.facts!.currentRevision as string)),
        stoppedAfter: new Map([...judged.cleared].map(([id, by]) => [judged.outlived.get(id)!.facts!.currentRevision as string, `${by.name} ${by.id}`])),
        worsened: new Set([...judged.worsened.values()].map((a) => a.facts!.currentRevision as string)),
        wentOnUnder: new Map(state.actions.flatMap((a) => (judged.masked.has(a.id) ? [[a.facts!.currentRevision as string, maskedText(a, judged.masked.get(a.id)!)] as const] : []))),
        judging: rollbacksBeingJudged(state.actions, now, judged.stopped),
        together: madeTogether(state.actions, judged.stopped),
        undoFirst: advice.some(asksUndoFirst),
        // Marked mitigated while it burns, the advice stays, and so does the target it names (the panel dropped `↩ target`
        // beside "Rollback recommended: … target :41").
        settled: incidentStatus(state) === 'resolved' || (incidentStatus(state) === 'mitigated' && !advice.some((r) => r.kind === 'rollback')),
        rollbackAdvised: advice.some((r) => r.kind === 'rollback'),
      }, now).map(undoTargetOf(steps, state)),
    ),
    flags: panel(input, input.sources.flags, 'flags', (value) => flagRows(value as readonly Flag[], state, namedFlags(state, advice), now)),
    slos,
    recommendations: withUndoSteps(asOfOldReading(advice, slos.status === 'error' ? slos.ageMs : undefined), steps),
    steps,
    nextStep,
    passedOver: passed,
    timeline: input.timeline,
    ...(input.pending === undefined || input.pending.length === 0 ? {} : { pending: input.pending }),
    ...(input.confirmation ? { confirmation: confirmationView(input.confirmation, advice, input.state, judged, input.burnHistory) } : {}),
    running: input.running.map((r) => ({
      action: r.action,
      name: r.name,
      ...(r.step ? { step: r.step } : {}),
      summary: r.summary,
      phase: r.phase,
      ...(r.progress ? { progress: r.progress.message, done: r.progress.done, total: r.progress.total } : {}),
      startedAt: r.startedAt.toISOString(),
      elapsedMs: Math.max(0, now - r.startedAt.getTime()),
      cancellable: true,
      outputTail: [...r.outputTail],
    })),
    reminders: input.reminders,
    notices: [...refusedHere(input), ...interruptedHere(input), ...driverlessDrill(input), ...input.notices],
  };
}

function panel<T>(input: ViewInputs, source: PanelSource | undefined, key: string, rows: (value: unknown) => T): PanelView<T> {
  if (!source) return input.watchOnly ? IN_THE_DRILLS_COCKPIT : { status: 'absent' };
  const label = `${source.key} (${source.plugin})`;
  if (source.failure) return { status: 'error', source: label, error: source.failure };
  const observation = input.observations.get(key);
  return panelFrom(observation, label, source.intervalMs, input.now.getTime(), rows);
}

function panelFrom<T>(observation: Observation<unknown> | undefined, source: string, intervalMs: number, now: number, rows: (value: unknown) => T): PanelView<T> {
  const hasData = observation?.observedAt !== undefined;
  const data: Pick<PanelView<T>, 'data' | 'ageMs' | 'warning'> = hasData
    ? { data: rows(observation!.value), ageMs: Math.max(0, now - observation!.observedAt!.getTime()), ...(observation!.warning === undefined ? {} : { warning: observation!.warning }) }
    : {};
  if (observation?.error && observation.failures > 0) return { status: 'error', source, error: observation.error.message, ...retryIn(observation, now), ...data };
  if (!hasData) return { status: 'loading', source };
  return { status: data.ageMs! > STALE_INTERVALS * intervalMs ? 'stale' : 'ok', source, ...data };
}

/**
 * The deploys as rows. The rollback target is the provider's own plan (the preview), never a rule
 * of the panel's; a revision the incident knows to be bad is marked on its newest deploy. After a
 * rollback the burn went on after, no further one is pointed at (`↩ again :40` beside `:42 likely
 * not the cause` pointed a tired responder further back).
 */
function deployRows(
  deploys: readonly RememberedDeploy[],
  preview: RollbackPreview | undefined,
  knownBad: readonly KnownBadRevision[],
  rolledBack: { readonly outlived: ReadonlySet<string>; readonly stoppedAfter: ReadonlyMap<string, string>; readonly worsened: ReadonlySet<string>; readonly wentOnUnder: ReadonlyMap<string, string>; readonly judging: ReadonlyMap<string, number>; readonly together: ReadonlyMap<string, string>; readonly undoFirst: boolean; readonly settled: boolean; readonly rollbackAdvised: boolean },
  now: number,
): DeployRow[] {
  const { outlived, stoppedAfter, worsened, wentOnUnder, judging, together, undoFirst, settled, rollbackAdvised } = rolledBack;
  // By this incident: a build an earlier incident rolled back from put `↩ again` on the target before any rollback here.
  const rolledBackAlready = knownBad.some((k) => k.rolledBack === true && k.earlierIncident === undefined);
  // After a rollback that made it worse, a further one back is no way out either (the screen says
  // to undo it), nor while a change of the responder's is named as the cause left ("↩ again :40"
  // beside "another cause, likely checkout_v2 set to off"), nor once the incident is marked mitigated
  // or resolved (`↩ again :40`, `⊘ target :41` stood through both). After a rollback, a further one
  // is pointed at only when the advice is a rollback again (the burn back after an undo): while the
  // first was judged, and after it had worked, `↩ again :40` read as an invitation to roll back further.
  const again = !rolledBackAlready || rollbackAdvised;
  const pointAtTarget = preview?.status === 'planned' && outlived.size === 0 && worsened.size === 0 && !undoFirst && !settled && again;
  const target = pointAtTarget ? deploys.find((d) => d.revision === preview.target && !d.current) : undefined;
  const running = deploys.find((d) => d.current);
  // A rollback re-deploys an older build: its older rows are the artifact that runs now, not a step back.
  const sameAsRunning = (d: Deploy) =>
    running !== undefined && !d.current && (d.revision === running.revision || (d.artifacts.length > 0 && d.artifacts.join('\n') === running.artifacts.join('\n')));
  const badRows = new Map(knownBad.flatMap((k) => {
    // Not the current build's (running when the trigger fired is no news), unless an earlier incident rolled back from it.
    const newest = deploys.find((d) => d.revision === k.revision && (!d.current || k.earlierIncident !== undefined));
    return newest ? [[newest.id, k] as const] : [];
  }));
  return deploys.map((d) => ({
    id: d.id,
    revision: d.revision,
    shortRevision: shortRevision(d.revision),
    // The incident keeps no images of a deploy: a row the provider no longer lists says that instead.
    artifact: d.nowAs !== undefined ? `listed as ${shortRevision(d.nowAs)} now` : d.remembered ? 'no longer listed' : artifactLabel(d.artifacts),
    status: d.status,
    ...(d.startedAt ? { startedAt: d.startedAt, ageMs: Math.max(0, now - Date.parse(d.startedAt)) } : {}),
    ...(d.actor ? { actor: d.actor } : {}),
    current: d.current,
    rollbackTarget: d.id === target?.id,
    ...(d.id === target?.id && preview?.status === 'planned' && preview.verdict.level === 'blocked' ? { rollbackBlocked: true } : {}),
    ...(d.id === target?.id && rolledBackAlready ? { rollbackAgain: true } : {}),
    ...(badRows.has(d.id) ? { knownBad: badRows.get(d.id)!.why } : {}),
    ...(badRows.get(d.id)?.rolledBack && outlived.has(d.revision) ? { burnOutlivedRollback: true } : {}),
    ...(badRows.get(d.id)?.rolledBack && outlived.has(d.revision) && stoppedAfter.has(d.revision) ? { burnStoppedAfter: stoppedAfter.get(d.revision)! } : {}),
    ...(badRows.get(d.id)?.rolledBack && worsened.has(d.revision) ? { burnRoseAfterRollback: true } : {}),
    ...(badRows.get(d.id)?.rolledBack && wentOnUnder.has(d.revision) ? { burnWentOnUnder: wentOnUnder.get(d.revision)! } : {}),
    ...(badRows.get(d.id)?.rolledBack && !outlived.has(d.revision) && !worsened.has(d.revision) && judging.has(d.revision) ? { causeShowsBy: clockOf(judging.get(d.revision)!) } : {}),
    ...(badRows.get(d.id)?.rolledBack && !outlived.has(d.revision) && !worsened.has(d.revision) && !judging.has(d.revision) && together.has(d.revision) ? { stoppedTogetherWith: together.get(d.revision)! } : {}),
    ...(sameAsRunning(d) ? { sameAsCurrent: true } : {}),
    ...(d.automaticRollback ? { automaticRollback: automaticRollbackText(d.status, d.automaticRollback) } : {}),
    ...(d.labels.migration ? { migration: d.labels.migration } : {}),
  }));
}

const shortRevision = (revision: string) => (revision.includes(':') ? revision.slice(revision.lastIndexOf(':')) : revision);

function artifactLabel(artifacts: readonly string[]): string {
  const [first, ...rest] = artifacts;
  if (first === undefined) return '';
  const image = first.slice(first.lastIndexOf('/') + 1);
  return rest.length > 0 ? `${image} +${rest.length}` : image;
}

/** The flags the incident names: a recommended kill switch, a flag a responder set. */
function namedFlags(state: IncidentState, advice: readonly Recommendation[]): Set<string> {
  const setByResponders = responderActions(state.actions).flatMap((a) => (a.kind === 'flag' ? [a.flag] : []));
  return new Set([...advice.flatMap((r) => (r.flag === undefined ? [] : [r.flag])), ...setByResponders]);
}

/**
 * Who set the flag to what it serves, when the provider does not say (a flag file without a change
 * stamp): the responder whose change made it so (`changed 1m ago` lost the kill switch's author).
 */
/** The flags as rows, those that matter first: a short panel shows the first and counts the rest. */
function flagRows(flags: readonly Flag[], state: IncidentState, named: ReadonlySet<string>, now: number): FlagRow[] {
  const rows = flags.map((f): FlagRow => {
    // The cockpit's first sighting of a flag is no change of it: without the provider's record or
    // a change the timeline saw, the age is unknown (said so), never the moment the cockpit looked.
    const known = state.flags[f.key];
    const seenChange = known !== undefined && known.changeTime !== 'first-seen' && known.variant === f.defaultVariant && known.state === f.state ? known : undefined;
    // A change the timeline dated by its own look, the provider's older stamp left aside as stale (core/observationEvents.ts).
    const reported = staleStamp(seenChange, f.changedAt) ? undefined : f.changedAt;
    const changedAt = reported ?? seenChange?.changedAt;
    const changedBy = (reported === undefined ? seenChange?.by : f.changedBy) ?? setByResponder(state.actions, f);
    return {
      key: f.key,
      state: f.state,
      variant: f.defaultVariant,
      variants: f.variants,
      ...(changedAt ? { changedAt, changedAgoMs: Math.max(0, now - Date.parse(changedAt)) } : {}),
      ...(changedBy ? { changedBy } : {}),
    };
  });
  return flagsThatMatterFirst(rows, named);
}

/**
 * What the evidence says to do about each burning SLO; nothing once the incident is resolved, or
 * mitigated with nothing burning. Marked mitigated while it still burns (a reason given), the
 * advice stays: the rollback it recommended vanished with the mark while the 5m window said 16x.
 */
function recommendations(input: ViewInputs, burning: boolean, judged: RollbackJudgement): Recommendation[] {
  if (input.state.resolvedAt || (input.state.mitigatedAt && !burning) || awaitingEvidence(input)) return [];
  return recommend({ ...recommendationInput(input), stoppedWith: judged.stopped, afterTheStop: judged.afterTheStop });
}

/** Marks the newest row of the revision a step's undo would deploy again: the deploys panel keeps it on screen. */
function undoTargetOf(steps: readonly StepView[], state: IncidentState): (row: DeployRow, index: number, rows: readonly DeployRow[]) => DeployRow {
  const revisions = new Set(steps.flatMap((step) => {
    const left = state.actions.find((a) => a.id === step.undo?.action)?.facts?.currentRevision;
    return typeof left === 'string' ? [left] : [];
  }));
  return (row, index, rows) => (revisions.has(row.revision) && rows.findIndex((other) => other.revision === row.revision) === index ? { ...row, undoTarget: true } : row);
}

/** `by 02:38Z`; a rollback still running has no end to count from yet. */
function clockOf(ms: number): string {
  return Number.isFinite(ms) ? `by ${new Date(ms).toISOString().slice(11, 16)}Z` : '5m after the rollback ends';
}

/**
 * A burn read from data the SLO provider no longer refreshes says how old it is: with Prometheus
 * down, the resolve dialog said `availability is burning 31.8x on 5m` as if it were now.
 */
function asLastRead(burning: string | undefined, slos: PanelView<unknown>): string | undefined {
  if (burning === undefined || (slos.status !== 'stale' && slos.status !== 'error') || slos.ageMs === undefined) return burning;
  return `${burning} (as last read, ${roughDuration(slos.ageMs)} ago)`;
}

/**
 * The revisions rolled back from by a rollback the burn stopped after with other changes made
 * within a 5m window of it, by revision: those changes (`flags.set act-2`). The SLO cannot tell
 * which stopped it: the panel said `⊗ :42 bad` beside advice that said so.
 */
function madeTogether(actions: readonly ActionState[], stopped: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const named = (id: string) => `${actions.find((a) => a.id === id)?.name ?? 'a change'} ${id}`;
  return new Map(
    actions.flatMap((a) => {
      const others = stopped.get(a.id) ?? [];
      return typeof a.facts?.currentRevision === 'string' && a.undoes === undefined && others.length > 0 ? [[a.facts.currentRevision, others.map(named).join(' and ')] as const] : [];
    }),
  );
}

/** A severity decided while the shared store was out of reach: its top bar kept the recorded one, with no sign of it. */
function pendingSeverity(pending: ViewInputs['pending']): { pendingSeverity?: Severity } {
  const to = pending?.findLast((entry) => entry.severity !== undefined)?.severity;
  return to === undefined ? {} : { pendingSeverity: to as Severity };
}
