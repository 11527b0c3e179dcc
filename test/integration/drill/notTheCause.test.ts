import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../../src/core/summary';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's bad-flag drill: the wrong rollback first, then the kill switch, which stopped the burn. The incident's
 * summary (incident.json, the JSON export, `incidents --json`) kept `rolledBackFrom: ["checkout-api:42"]`, which the
 * next incident of the service reads as known bad, beside its own open end "checkout-api:42 is likely not the cause".
 */
describe('a rollback the burn went on after, then the kill switch, resolved', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(8 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    expect(await h.drill.session.dispatch({ type: 'incident.resolved', summary: 'the flag' })).toEqual({ ok: true });
  }, 120_000);
  afterAll(() => h.cleanup());

  it('does not hand the build the burn cleared to the next incident as rolled back from', async () => {
    const state = h.drill.session.viewInputs().state;
    expect(summarize(state).rolledBackFrom ?? []).not.toContain('checkout-api:42');
    const resolved = (await h.events()).find((e) => e.kind === 'incident.resolved');
    expect(resolved?.data).toMatchObject({ notTheCause: ['checkout-api:42'] });
  });
});
