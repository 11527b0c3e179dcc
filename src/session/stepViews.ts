/**
 * The runbook panel's steps as the view shows them: each step's status and what it says beside it,
 * from the log, this cockpit's running work, a teammate's or the writer's, and the burn after it.
 */
import type { ActionState } from '../core/incident';
import type { RollbackJudgement } from '../core/burnWentOn';
import { blockedBecause } from '../core/rollbackPreview';
import { liveChange, standingAction, undoneBy } from '../core/undo';
import { burnBackSince } from '../core/burnCameBack';
import { flagChangeInEffect } from '../core/flagInEffect';
import type { Flag } from '../core/flags';
import type { Deploy } from '../plugins/contract';
import { gone } from './driverlessDrill';
import { stepFields } from './stepFields';
import { stepUndo } from './stepUndo';
import { checkWatchedElsewhere } from './teamWatch';
import { NOT_STARTED, OUTCOME_UNRECORDED, type ViewInputs } from './viewInputs';
import type { StepView } from './viewModel';

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

export function stepViews(input: ViewInputs, judged: RollbackJudgement): StepView[] {
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
    if (last && input.awaitingLease?.has(last.id)) return { ...base, status: 'running', detail: `checked again here once the lease of ${last.id}'s stopped cockpit expires (within 30 s)` };
    if (last && input.interrupted.has(last.id)) return { ...base, status: 'interrupted', detail: 'interrupted — check the provider; Enter checks it again' };
    if (last !== undefined && elsewhere(last)) return runningThere(last);
    // Planned there, its dialog open there: a watcher read "started" until it ran.
    const plannedThere = last?.status === 'planned' && input.confirmation?.action !== last.id && (input.readOnly || (input.present !== undefined && last.plannedBy !== input.responder));
    if (plannedThere) return { ...base, status: 'awaiting', detail: `in ${cockpitOf(last.plannedBy)}: ${last.summary}` };
    // Its cockpit closed while it watched, and none has started it since: a watch read `⟳ RUNNING` beside `nobody drives this drill now`.
    if (definition?.verify !== undefined && step.status === 'in-progress' && step.check === undefined && step.watchLeftAt !== undefined) {
      return { ...base, status: 'unwatched', detail: `not watched since ${step.watchLeftAt.slice(11, 16)}Z, when the cockpit that watched it closed: not passed${input.readOnly ? '' : ' (Enter watches it again)'}` };
    }
    // A teammate's recovery check is watched in their cockpit (alice's counted bob's too, and both recorded its pass); its
    // watcher gone from the incident, it is nobody's until a cockpit watches it.
    const teammate = definition?.verify !== undefined && !input.readOnly && step.status === 'in-progress' && step.check === undefined && step.watchLeftAt === undefined ? step.startedBy : undefined;
    if (teammate !== undefined && checkWatchedElsewhere(step, input.responder, { present: input.present ?? [], ...(input.presenceKnown ? { presenceKnown: true } : {}) }) !== undefined) return { ...base, status: 'running', detail: `being checked in ${teammate}'s cockpit` };
    if (teammate !== undefined && teammate !== input.responder && gone(input, teammate)) return { ...base, status: 'unwatched', detail: `${teammate}'s cockpit left the incident while it watched it: not passed (Enter watches it here)` };
    // A recovery check the writer watches: its verdict is not on the log yet (bob's watch read `○ to do` beside alice's `held 5m30s`).
    if (input.readOnly && definition?.verify !== undefined && step.status === 'in-progress' && step.check === undefined) return { ...base, status: 'running', detail: "being checked in the writer's cockpit" };
    if (last?.status === 'interrupted') return { ...base, status: 'interrupted', detail: `interrupted (${last.outcome ?? 'its cockpit stopped'}) — check the provider; Enter runs it again` };
    if (last?.verification?.outcome === 'unwatched') return { ...base, status: 'unwatched', detail: `running, not watched (Enter checks it again): ${last.verification.summary}` };
    // Nothing ran (its start could not be recorded): to do, with why; it read `✖ FAILED` after the disk had room again.
    if (verifyFailure?.startsWith(NOT_STARTED)) return { ...base, status: 'pending', detail: verifyFailure };
    if (verifyFailure?.startsWith(OUTCOME_UNRECORDED)) return { ...base, status: 'interrupted', detail: verifyFailure };
    if (verifyFailure) return { ...base, status: 'failed', verify: verifyFailure, detail: verifyFailure };
    // A recovery check's failure as recorded, after a resume too.
    if (step.status === 'in-progress' && step.check?.outcome === 'failed') return { ...base, status: 'failed', verify: step.check.summary, detail: step.check.summary };
    // As recorded: after a resume too (the live failures are not replayed).
    if (last?.verification?.outcome === 'failed') return { ...base, status: 'failed', verify: last.verification.summary, detail: last.verification.summary };
    if (last?.status === 'failed') return { ...base, status: 'failed', detail: failureOf(last) };
    // What it would change is so already: never next (its kill switch left on by an earlier incident read `◀ next`).
    const inEffect = flagChangeInEffect(definition?.run, input.sources.flags?.key, input.observations.get('flags')?.value as readonly Flag[] | undefined);
    if (last?.status === 'cancelled') {
      // Declined again after one that failed: the failure still stands (a forced Argo rollback read `○ to do` after Esc).
      const ran = [...input.state.actions].reverse().find((a) => a.step === step.id && a.status !== 'cancelled');
      const failure = ran?.verification?.outcome === 'failed' ? ran.verification.summary : ran?.status === 'failed' ? failureOf(ran) : undefined;
      // Cancelled once its call had begun: it may have run (a hung plugin's execute read "not run").
      const notRun = `last attempt ${last.startedAt === undefined ? 'not run' : 'stopped'}: ${last.outcome ?? 'cancelled'}`;
      return failure === undefined ? { ...base, status: 'pending', detail: notRun, ...(inEffect === undefined ? {} : { inEffect }) } : { ...base, status: 'failed', detail: `${failure} (${notRun})` };
    }
    if (step.status !== 'in-progress') return { ...base, status: 'pending', ...blockedDetail(input, step.id), ...(inEffect === undefined ? {} : { inEffect, detail: inEffect }) };
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

/**
 * Why an action failed; one that never started (its plan could not be made, or its re-check
 * before running failed) changed nothing, and says so: `✖ FAILED` alone read as a change that
 * went wrong half way.
 */
function failureOf(action: ActionState): string {
  const message = action.error?.message ?? 'failed';
  return action.startedAt === undefined ? `nothing was changed: ${message}` : message;
}
