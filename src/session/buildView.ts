import { revisionAs } from '../core/actionWords';
import { staleStamp } from '../core/observationEvents';
import { driverlessDrill, gone } from './driverlessDrill';
import { roughDuration } from '../core/roughDuration';
import { attributeRollbackDeploys } from '../core/deployAttribution';
import { withRolledBackFrom, type RememberedDeploy } from '../core/rememberedDeploys';
import { automaticRollbackText } from '../core/deploys';
import { flagsThatMatterFirst, setByResponder } from '../core/flags';
import { incidentStatus, type ActionState, type IncidentState } from '../core/incident';
import { knownBadRevisions, type KnownBadRevision } from '../core/knownBad';
import { lateRollback, needlessRollback, openEnds } from '../core/openEnds';
import { withCleanUp } from '../core/cleanUpAdvice';
import { judgeRollbacks, madeItWorse, maskedText, rollbacksBeingJudged, type RollbackJudgement } from '../core/burnWentOn';
import { nextStepIndex, passedOver } from '../core/nextStep';
import { recommend, type Recommendation } from '../core/recommendation';
import { responderActions, runningAs } from '../core/responderActions';
import { burnNotKnown, stillBurning } from '../core/stillBurning';
import { blockedBecause, type RollbackPreview } from '../core/rollbackPreview';
import { liveChange, standingAction, undoneBy } from '../core/undo';
import { burnBackSince } from '../core/burnCameBack';
import type { Deploy, Flag } from '../plugins/contract';
import type { Observation } from '../plugins/scheduler';
import { awaitingEvidence, recommendationInput } from './recommendationInput';
import { sloPanel } from './sloRows';
import { stepFields } from './stepFields';
import { stepUndo } from './stepUndo';
import { withUndoSteps } from './undoSteps';
import { asksUndoFirst, confirmationView } from './confirmationView';
import { IN_THE_DRILLS_COCKPIT, NOT_STARTED, STALE_INTERVALS, type PanelSource, type ViewInputs } from './viewInputs';
import type { CockpitView, DeployRow, FlagRow, PanelView, StepView } from './viewModel';

export { sloTaskKey, type PanelSource, type ViewInputs } from './viewInputs';

export function buildView(input: ViewInputs): CockpitView {
  const now = input.now.getTime();
  const { state, runbook } = input;
  const judged = judgeRollbacks(state.actions, input.burnHistory);
  const steps = stepViews(input, judged);
  const slos = sloPanel(input);
  const burning = asLastRead(stillBurning(slos.data ?? []), slos);
  const burnUnknown = burnNotKnown(slos, runbook.slos.length);
  const advice = withCleanUp(recommendations(input, burning !== undefined, judged), needlessRollback(state, judged), (input.observations.get('deploys')?.value as readonly Deploy[] | undefined) ?? [], lateRollback(state, judged));
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
      escalation: runbook.escalation ?? [],
      links: runbook.links ?? {},
      ...(state.resolvedAt === undefined ? {} : { resolvedAfterMs: Math.max(0, Date.parse(state.resolvedAt) - Date.parse(state.openedAt)) }),
      ...(burning === undefined ? {} : { burning }),
      ...(burnUnknown === undefined ? {} : { burnUnknown }),
      openEnds: openEnds(state, judged, incidentStatus(state) === 'resolved' ? undefined : passed),
    },
    deploys: panel(input, input.sources.deploys, 'deploys', (value) =>
      deployRows(withRolledBackFrom(attributeRollbackDeploys(value as readonly Deploy[], state.actions, input.responder), state), input.rollbackPreview, knownBadRevisions(state, madeItWorse(judged), undefined, (r) => revisionAs(r, runningAs(r, value as readonly Deploy[]), String), judged.afterTheStop), {
        outlived: new Set([...judged.outlived.values()].map((a) => a.facts!.currentRevision as string)),
        stoppedAfter: new Map([...judged.cleared].map(([id, by]) => [judged.outlived.get(id)!.facts!.currentRevision as string, `${by.name} ${by.id}`])),
        worsened: new Set([...judged.worsened.values()].map((a) => a.facts!.currentRevision as string)),
        wentOnUnder: new Map(state.actions.flatMap((a) => (judged.masked.has(a.id) ? [[a.facts!.currentRevision as string, maskedText(a, judged.masked.get(a.id)!)] as const] : []))),
        judging: rollbacksBeingJudged(state.actions, now, judged.stopped),
        together: madeTogether(state.actions, judged.stopped),
        undoFirst: advice.some(asksUndoFirst),
        settled: incidentStatus(state) !== 'open',
        rollbackAdvised: advice.some((r) => r.kind === 'rollback'),
      }, now).map(undoTargetOf(steps, state)),
    ),
    flags: panel(input, input.sources.flags, 'flags', (value) => flagRows(value as readonly Flag[], state, namedFlags(state, advice), now)),
    slos,
    recommendations: withUndoSteps(advice, steps),
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
    notices: [...driverlessDrill(input), ...input.notices],
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
  if (observation?.error && observation.failures > 0) return { status: 'error', source, error: observation.error.message, ...data };
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
  const rolledBackAlready = knownBad.some((k) => k.rolledBack === true);
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
    const newest = deploys.find((d) => d.revision === k.revision && !d.current);
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

