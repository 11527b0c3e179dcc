import { afterEach, describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/core/describeEvent';
import type { StoredEvent } from '../../../src/core/events';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder quit while the rollback was verified and resumed minutes later: the check re-run
 * then passed at once, and the postmortem, the drill report and the deploys panel took its time
 * (02:42) for the rollout's end (02:35). Through the real ECS plugin against the sandbox's ECS.
 */

const MIN = 60_000;
let harness: DrillHarness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('a rollback checked again long after it completed', () => {
  it('records when ECS finished it (doneAt), and the incident dates the rollback from that', async () => {
    harness = await openDrill('bad-deploy');
    const { session } = harness.drill;
    await session.dispatch({ type: 'step.run', step: 'rollback' });
    await harness.until((v) => v.confirmation !== undefined);
    const { action } = session.view().confirmation!;
    await session.dispatch({ type: 'confirm', action });
    await harness.until((v) => v.running[0]?.phase === 'verifying');
    // Stop watching: the rollout goes on in the sandbox's ECS, and ends there.
    await session.dispatch({ type: 'cancel', action });
    await harness.until((v) => v.steps.find((step) => step.id === 'rollback')?.status === 'unwatched');
    const unwatchedAt = Date.parse(session.view().now);
    await harness.pass(10 * MIN);
    // Enter on the step checks it again; it passes at once, ten minutes after the rollout ended.
    await session.dispatch({ type: 'step.run', step: 'rollback' });
    await harness.until((v) => v.steps.find((step) => step.id === 'rollback')?.status === 'done');
    const passed = (await harness.events()).filter((e): e is Extract<StoredEvent, { kind: 'verify.passed' }> => e.kind === 'verify.passed' && e.data.action === action);
    expect(passed).toHaveLength(1);
    const doneAt = Date.parse(passed[0]!.data.doneAt!);
    expect(doneAt).toBeLessThan(unwatchedAt + 5 * MIN);
    expect(Date.parse(passed[0]!.at) - doneAt).toBeGreaterThan(5 * MIN);
    expect(describeEvent(passed[0]!)).toMatch(/^Verified: checkout-api runs checkout-api:41: .* \(done at \d\d:\d\d:\d\d UTC, seen late\)$/);
  }, 60_000);
});
