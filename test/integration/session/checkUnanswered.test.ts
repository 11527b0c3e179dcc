import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

// Kubernetes, its API server gone away while a rollback rolled out (a responder's play-test): the step read `✖ FAILED …
// did not roll out`, and once the API was back Enter planned a second rollback over the one that had rolled out.
describe('a check the provider stopped answering', () => {
  it('leaves the change not watched, its outcome not known, and Enter checks it again', { timeout: 60_000 }, async () => {
    const world = new TestWorld();
    world.rollbackVerifyFailure = { kind: 'unreachable', message: "the API server did not answer (unreachable): connect ECONNREFUSED, up to the check's time limit: whether the change took is not known (Enter checks it again)" };
    harness = await openHarness({ world, autopilot: true });
    const { session } = harness;
    await session.runStep('rollback');
    const step = session.view().steps.find((s) => s.id === 'rollback')!;
    expect(step.status).toBe('unwatched');
    const kinds = (await harness.events()).map((e) => e.kind);
    expect(kinds).toContain('action.unwatched');
    expect(kinds).not.toContain('verify.failed');
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 60_000 });
    expect(world.calls.filter((c) => c.startsWith('rollback:'))).toHaveLength(1);
  });
});
