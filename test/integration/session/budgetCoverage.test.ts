import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const HOUR = 3_600_000;
const PERIOD = 30 * 24 * HOUR;

/**
 * The SLO panel's budget against a provider whose data is younger than the SLO's period (a real
 * rig: Prometheus with 7 hours of history under a 30-day SLO read "budget -136% left" after ten
 * minutes at 80% errors; the postmortem, from its samples, said 2.18% consumed).
 */
describe('the budget over data younger than the period', () => {
  let h: Harness | undefined;
  afterEach(() => h?.cleanup());

  /** 2% errors over the 30d window as Prometheus answers it (4x on a 99.5% SLO): over the data it has. */
  const world = (dataSince?: (at: Date) => number | null) => {
    const w = new TestWorld();
    w.ratio = (_slo, windowMs) => (windowMs === PERIOD ? 0.02 : 0.001);
    w.dataSince = dataSince && ((_slo, at) => dataSince(at));
    return w;
  };
  const availability = (harness: Harness) => harness.session.view().slos.data?.find((s) => s.name === 'availability');

  it('counts the errors of the 7 hours there are against the 30 days, as the most that is left', async () => {
    h = await openHarness({ world: world((at) => at.getTime() - 7 * HOUR) });
    await h.advance(1_000);
    const slo = availability(h)!;
    // Asked a second ago: the data reaches as far back, and a second more has passed since.
    expect(slo.budgetDataMs! - 7 * HOUR).toBeGreaterThanOrEqual(0);
    expect(slo.budgetDataMs! - 7 * HOUR).toBeLessThanOrEqual(1_000);
    expect(slo.budgetRemaining).toBeCloseTo(1 - 4 * (7 / 720), 4);
  });

  it('as the whole period when the data covers it, or the provider cannot say', async () => {
    h = await openHarness({ world: world((at) => at.getTime() - PERIOD - HOUR) });
    await h.advance(1_000);
    expect(availability(h)!.budgetRemaining).toBeCloseTo(-3, 6);
    expect(availability(h)!.budgetDataMs).toBeUndefined();
    await h.cleanup();
    h = await openHarness({ world: world() });
    await h.advance(1_000);
    expect(availability(h)!.budgetRemaining).toBeCloseTo(-3, 6);
    expect(availability(h)!.budgetDataMs).toBeUndefined();
  });
});