/**
 * A rollback step to do whose plan the safety check blocks says so, and why: irreversible-migration's
 * `3. Roll back` read only `to do` (and `passed over: not needed unless the burn goes on`, as if it
 * were there if the burn went on), the block shown only as the deploys panel's `⊘ target`.
 */
function blockedDetail(input: ViewInputs, step: string): { readonly detail?: string; readonly blocked?: true } {
  const preview = input.rollbackPreview;
  if (preview?.status !== 'planned' || preview.step !== step || preview.verdict.level !== 'blocked') return {};
  const deploys = (input.observations.get('deploys')?.value as readonly Deploy[] | undefined) ?? [];
  return { detail: `blocked: ${blockedBecause(preview, deploys)} (forcing it takes a typed confirmation)`, blocked: true };
}

/** Marks the newest row of the revision a step's undo would deploy again: the deploys panel keeps it on screen. */
function undoTargetOf(steps: readonly StepView[], state: IncidentState): (row: DeployRow, index: number, rows: readonly DeployRow[]) => DeployRow {
  const revisions = new Set(steps.flatMap((step) => {
    const left = state.actions.find((a) => a.id === step.undo?.action)?.facts?.currentRevision;
    return typeof left === 'string' ? [left] : [];
  }));
  return (row, index, rows) => (revisions.has(row.revision) && rows.findIndex((other) => other.revision === row.revision) === index ? { ...row, undoTarget: true } : row);
}

