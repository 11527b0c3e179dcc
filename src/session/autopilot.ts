import type { DrillReport } from '../core/drillTypes';
import type { Runbook } from '../runbook/schema';
import type { IntentResult, SessionController, Intent } from './intents';
import type { StepEnd } from './steps';
import type { CockpitView } from './viewModel';

/** What the autopilot drives: a session, and the drill around it (its world and its clock). */
export interface AutopilotTarget {
  readonly session: SessionController & {
    runStep(step: string): Promise<StepEnd>;
    until(predicate: (view: CockpitView) => boolean, options: { timeoutMs: number }): Promise<CockpitView>;
    dispatch(intent: Intent): Promise<IntentResult>;
  };
  /** Present at max speed: moves virtual time while the autopilot waits for something. */
  readonly pump?: { run(done: () => boolean, untilMs: number): Promise<boolean> };
  /** The drill's world is back to health. */
  recovered(): boolean;
  score(): Promise<DrillReport>;
}

/** How long the autopilot gives one step, in the drill's time, before calling it failed. */
const STEP_DEADLINE_MS = 60 * 60_000;

/**
 * Follows the runbook's steps in order, then marks the incident resolved when the recovery
 * checks passed, and scores the drill.
 */
export async function runAutopilot(drill: AutopilotTarget, runbook: Runbook): Promise<DrillReport> {
  const { session } = drill;
  // Look before acting, as a responder would: the first answer of every provider is on the timeline
  // first. Each answers or times out (in real time), so this ends; in scaled time on a busy machine
  // that can be past a minute of the drill's time, and a panel still loading then is acted beside,
  // as a responder would, not an error that ends the drill.
  await drive(drill, session.until((view) => [view.deploys, view.flags, view.slos].every((panel) => panel.status !== 'loading'), { timeoutMs: STEP_DEADLINE_MS }).catch(() => undefined));
  for (const step of [...runbook.first_actions, ...runbook.recovery]) {
    const status = session.view().steps.find((s) => s.id === step.id)?.status;
    if (status === 'done' || status === 'skipped') continue;
    const finished = await drive(drill, session.runStep(step.id));
    if (!finished) await giveUp(drill, step.id);
  }
  const recoveryDone = runbook.recovery.every((step) => session.view().steps.find((s) => s.id === step.id)?.status === 'done');
  if (recoveryDone && drill.recovered()) {
    await session.dispatch({ type: 'incident.mitigated', summary: 'autopilot: recovery checks passed' });
    await session.dispatch({ type: 'incident.resolved', summary: 'autopilot: drill complete' });
  }
  return drill.score();
}

/** Waits for `work`; at max speed, moving virtual time while it waits. False when the deadline passed first. */
async function drive(drill: AutopilotTarget, work: Promise<unknown>): Promise<boolean> {
  let finished = false;
  const tracked = work.finally(() => {
    finished = true;
  });
  if (!drill.pump) {
    await tracked;
    return true;
  }
  const deadline = Date.parse(drill.session.view().now) + STEP_DEADLINE_MS;
  const reached = await drill.pump.run(() => finished, deadline);
  if (reached) await tracked;
  return reached;
}

/** A step that did not end in time is cancelled, so the drill ends and says so. */
async function giveUp(drill: AutopilotTarget, step: string): Promise<void> {
  const { session } = drill;
  for (const running of session.view().running) await session.dispatch({ type: 'cancel', action: running.action });
  await session.dispatch({ type: 'step.cancel', step });
  await drill.pump?.run(() => session.view().running.length === 0, Date.parse(session.view().now) + 60_000);
}
