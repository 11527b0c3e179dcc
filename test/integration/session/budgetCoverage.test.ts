import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, START, type Harness } from '../../support/sessionHarness';
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

/**
 * A Prometheus started ten minutes before (a real rig): every window longer than its data held the
 * same minutes, read as full, and the burn was dated hours back ("no deploy or flag change in the
 * 12h before the burn began (by 09:06Z, from its windows)"), clearing the deploy it began after.
 */
describe('the burn dated over data younger than its windows', () => {
  let h: Harness | undefined;
  afterEach(() => h?.cleanup());
  const MIN = 60_000;

  const world = (dataSince: boolean) => {
    const w = new TestWorld();
    const at = (ms: number) => new Date(ms).toISOString();
    w.deploys = w.deploys.map((d) => ({ ...d, startedAt: d.revision === 'checkout-api:42' ? at(START - 6 * MIN) : at(START - 24 * 60 * MIN) }));
    // 8% errors for the last 5.5 of the 10 minutes Prometheus holds: every window over 5m reads those 10 minutes.
    w.ratio = (_slo, windowMs) => (windowMs <= 5 * MIN ? 0.08 : (0.08 * 5.5) / 10);
    w.dataSince = dataSince ? (_slo, asked) => asked.getTime() - 10 * MIN : undefined;
    return w;
  };

  it('bounds the windows by the data: the deploy 6 minutes back stays the cause', async () => {
    h = await openHarness({ world: world(true) });
    await h.advance(1_000);
    const advice = h.session.view().recommendations.map((r) => r.text);
    expect(advice).toContainEqual(expect.stringMatching(/Rollback recommended: checkout-api:42 deployed 6m before/));
    expect(advice.join('\n')).not.toContain('No recent change explains the burn');
  });

  // "▲ FIRED 6x on 6h+30m" 2.5 minutes after a fresh Prometheus started, with nothing saying the 6h held minutes.
  it('says which windows hold less than their length, and a trigger that fired on minutes of data', async () => {
    h = await openHarness({ world: world(true) });
    await h.advance(1_000);
    const slo = h.session.view().slos.data!.find((s) => s.name === 'availability')!;
    const partial = slo.windows.filter((w) => w.dataMs !== undefined);
    expect(partial.map((w) => w.window)).toEqual(['30m', '1h', '6h']);
    for (const w of partial) expect(Math.round(w.dataMs! / MIN)).toBe(10);
    expect(slo.firedTriggers.length).toBeGreaterThan(0);
    for (const trigger of slo.firedTriggers) expect(Math.round(trigger.longDataMs! / MIN)).toBe(10);
    await h.cleanup();
    h = await openHarness({ world: world(false) });
    await h.advance(1_000);
    const whole = h.session.view().slos.data!.find((s) => s.name === 'availability')!;
    expect(whole.windows.some((w) => w.dataMs !== undefined) || whole.firedTriggers.some((t) => t.longDataMs !== undefined)).toBe(false);
  });

  // The postmortem dates the impact from these first answers: a 30d window over ten minutes read as a 15% baseline.
  it('records the longer windows\' first answers with when the data began, where it began within them', async () => {
    h = await openHarness({ world: world(true) });
    await h.advance(1_000);
    const firsts = (await h.events()).filter((e) => e.kind === 'slo.observed');
    const byWindow = new Map(firsts.map((e) => [e.data.windowMs, e.data.dataSince]));
    expect([...byWindow.keys()].sort((a, b) => a - b)).toEqual([5 * MIN, 30 * MIN, 60 * MIN, 360 * MIN, 30 * 24 * 60 * MIN]);
    expect(byWindow.get(5 * MIN)).toBeUndefined();
    const since = [30 * MIN, 60 * MIN, 360 * MIN, 30 * 24 * 60 * MIN].map((w) => byWindow.get(w));
    expect(new Set(since).size).toBe(1);
    expect(Date.parse(since[0]!)).toBe(START - 10 * MIN);
  });

  it('holds those first answers while the provider has not said how far back its data goes', async () => {
    const w = world(true);
    let answer: (since: number) => void = () => undefined;
    w.dataSince = () => new Promise<number>((resolve) => (answer = resolve));
    h = await openHarness({ world: w });
    await h.advance(1_000);
    const longer = async () => (await h!.events()).filter((e) => e.kind === 'slo.observed' && e.data.windowMs > 5 * MIN);
    expect(await longer()).toEqual([]);
    // The screen does not wait for it: the windows are there.
    expect(h.session.view().slos.data?.[0]?.windows.map((x) => x.burnRate).every((b) => b !== null)).toBe(true);
    answer(START - 10 * MIN);
    await h.advance(1_000);
    const recorded = await longer();
    expect(recorded.length).toBe(4);
    for (const e of recorded) expect(e.kind === 'slo.observed' && e.data.dataSince).toBe(new Date(START - 10 * MIN).toISOString());
  });

  // A Prometheus seconds old said it had no data; the SLO answered anyway, and its windows were read
  // whole (budget -5900% left) until the coverage was asked again 15 minutes later.
  it('asks the coverage again soon when it said none while the SLO answers', async () => {
    const w = world(true);
    let asked = 0;
    w.dataSince = (_slo, at) => (++asked === 1 ? null : at.getTime() - 2 * MIN);
    h = await openHarness({ world: w });
    await h.advance(1_000);
    const windows = () => h!.session.view().slos.data!.find((s) => s.name === 'availability')!.windows;
    expect(windows().some((x) => x.dataMs !== undefined)).toBe(false);
    await h.advance(2 * MIN);
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(asked).toBeLessThanOrEqual(6);
    expect(windows().filter((x) => x.dataMs !== undefined).map((x) => x.window)).toEqual(['5m', '30m', '1h', '6h']);
    // The longer windows' first answers waited for it: the postmortem reads them over the data they held.
    const firsts = (await h.events()).filter((e) => e.kind === 'slo.observed' && e.data.windowMs > 5 * MIN);
    expect(firsts.length).toBe(4);
    for (const e of firsts) expect(e.kind === 'slo.observed' && e.data.dataSince !== undefined).toBe(true);
  });

  it('a cockpit that stops before the coverage answered records those first answers as they are', async () => {
    const w = world(true);
    w.dataSince = () => new Promise<number>(() => undefined);
    h = await openHarness({ world: w });
    await h.advance(1_000);
    await h.session.close();
    const longer = (await h.events()).filter((e) => e.kind === 'slo.observed' && e.data.windowMs > 5 * MIN);
    expect(longer.length).toBe(4);
  });

  it('without the data coverage (a provider that cannot say), the windows are read whole, as before', async () => {
    h = await openHarness({ world: world(false) });
    await h.advance(1_000);
    expect(h.session.view().recommendations.map((r) => r.text)).toContainEqual(expect.stringMatching(/^No recent change explains the burn/));
  });
});