function stepViews(input: ViewInputs, judged: RollbackJudgement): StepView[] {
  const definitions = new Map([...input.runbook.first_actions, ...input.runbook.recovery].map((s) => [s.id, s]));
  // A rollback the burn went on after keeps its ✓ (it was done) and says so: bad-flag's wrong rollback read as if it had helped.
  const outlivedDetail = (newest: ActionState | undefined) => {
    // A rollback forced through its block after the kill switch had worked read "the burn went on after it" of a second outage.
    if (newest !== undefined && judged.broughtBack.has(newest.id)) return { detail: 'the burn had stopped, and came back after it' };
    // A kill switch the burn went on after, as a needless rollback (bad-deploy's read `✓ done` alone beside a 16x burn).
    if (newest !== undefined && judged.flagsOutlived.has(newest.id)) return { detail: 'the burn went on after it' };
    if (newest === undefined || !judged.outlived.has(newest.id)) return {};
    const by = judged.cleared.get(newest.id);
    return { detail: by === undefined ? 'the burn went on after it' : `the burn went on after it, and stopped after ${by.name} ${by.id}` };
  };
  const done = new Set(input.state.steps.flatMap((step) => (step.status === 'done' ? [step.id] : [])));
  return input.state.steps.map((step) => {
    const definition = definitions.get(step.id);
    const newest = [...input.state.actions].reverse().find((a) => a.step === step.id);
    const output = outputOf(newest?.outputTail);
    const { undoing, ...undo } = stepUndo(input, step.id);
    const base = {
      id: step.id,
      title: step.title,
      phase: step.phase,
      ...stepFields(definition, done),
      ...(output === undefined ? {} : { output }),
      ...undo,
    };
    // A done step run again (a second rollback) is running first of all; so is one whose change an undo takes back.
    if (input.running.some((r) => r.step === step.id)) return { ...base, status: 'running' };
    if (undoing !== undefined) return { ...base, status: 'running', detail: `being undone by ${undoing}` };
    // Not in this cockpit's running map: what runs is the writer's (a watch) or a teammate's (a shared store), as the log says.
    // Succeeded with no verdict yet: being verified there (a watcher kept an earlier attempt's `✖ FAILED`). A done step run
    // again there (a second rollback) too: the watches read `✓ done` beside the writer's `⟳ RUNNING`.
    const cockpitOf = (responder: string | undefined) => (responder === undefined ? "the writer's cockpit" : `${responder}'s cockpit`);
    const elsewhere = (action: ActionState) => !input.interrupted.has(action.id) && liveChange(action) && (input.readOnly || (input.present !== undefined && action.startedBy !== undefined));
    const runningThere = (action: ActionState): StepView => {
      const who = action.watchedBy ?? action.startedBy;
      // A watch records nothing, and no writer is left to: `⟳ RUNNING` stood for minutes after the drill's cockpit was killed.
      if (input.readOnly && who !== undefined && gone(input, who)) {
        return { ...base, status: 'interrupted', detail: `${who}'s cockpit stopped while it ${action.status === 'succeeded' ? 'verified it' : 'ran'}: its outcome is not known until a cockpit resumes the incident` };
      }
      // Gone from the team's presence, its lease not yet expired: `running in alice's cockpit` stood 20 s after she had left.
      const left = who !== undefined && gone(input, who) ? `, which has left the incident: ${action.status === 'succeeded' ? 'not watched' : 'interrupted'} once its lease expires` : '';
      return { ...base, status: 'running', detail: `${action.status === 'succeeded' ? 'being verified' : 'running'} in ${cockpitOf(who)}${left}` };
    };
    if (step.status === 'done' && newest !== undefined && elsewhere(newest) && undoneBy(input.state.actions, newest.id) === undefined) return runningThere(newest);
    // A recovery check the burn came back after says so (it kept its ✓, and the drill report said the recovery held).
    const back = definition?.verify && step.status === 'done' && step.finishedAt ? burnBackSince(input.burnHistory.get(definition.verify.slo) ?? [], Date.parse(step.finishedAt)) : undefined;
    const backDetail = back === undefined ? {} : { detail: `the burn came back at ${new Date(back.at).toISOString().slice(11, 16)}Z after it passed (5m ${back.burn.toFixed(1)}x): Enter checks it again` };
    // Marked while the shared store is out of reach: done (or skipped) on screen, said pending (it read `to do`, and `d` again logged it twice).
    const queued = step.status === 'done' || step.status === 'skipped' ? undefined : input.pending?.find((p) => p.step === step.id && (p.kind === 'step.completed' || p.kind === 'step.skipped'));
    if (queued !== undefined) return { ...base, status: queued.kind === 'step.skipped' ? 'skipped' : 'done', detail: '⧗ pending: recorded once the shared store is back' };
    if (step.status === 'done') return { ...base, status: 'done', ...(step.manual ? { manual: step.manual } : {}), ...(step.overridden === undefined ? {} : { overridden: step.overridden }), ...outlivedDetail(newest), ...backDetail };
    if (step.status === 'skipped') return { ...base, status: 'skipped', ...(step.reason ? { skipReason: step.reason } : {}) };
    const verifying = input.verifying.get(step.id);
    if (verifying) return { ...base, status: 'running', verify: verifying.message };
    const verifyFailure = input.verifyFailures.get(step.id);
    // The change undone is history: the step reads undone, not what that change's watch left (`◌ NOT WATCHED` stayed after its undo).
    const last = standingAction(input.state.actions, step.id, newest !== undefined && undoneBy(input.state.actions, newest.id) !== undefined ? undefined : newest);
    if (last && input.interrupted.has(last.id)) return { ...base, status: 'interrupted', detail: 'interrupted — check the provider; Enter checks it again' };
    if (last !== undefined && elsewhere(last)) return runningThere(last);
    // Planned there, its dialog open there: a watcher read "started" until it ran.
    const plannedThere = last?.status === 'planned' && input.confirmation?.action !== last.id && (input.readOnly || (input.present !== undefined && last.plannedBy !== input.responder));
    if (plannedThere) return { ...base, status: 'awaiting', detail: `in ${cockpitOf(last.plannedBy)}: ${last.summary}` };
    // Its cockpit closed while it watched, and none has started it since: a watch read `⟳ RUNNING` beside `nobody drives this drill now`.
    if (definition?.verify !== undefined && step.status === 'in-progress' && step.check === undefined && step.watchLeftAt !== undefined) {
      return { ...base, status: 'unwatched', detail: `not watched since ${step.watchLeftAt.slice(11, 16)}Z, when the cockpit that watched it closed: not passed${input.readOnly ? '' : ' (Enter watches it again)'}` };
    }
    // A recovery check the writer watches: its verdict is not on the log yet (bob's watch read `○ to do` beside alice's `held 5m30s`).
    if (input.readOnly && definition?.verify !== undefined && step.status === 'in-progress' && step.check === undefined) return { ...base, status: 'running', detail: "being checked in the writer's cockpit" };
    if (last?.status === 'interrupted') return { ...base, status: 'interrupted', detail: `interrupted (${last.outcome ?? 'its cockpit stopped'}) — check the provider; Enter runs it again` };
    if (last?.verification?.outcome === 'unwatched') return { ...base, status: 'unwatched', detail: `running, not watched (Enter checks it again): ${last.verification.summary}` };
    // Nothing ran (its start could not be recorded): to do, with why; it read `✖ FAILED` after the disk had room again.
    if (verifyFailure?.startsWith(NOT_STARTED)) return { ...base, status: 'pending', detail: verifyFailure };
    if (verifyFailure) return { ...base, status: 'failed', verify: verifyFailure, detail: verifyFailure };
    // A recovery check's failure as recorded, after a resume too.
    if (step.status === 'in-progress' && step.check?.outcome === 'failed') return { ...base, status: 'failed', verify: step.check.summary, detail: step.check.summary };
    // As recorded: after a resume too (the live failures are not replayed).
    if (last?.verification?.outcome === 'failed') return { ...base, status: 'failed', verify: last.verification.summary, detail: last.verification.summary };
    if (last?.status === 'failed') return { ...base, status: 'failed', detail: failureOf(last) };
    if (last?.status === 'cancelled') {
      // Declined again after one that failed: the failure still stands (a forced Argo rollback read `○ to do` after Esc).
      const ran = [...input.state.actions].reverse().find((a) => a.step === step.id && a.status !== 'cancelled');
      const failure = ran?.verification?.outcome === 'failed' ? ran.verification.summary : ran?.status === 'failed' ? failureOf(ran) : undefined;
      const notRun = `last attempt not run: ${last.outcome ?? 'cancelled'}`;
      return failure === undefined ? { ...base, status: 'pending', detail: notRun } : { ...base, status: 'failed', detail: `${failure} (${notRun})` };
    }
    if (step.status !== 'in-progress') return { ...base, status: 'pending', ...blockedDetail(input, step.id) };
    // A step with nothing to run (a look, a call) is the responder's to finish: Enter again would only start it again.
    // A look or a call started: the responder's to finish ("to do" beside "started" read as a contradiction).
    return base.action === undefined && base.check === undefined ? { ...base, status: 'started', detail: 'd marks it done' } : { ...base, status: 'pending', detail: 'started' };
  });
}

/** Lines of a step's output shown under it; the whole output is on the timeline (`t`). */
const STEP_OUTPUT_LINES = 3;

/** The last lines an action printed, as the step shows them; none when it printed nothing. */
function outputOf(tail: string | undefined): StepView['output'] {
  const lines = (tail ?? '').split('\n').map((line) => line.trimEnd()).filter((line) => line !== '');
  if (lines.length === 0) return undefined;
  return { lines: lines.slice(-STEP_OUTPUT_LINES), more: lines.length > STEP_OUTPUT_LINES };
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

/**
 * Why an action failed; one that never started (its plan could not be made, or its re-check
 * before running failed) changed nothing, and says so: `✖ FAILED` alone read as a change that
 * went wrong half way.
 */
function failureOf(action: ActionState): string {
  const message = action.error?.message ?? 'failed';
  return action.startedAt === undefined ? `nothing was changed: ${message}` : message;
}
