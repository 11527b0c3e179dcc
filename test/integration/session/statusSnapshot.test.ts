import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/plugins/clock';
import { createExec } from '../../../src/plugins/exec';
import { takeSnapshot } from '../../../src/session/statusSnapshot';
import { CHECKOUT_RUNBOOK, loadCheckout, quietLog, START } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const MIN = 60_000;

async function snapshotOf(ratios: Record<number, number>) {
  const world = new TestWorld();
  world.ratio = (_slo, windowMs) => ratios[windowMs] ?? 0.0005;
  return snapshotIn(world);
}

/** `cockpit status` of the checkout-api runbook against `world`, at START. */
async function snapshotIn(world: TestWorld) {
  const taken = await takeSnapshot({
    runbook: await loadCheckout(),
    baseDir: dirname(CHECKOUT_RUNBOOK),
    plugins: world.plugins(),
    environment: 'production',
    defaultEnvironment: true,
    clock: new ManualClock(START),
    log: quietLog,
    exec: createExec(),
    signal: AbortSignal.timeout(30_000),
  });
  if (!taken.ok) throw new Error(taken.error.message);
  return taken.value;
}

describe('cockpit status between incidents', () => {
  // A real incident, resolved with its burn over: `status` still saw its 6h/30m trigger fire on the
  // windows that held the outage, beside a 5m window at 0.2x, and said "Rollback recommended" of the
  // good build the rollback had put back.
  it('a trigger still firing on a burn the 5m window shows over recommends no change', async () => {
    const snapshot = await snapshotOf({ [5 * MIN]: 0.001, [30 * MIN]: 0.032, [60 * MIN]: 0.04, [360 * MIN]: 0.035 });
    expect(snapshot.triggers.find((t) => t.id === 'availability:6h/30m>6')?.state).toBe('fired');
    expect(snapshot.recommendations).toEqual([
      expect.objectContaining({ kind: 'waiting-for-recovery', text: 'No change needed now: the burn has stopped (5m 0.2x); the 6h window still holds the outage (7.0x)' }),
    ]);
  });

  it('a burn going on still gets its recommendation', async () => {
    const snapshot = await snapshotOf({ [5 * MIN]: 0.034, [30 * MIN]: 0.032, [60 * MIN]: 0.04, [360 * MIN]: 0.035 });
    expect(snapshot.recommendations.map((r) => r.kind)).not.toContain('waiting-for-recovery');
  });
});

// A Prometheus started ten minutes before: `status` dated the burn hours back from windows that
// held those minutes alone, and cleared the deploy it began after.
describe('cockpit status over data younger than its windows', () => {
  it('bounds the windows by the data, and counts the budget over it', async () => {
    const world = new TestWorld();
    world.deploys = world.deploys.map((d) => ({ ...d, startedAt: new Date(d.revision === 'checkout-api:42' ? START - 6 * MIN : START - 24 * 60 * MIN).toISOString() }));
    world.ratio = (_slo, windowMs) => (windowMs <= 5 * MIN ? 0.08 : (0.08 * 5.5) / 10);
    world.dataSince = (_slo, at) => at.getTime() - 10 * MIN;
    const snapshot = await snapshotIn(world);
    expect(snapshot.recommendations.map((r) => r.text)).toContainEqual(expect.stringMatching(/Rollback recommended: checkout-api:42 deployed 6m before/));
    if (snapshot.slos.status !== 'ok') throw new Error('no SLOs');
    expect(snapshot.slos.data[0]).toMatchObject({ budgetDataMs: 10 * MIN });
  });
});
