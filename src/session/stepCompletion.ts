import type { ActionState } from '../core/incidentState';
import type { RunbookStep } from '../runbook/schema';
import { refuse, type IntentResult } from './intents';
import type { Journal } from './journal';
import type { VerifyWatches } from './verifyWatches';

interface CompletionDeps {
  readonly journal: Journal;
  readonly actions: readonly ActionState[];
  readonly verifyWatches: VerifyWatches;
}

/**
 * Marks the step done by hand. A `verify:` step's check is overridden then: that needs a reason,
 * is recorded as an override (the drill score does not count it as a passed check), and stops
 * the check if it is being watched, so it cannot pass later and complete the step twice. A step
 * whose action never succeeded (blocked, declined, failed, never started) is marked done without
 * running it: that needs a reason too, and is recorded as `manual`, never like a completed action.
 */
export async function completeByHand(deps: CompletionDeps, step: RunbookStep, reason: string | undefined): Promise<IntentResult> {
  const why = reason?.trim() ?? '';
  if (step.run && !deps.actions.some((a) => a.step === step.id && a.status === 'succeeded')) {
    if (why === '') return refuse(`step ${step.id}'s action ${step.run.action} has not run: marking it done without running it needs a reason`);
    deps.verifyWatches.cancel(step.id);
    await deps.journal.record({ kind: 'step.completed', data: { step: step.id, manual: true, action: step.run.action, reason: why } });
    return { ok: true };
  }
  if (!step.verify) {
    await deps.journal.record({ kind: 'step.completed', data: { step: step.id } });
    return { ok: true };
  }
  if (why === '') return refuse(`step ${step.id} is a recovery check: marking it done by hand overrides it, so give a reason`);
  deps.verifyWatches.cancel(step.id);
  await deps.journal.record({ kind: 'step.completed', data: { step: step.id, override: true, reason: why } });
  return { ok: true };
}
