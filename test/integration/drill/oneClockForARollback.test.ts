import { afterAll, describe, expect, it } from 'vitest';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/** Every 20 s of the 12 minutes after the rollback: whether the deploys panel still judges it, and whether the advice says `said`. */
interface Seen {
  readonly judging: boolean;
  readonly said: boolean;
}

const harnesses: DrillHarness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.cleanup();
});

async function afterRollback(scenario: string, said: string): Promise<Seen[]> {
  const h = await openDrill(scenario);
  harnesses.push(h);
  await h.pass(60_000);
  await confirmed(h, { type: 'step.run', step: 'rollback' });
  const seen: Seen[] = [];
  for (let tick = 0; tick < 36; tick += 1) {
    await h.pass(20_000);
    const view = h.drill.session.view();
    seen.push({ judging: (view.deploys.data ?? []).some((row) => row.causeShowsBy !== undefined), said: view.recommendations.some((r) => r.text.includes(said)) });
  }
  return seen;
}

/**
 * bad-flag, the wrong rollback first (a responder's play-test): for a minute the deploys panel said
 * `↶ :42 the cause? the 5m burn tells by 02:43Z` beside advice that already said `rolling back to
 * :41 did not stop it`: two clocks for one verdict.
 */
describe('one clock for whether a rollback stopped the burn', () => {
  it('the advice never says the rollback did not stop the burn while the panel still waits for the 5m burn to tell; it says so once the panel is done', { timeout: 120_000 }, async () => {
    const seen = await afterRollback('bad-flag', 'did not stop it');
    expect(seen.filter((m) => m.judging && m.said)).toEqual([]);
    expect(seen.some((m) => m.judging)).toBe(true);
    expect(seen.at(-1)).toEqual({ judging: false, said: true });
  });

  /**
   * bad-deploy played right (the second play-test): the advice said `the burn has stopped (5m
   * 0.1x)` while the panel still said `↶ :42 the cause? the 5m burn tells by 02:39Z`, for two
   * minutes, then `⊗ :42 bad`. The burn stopping after the rollback is the verdict.
   */
  it('a rollback the burn stopped after is no longer "the cause?" on the deploys panel once the advice says the burn has stopped', { timeout: 120_000 }, async () => {
    const seen = await afterRollback('bad-deploy', 'the burn has stopped');
    expect(seen.some((m) => m.said)).toBe(true);
    expect(seen.filter((m) => m.judging && m.said)).toEqual([]);
  });
});
