import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * bad-flag, the wrong rollback first (a responder's play-test): for a minute the deploys panel said
 * `↶ :42 the cause? the 5m burn tells by 02:43Z` beside advice that already said `rolling back to
 * :41 did not stop it`: two clocks for one verdict. Every 20 s of the 12 minutes after the
 * rollback, the two never disagree, and the advice does come to say it.
 */
describe('one clock for whether a rollback stopped the burn', () => {
  let h: DrillHarness;
  const seen: { judging: boolean; saidNotStopped: boolean }[] = [];

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await h.until(() => false, 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    for (let tick = 0; tick < 36; tick += 1) {
      await h.until(() => false, 20_000);
      const view = h.drill.session.view();
      seen.push({
        judging: (view.deploys.data ?? []).some((row) => row.causeShowsBy !== undefined),
        saidNotStopped: view.recommendations.some((r) => r.text.includes('did not stop it')),
      });
    }
  }, 120_000);
  afterAll(() => h.cleanup());

  it('the advice never says the rollback did not stop the burn while the panel still waits for the 5m burn to tell', () => {
    expect(seen.filter((m) => m.judging && m.saidNotStopped)).toEqual([]);
  });

  it('the panel judges first, and the advice says it once the panel is done judging', () => {
    expect(seen.some((m) => m.judging)).toBe(true);
    expect(seen.at(-1)).toEqual({ judging: false, saidNotStopped: true });
  });
});

/**
 * bad-deploy played right (the second play-test): the advice said `the burn has stopped (5m 0.1x)`
 * while the deploys panel still said `↶ :42 the cause? the 5m burn tells by 02:39Z`, for two
 * minutes, then `⊗ :42 bad`. The burn stopping after the rollback is the verdict.
 */
describe('a rollback the burn stopped after', () => {
  let h: DrillHarness;
  const seen: { judging: boolean; saidStopped: boolean }[] = [];

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await h.until(() => false, 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    for (let tick = 0; tick < 36; tick += 1) {
      await h.until(() => false, 20_000);
      const view = h.drill.session.view();
      seen.push({
        judging: (view.deploys.data ?? []).some((row) => row.causeShowsBy !== undefined),
        saidStopped: view.recommendations.some((r) => r.text.includes('the burn has stopped')),
      });
    }
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is no longer "the cause?" on the deploys panel once the advice says the burn has stopped', () => {
    expect(seen.some((m) => m.saidStopped)).toBe(true);
    expect(seen.filter((m) => m.judging && m.saidStopped)).toEqual([]);
  });
});
