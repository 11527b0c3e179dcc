import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { deploy, TestWorld } from '../../support/testWorld';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('a rolled-back build the provider stops listing', () => {
  // A real incident on moto (history from DescribeServices alone): once the rollout drained :42, the
  // recommendation's evidence read "no deploy or flag change in the 12h before the trigger fired",
  // though :42 had gone out 53m before it; the deploys panel kept :42, the advice did not.
  it('is still the likely cause the recommendation names', async () => {
    const world = new TestWorld();
    world.deploys = world.deploys.map((d) => ({ ...d, startedAt: d.revision.endsWith(':42') ? '2026-11-22T00:50:00.000Z' : '2026-11-21T01:00:00.000Z' }));
    // 70 minutes of 8% errors: the 1h window full, the 6h one not (its trigger stays quiet).
    world.ratio = (_slo, windowMs) => (windowMs <= 3_600_000 ? 0.08 : windowMs <= 6 * 3_600_000 ? (0.08 * 70) / 360 : 0.001);
    harness = await openHarness({ world });
    const { session } = harness;
    await harness.advance(30_000);
    expect(session.view().recommendations[0]?.kind).toBe('rollback');
    await session.dispatch({ type: 'step.run', step: 'rollback' });
    const confirmation = (await session.until((v) => v.confirmation !== undefined, { timeoutMs: 60_000 })).confirmation!;
    expect(await session.dispatch({ type: 'confirm', action: confirmation.action, typed: 'checkout-api' })).toEqual({ ok: true });
    await session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 60_000 });
    // Rolled back, and drained: the provider lists :41 (current) and :40 only.
    world.deploys = [{ ...deploy('d-41b', 'checkout-api:41', 'successful', true), startedAt: '2026-11-22T02:00:30.000Z' }, { ...world.deploys[2]!, current: false }];
    await harness.advance(60_000);
    const [advice] = session.view().recommendations;
    expect(advice?.evidence.join('\n')).toContain('checkout-api:42 deployed');
    expect(advice?.evidence.join('\n')).not.toMatch(/no deploy or flag change/);
  });
});
