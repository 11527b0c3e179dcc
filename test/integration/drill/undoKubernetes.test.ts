import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed, declined } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's payments-api drills (a Deployment and an Argo Rollout, bad-flag): a needless rollback
 * (act-1, :42 → :43, the build of :41), then the kill switch stopped the burn. The advice said `the
 * rollback to :41 was likely needless (:42 not the cause): undo it … · U on step 3`, and `U` said
 * `⊘ BLOCKED … payments-api:42 is known bad: rolled back from: payments-api:43 runs the build of
 * payments-api:41 again`, asking for `roll back to known-bad payments-api:42` typed: the plugin's own
 * reading of the cluster's history outweighed what the incident had shown. On ECS the same undo
 * reads `Roll checkout-api forward …`, ✓ SAFE.
 */
describe('payments-api on Kubernetes: the undo of a needless rollback, once the kill switch worked', () => {
  const FILE = 'runbooks/payments-api.yaml';
  let h: DrillHarness;
  let asked: NonNullable<CockpitView['confirmation']>;
  let advised: CockpitView;

  beforeAll(async () => {
    h = await openBoundDrill(FILE, 'bad-flag');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    // Long enough for the 5m window to show the burn went on under :43 (the build of :41).
    await h.pass(7 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-payouts' });
    await h.until((v) => /likely needless/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    advised = h.drill.session.view();
    asked = await declined(h, { type: 'action.undo', action: 'act-1' });
  }, 120_000);
  afterAll(() => h.cleanup());

  it('asks for the undo the advice asked for with a plain confirmation: a roll forward, not onto a known-bad build', () => {
    expect(advised.recommendations[0]?.text).toMatch(/the rollback to :41 \(as :43\) was likely needless \(:42 not the cause\): undo it/);
    // The deploys panel's line of :42 names the target as its rows do (`rolled back to payments-api:41` beside a `:43` row).
    expect(advised.deploys.data?.find((row) => row.shortRevision === ':42')?.knownBad).toMatch(/^rolled back to payments-api:41 \(as payments-api:43\) by /);
    expect(asked.safety.level).not.toBe('blocked');
    expect(asked.typeToConfirm).toBeUndefined();
    expect(asked.summary).toMatch(/^Undo act-1: Roll deployment\/payments-api forward in payments from payments-api:43 to payments-api:42 /);
  });

  it('once made, the undo says it rolled forward, as its plan did', async () => {
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    const succeeded = (await h.events()).filter((e) => e.kind === 'action.succeeded').at(-1);
    expect(succeeded?.data).toMatchObject({ summary: expect.stringMatching(/^Rolled deployment\/payments-api forward to the template of payments-api:42 /) });
  });
});
