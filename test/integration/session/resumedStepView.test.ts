import { afterEach, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import type { NewEvent } from '../../../src/core/events';
import { buildView } from '../../../src/session/buildView';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { chainOf, OPENED } from '../../unit/core/chainOf';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

/**
 * A responder resumed a drill whose rollback an Argo Rollout had aborted: the step read `✖ FAILED`
 * with the AnalysisRun's reason before quitting, and `○ to do` after (the live failures are not
 * replayed). What the log recorded, the step shows.
 */
it('a step whose action\'s check failed stays failed, with why, when the view is built from the log alone', async () => {
  harness = await openHarness();
  const events: NewEvent[] = [
    OPENED,
    { kind: 'step.started', data: { step: 'rollback' } },
    { kind: 'action.planned', data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
    { kind: 'action.started', data: { action: 'act-1' } },
    { kind: 'action.succeeded', data: { action: 'act-1', summary: 'Rolled back to the template of svc:41 (now revision 43)' } },
    { kind: 'verify.failed', data: { action: 'act-1', step: 'rollback', summary: 'AnalysisRun svc-43 Failed (RolloutAborted)' } },
  ];
  const folded = fold(chainOf(events));
  if (!folded.ok) throw new Error(folded.reason);
  const view = buildView({ ...harness.session.viewInputs(), state: folded.state, running: [], verifying: new Map(), verifyFailures: new Map(), interrupted: new Set() });
  expect(view.steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'failed', detail: 'AnalysisRun svc-43 Failed (RolloutAborted)' });
});
