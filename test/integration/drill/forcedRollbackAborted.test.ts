import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * helper-143: payments-api-rollout irreversible-migration, the rollback forced through the contract migration's block and
 * aborted by Argo (its analysis failed), then the kill switch that stopped the burn. The Rollout stayed set to :41, the
 * build the migration breaks, and a retry or a sync rolls it out; the screen said `✖ 3. … FAILED`, `3. passed over: not
 * needed unless the burn goes on` and `m mitigated`, and only the resolve dialog said what the Rollout was left set to.
 */
describe('payments-api-rollout: a forced rollback Argo aborted, then the kill switch', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/payments-api-rollout.yaml', 'irreversible-migration');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => v.steps.find((step) => step.id === 'rollback')?.status === 'failed', 30 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-payouts' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('says first in the advice what the aborted rollback may have left the Rollout set to', () => {
    const advice = h.drill.session.view().recommendations[0]!;
    expect(advice.text).toMatch(/the burn has stopped/);
    expect(advice.evidence[0]).toBe('act-1, a rollback, failed its check: payments-api:41 may still be what the workload is set to, and a retry rolls it out again');
  });
});
