import type { CockpitView } from '../session/viewModel';

/** How a recovery check being watched is named among what quitting leaves. */
export const CHECK_PREFIX = 'check ';

/**
 * What quitting would leave unwatched: actions still running (their changes go on without the
 * cockpit) and recovery checks being watched (a quit mid-check lost its progress without a
 * question), but not a check of an incident resolved already: nobody waits on it (quitting a
 * resolved drill asked "QUIT WHILE A CHECK RUNS?"). `starting`: an action confirmed here that the
 * session has not taken up yet (a `q` sent with the confirming Enter quit with no question, and the
 * rollback confirmed never ran).
 */
export function runningWork(view: CockpitView, starting?: string): string[] {
  const checks = view.incident.readOnly || view.incident.status === 'resolved' ? [] : view.steps.filter((step) => step.status === 'running' && step.verify !== undefined && !view.running.some((action) => action.step === step.id));
  // Which of the dialog's cases each action is in: the dialog listed both ("a change already made goes on …; a call still being made is stopped") of a rollout under way.
  const state = (phase: CockpitView['running'][number]['phase']) => (phase === 'verifying' ? 'made, and goes on unwatched' : 'being made: its call is stopped');
  const confirmed = starting !== undefined && view.confirmation?.action === starting ? [`${view.confirmation.name} (confirmed, not started yet: quitting stops it before it runs): ${view.confirmation.summary}`] : [];
  return [...confirmed, ...view.running.map((action) => `${action.name} (${state(action.phase)}): ${action.summary}`), ...checks.map((step) => `${CHECK_PREFIX}${step.title}: ${step.verify}`)];
}
