import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../../src/core/summary';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's drill (irreversible-migration): the rollback forced through its migration block made the burn worse, its
 * undo put :42 back, and the kill switch stopped the burn while :42 ran. Resolved, incident.json still said
 * `rolledBackFrom: [":42"]`, which the next incident of the service reads as known bad, beside the panel's `↶ :42 not
 * shown to be the cause` and :42 running clean.
 */
describe('a forced rollback undone, then the kill switch: resolved', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill('irreversible-migration');
    await h.pass(90_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => (v.recommendations[0]?.undoes ?? []).includes('act-1'), 30 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.pass(3 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('does not hand the build that ran clean at the end to the next incident as rolled back from', async () => {
    expect(h.drill.session.view().deploys.data?.find((row) => row.current)?.revision).toBe('checkout-api:42');
    expect(await h.drill.session.dispatch({ type: 'incident.resolved', summary: 'the flag' })).toEqual({ ok: true });
    const resolved = (await h.events()).find((e) => e.kind === 'incident.resolved');
    expect(resolved?.data).toMatchObject({ notTheCause: ['checkout-api:42'] });
    expect(summarize(h.drill.session.viewInputs().state).rolledBackFrom ?? []).not.toContain('checkout-api:42');
  });
});

/**
 * helper-133's drill (irreversible-migration): the kill switch first (the burn fell), then the rollback forced through its
 * block (the burn rose to 121x), then its undo: the advice then said "checkout_v2 set to off 12m ago, and the burn rose
 * … that change made it worse; undo it: set checkout_v2 back · U on step 2" of the kill switch, the only fix.
 */
describe('the kill switch, then a forced rollback that made it worse, undone', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill('irreversible-migration');
    await h.pass(90_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.pass(3 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => (v.recommendations[0]?.undoes ?? []).includes('act-2'), 30 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-2' });
  }, 120_000);
  afterAll(() => h.cleanup());

  it('never asks to undo the kill switch: the rise was the rollback undone', async () => {
    const said = new Set<string>();
    for (let minute = 0; minute < 12; minute += 1) {
      for (const r of h.drill.session.view().recommendations) said.add(`${r.text} | ${r.evidence.join(' | ')} | ${(r.undoes ?? []).join()}`);
      await h.pass(60_000);
    }
    const advice = [...said].join('\n');
    expect(advice).not.toMatch(/undo it: set checkout_v2 back/);
    // While the window drains the forced rollback's rise, the kill switch is waited on, not called a failure.
    expect(advice).not.toMatch(/look for another cause/);
    expect(advice).toMatch(/^checkout_v2 set to off(?: \S+ ago)?, waiting for the burn to fall/m);
    expect(advice).not.toMatch(/\| act-1$/m);
    expect(h.drill.session.view().recommendations[0]?.text).toMatch(/the burn has stopped/);
  });
});
