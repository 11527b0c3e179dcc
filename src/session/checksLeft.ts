import { COCKPIT_ACTOR } from '../core/cockpitActor';
import { formatDuration } from '../core/duration';
import { CHECK_LEFT_TAG } from '../core/events';
import type { Runbook } from '../runbook/schema';
import type { Journal } from './journal';
import type { VerifyWatches } from './verifyWatches';

/**
 * As the cockpit closes, each recovery check it still watched is said on the log, by the cockpit:
 * a drill quit mid-check left no trace of it, and the postmortem drew the check's bar whole, from
 * its start to the pass after the resume. Nothing is said of one that reached a verdict. Tagged, so that every cockpit
 * folds it: a watch read `⟳ RUNNING` beside `nobody drives this drill now`, and the postmortem `still watched`.
 */
export async function recordChecksLeft(journal: Journal, watches: VerifyWatches, runbook: Runbook): Promise<void> {
  const steps = [...runbook.first_actions, ...runbook.recovery];
  for (const [id, status] of watches.statuses()) {
    const index = steps.findIndex((step) => step.id === id);
    const step = steps[index];
    if (step?.verify === undefined || status.state !== 'waiting') continue;
    const held = status.heldMs > 0 ? `held ${formatDuration(Math.floor(status.heldMs / 1000) * 1000)} of ${step.verify.for}` : status.message;
    await journal.record({ kind: 'note', actor: COCKPIT_ACTOR, data: { text: `The cockpit closed while recovery check ${index + 1}. ${step.title} was watched (${held}): not passed; it is watched again when the incident is opened again`, tag: CHECK_LEFT_TAG, details: { step: id } } });
  }
}
