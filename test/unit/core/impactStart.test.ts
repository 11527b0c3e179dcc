import { describe, expect, it } from 'vitest';
import { changesBefore, type Change } from '../../../src/core/changesBefore';
import { impactStartOf, type WindowSample } from '../../../src/core/impactStart';

const MIN = 60_000;
const OPEN = Date.parse('2026-11-22T02:30:00.000Z');
const windows = (ratios: Record<number, number | null>) =>
  new Map<number, WindowSample>(Object.entries(ratios).map(([w, r]) => [Number(w), { at: OPEN, windowMs: Number(w), errorRatio: r }]));

describe('impact start from the SLO windows seen at opening', () => {
  // A real rig: 64s of errors at 40% when the incident opened; the 5m window read 8.67%, the 30m 1.52%,
  // over a 0.10% baseline. Read at the 5m average: "about 5m before (give or take 3m)", 4 minutes early.
  it('errors all inside the short window began within it: its start is the bound, said as such', () => {
    const base = 0.001;
    const five = (64 / 60 * 0.4 + (5 - 64 / 60) * base) / 5;
    const thirty = (64 / 60 * 0.4 + (30 - 64 / 60) * base) / 30;
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: windows({ [5 * MIN]: five, [30 * MIN]: thirty, [60 * MIN]: (64 / 60 * 0.4 + (60 - 64 / 60) * base) / 60, [30 * 24 * 60 * MIN]: base }), firedAtOpen: [] });
    expect(e).toMatchObject({ basis: 'live', at: OPEN - 5 * MIN, precisionMs: 5 * MIN });
    expect(e.how).toMatch(/no more of them than the last 5m .*: the errors began within the 5m before/);
  });

  it('dates the start from the first window not yet full of errors (55m of 9% in the 1h window)', () => {
    const base = 0.0005;
    const bad = 0.09;
    const oneHour = (55 * bad + 5 * base) / 60;
    const estimate = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: windows({ [5 * MIN]: bad, [30 * MIN]: bad, [60 * MIN]: oneHour, [30 * 24 * 60 * MIN]: base }), firedAtOpen: [] });
    expect(estimate.basis).toBe('windows');
    expect(OPEN - estimate.at!).toBe(55 * MIN);
    expect(estimate.how).toMatch(/1h window .* began about 55m before \(give or take 4m\)/);
    // what the samples after the opening cannot count: 55m of 9%
    expect(estimate.errorMsBeforeSamples).toBeCloseTo(55 * MIN * bad, -3);
  });

  // order-worker: :41 at 5% errors for a day, :42 20m ago made it 8%. The postmortem said "began 26m
  // before" (the 30m window), while the 6h window at opening held hours of errors.
  it('a wider window that says the errors lasted far longer dates them instead (a lower rate before)', () => {
    const base = 0.0005;
    const now = 0.08;
    const before = 0.05;
    const thirty = (20 * now + 10 * before) / 30;
    const hour = (20 * now + 40 * before) / 60;
    const sixHours = (20 * now + 340 * before) / 360;
    const e = impactStartOf({ slo: 's', objective: 99.5, firstByWindow: windows({ [5 * MIN]: now, [30 * MIN]: thirty, [60 * MIN]: hour, [360 * MIN]: sixHours, [30 * 24 * 60 * MIN]: base }), firedAtOpen: [] });
    expect(e.basis).toBe('windows');
    expect(e.how).toMatch(/the 6h window/);
    expect(OPEN - e.at!).toBeGreaterThan(3 * 60 * MIN);
  });

  // A responder's drill (worse.yaml): :41 broken at 30% from 01:30, :42 deployed at 01:40 took it
  // to 8%. The 6h window, read at the last 5m's rate, put the start at 01:01 "give or take 5m".
  it('past a window fuller than the last 5m (a higher rate before), the rest is counted at that window\'s rate', () => {
    const base = 0.0005;
    const hour = (10 * 0.3 + 50 * 0.08) / 60;
    const thirty = 0.08;
    const sixHours = (10 * 0.3 + 50 * 0.08 + 300 * base) / 360;
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: windows({ [5 * MIN]: 0.08, [30 * MIN]: thirty, [60 * MIN]: hour, [360 * MIN]: sixHours, [30 * 24 * 60 * MIN]: base }), firedAtOpen: [] });
    expect(e.basis).toBe('windows');
    expect(OPEN - e.at!).toBe(60 * MIN);
    expect(e.how).toMatch(/the 6h window of availability held [\d.]+% errors .*: the 1h window was full of errors at 11\.67% \(the last 5m: 8\.00%\); counting the 6h window's errors at 11\.67%, they began about 1h before/);
  });

  // T's rig: Prometheus started ten minutes before the incident, 15% errors from its start. Every
  // window held those ten minutes; the 30d one was read as a 15.02% baseline, the errors "filled 0%".
  it('a Prometheus younger than the windows: they are read over the data, and errors throughout it bound the start at its beginning', () => {
    const since = OPEN - 10 * MIN;
    const young = (ratios: Record<number, number>) => new Map<number, WindowSample>(Object.entries(ratios).map(([w, r]) => [Number(w), { at: OPEN, windowMs: Number(w), errorRatio: r, ...(Number(w) > 10 * MIN ? { dataSince: since } : {}) }]));
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: young({ [5 * MIN]: 0.15, [30 * MIN]: 0.1502, [60 * MIN]: 0.1502, [360 * MIN]: 0.1502, [30 * 24 * 60 * MIN]: 0.1502 }), firedAtOpen: [] });
    expect(e).toMatchObject({ basis: 'windows-lower-bound', at: since });
    expect(e.how).toBe('at 02:30:00 UTC the data of availability went back only 10m (to 02:20:00 UTC; its provider holds no more), and every window was at least as full of errors as the last 5m (15.00%; the 30m window (10m of data): 15.02%): the impact began then or earlier; the start shown is that bound');
    expect(e.errorMsBeforeSamples).toBeCloseTo(0.1502 * 10 * MIN, -2);
    // Without the coverage, as before: the 30d window's 15% taken for a baseline.
    const whole = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: windows({ [5 * MIN]: 0.15, [30 * MIN]: 0.1502, [60 * MIN]: 0.1502, [360 * MIN]: 0.1502, [30 * 24 * 60 * MIN]: 0.1502 }), firedAtOpen: [] });
    expect(whole.errorMsBeforeSamples).toBeLessThan(e.errorMsBeforeSamples / 2);
  });

  // The same rig, errors beginning 9 minutes into 12.5 of data: every longer window held the 12.5
  // minutes; taken for a baseline, it put the start at the trigger's bound, after the deploy that caused it.
  it('data younger than the windows and than the hours a baseline needs: the window holding it all dates the errors', () => {
    const since = OPEN - 12.5 * MIN;
    const held = (8 * 0.3 + 4.5 * 0.001) / 12.5;
    const young = new Map<number, WindowSample>([5, 30, 60, 360, 30 * 24 * 60].map((m) => [m * MIN, { at: OPEN, windowMs: m * MIN, errorRatio: m === 5 ? 0.3 : held, ...(m > 5 ? { dataSince: since } : {}) }]));
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: young, firedAtOpen: [{ trigger: 'availability:1h/5m>14.4', burn: 16, threshold: 14.4, at: OPEN }] });
    expect(e.basis).toBe('windows');
    expect(Math.abs(OPEN - 8 * MIN - e.at!)).toBeLessThanOrEqual(MIN);
    expect(e.how).toMatch(/the 30m window \(12m30s of data\) of availability held 19\.\d\d% errors .* and no baseline \(the data began 12m30s before: no window reached further back\)/);
  });

  // helper-141's rig: the 6h/30m trigger fired at the first look on 5m49s of data (the 5m at 8.1x, every longer window at
  // 6.2x over that data): "its 6h window burned at 6x or more … so errors had lasted at least 4h26m45s", 18:16 UTC.
  it('a trigger that fired on data younger than its long window bounds the start by that data, not by the window', () => {
    const since = OPEN - 5 * MIN - 49_000;
    const young = new Map<number, WindowSample>([5, 30, 60, 360, 30 * 24 * 60].map((m) => [m * MIN, { at: OPEN, windowMs: m * MIN, errorRatio: m === 5 ? 0.0405 : 0.0312, ...(m > 5 ? { dataSince: since } : {}) }]));
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: young, firedAtOpen: [{ trigger: 'availability:6h/30m>6', burn: 6.2, threshold: 6, at: OPEN }] });
    expect(e.at).toBeGreaterThanOrEqual(since);
    expect(e.how).toContain('its 6h window (5m49s of data) burned at 6x or more');
  });

  // helper-141's rig: incidents after one resolved 8 minutes before, on a Prometheus 25 minutes old: "every window was at
  // least as full of errors as the last 5m …: the impact began then or earlier", the data's start, before the first opened.
  it('data reaching back before the previous incident was resolved dates nothing through it', () => {
    const since = OPEN - 25 * MIN;
    const resolved = OPEN - 8 * MIN;
    const young = new Map<number, WindowSample>([5, 30, 60, 360, 30 * 24 * 60].map((m) => [m * MIN, { at: OPEN, windowMs: m * MIN, errorRatio: m === 5 ? 0.04 : 0.05, ...(m > 5 ? { dataSince: since } : {}) }]));
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: young, firedAtOpen: [], notBefore: { at: resolved, incident: 'inc-A' } });
    expect(e.at).toBeGreaterThanOrEqual(resolved);
  });

  // A real rig: a Prometheus with 5h59m of steady 0.02% errors (0.2x of 99.9%), then 8% errors. Read with no baseline,
  // the background was counted as the incident's: "began about 19m before", 18 minutes before the deploy that caused it,
  // and the postmortem listed that deploy as "18m after impact start".
  it('hours of data short of 6h read a baseline from the longest window: its steady background is not the incident\'s', () => {
    const dataS = (5 * 60 + 59) * 60;
    const since = OPEN - dataS * 1000;
    const background = 0.0002;
    const burstS = 20;
    const ratio = (windowS: number) => (Math.min(windowS, burstS) * 0.08 + Math.max(0, windowS - burstS) * background) / windowS;
    const rig = new Map<number, WindowSample>([5, 30, 60, 360, 30 * 24 * 60].map((m) => [m * MIN, { at: OPEN, windowMs: m * MIN, errorRatio: ratio(Math.min(m * 60, dataS)), ...(m > 5 ? { dataSince: since } : {}) }]));
    const e = impactStartOf({ slo: 'availability', objective: 99.9, firstByWindow: rig, firedAtOpen: [] });
    // Begun 20s before the open: within the 5m window, which is all the windows can say (it read 22m before).
    expect(e.at).toBe(OPEN - 5 * MIN);
    expect(e.how).toMatch(/the errors began within the 5m before/);
  });

  // Run C: a Prometheus 4m46s old, errors from its first sample; the 5m window held all of it too.
  it('data younger than the short window, errors throughout: the start is bounded at the data\'s', () => {
    const since = OPEN - (4 * 60 + 46) * 1000;
    const young = new Map<number, WindowSample>([5, 30, 60, 360, 30 * 24 * 60].map((m) => [m * MIN, { at: OPEN, windowMs: m * MIN, errorRatio: 0.3, dataSince: since }]));
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: young, firedAtOpen: [{ trigger: 'availability:1h/5m>14.4', burn: 60, threshold: 14.4, at: OPEN }] });
    expect(e).toMatchObject({ basis: 'windows-lower-bound', at: since });
    expect(e.how).toMatch(/went back only 4m46s/);
  });

  // A real rig (run C): Prometheus 2m20s old, errors all along; the 5m window's answer is recorded
  // without the data's start, was read whole, and the trigger's bound won ("at least 34s").
  it('the short window is read over the SLO\'s data too, though its own answer does not say where it began', () => {
    const since = OPEN - (2 * 60 + 20) * 1000;
    const young = new Map<number, WindowSample>([5, 30, 60, 360, 30 * 24 * 60].map((m) => [m * MIN, { at: OPEN, windowMs: m * MIN, errorRatio: 0.3, ...(m > 5 ? { dataSince: since } : {}) }]));
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: young, firedAtOpen: [{ trigger: 'availability:1h/5m>14.4', burn: 60, threshold: 14.4, at: OPEN }] });
    expect(e).toMatchObject({ basis: 'windows-lower-bound', at: since });
    expect(e.how).toMatch(/went back only 2m20s/);
    // Seconds of data: said as seconds, never a minute it did not have.
    const seconds = new Map<number, WindowSample>([5, 60].map((m) => [m * MIN, { at: OPEN, windowMs: m * MIN, errorRatio: 0.3, ...(m > 5 ? { dataSince: OPEN - 6_000 } : {}) }]));
    expect(impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow: seconds, firedAtOpen: [] }).how).toMatch(/went back only 6s/);
  });

  it('7 hours of data under a 30-day SLO: a window over them dates the start as the window it was', () => {
    const since = OPEN - 7 * 60 * MIN;
    const base = 0.001;
    const bad = 0.08;
    // 40m of 8% errors: the 1h window two thirds full; the 6h and the 30d (7h of data) hold them too.
    const at = (w: number, ratio: number): WindowSample => ({ at: OPEN, windowMs: w, errorRatio: ratio, ...(w > 7 * 60 * MIN ? { dataSince: since } : {}) });
    const firstByWindow = new Map([
      [5 * MIN, at(5 * MIN, bad)],
      [30 * MIN, at(30 * MIN, bad)],
      [60 * MIN, at(60 * MIN, (40 * bad + 20 * base) / 60)],
      [360 * MIN, at(360 * MIN, (40 * bad + 320 * base) / 360)],
      [30 * 24 * 60 * MIN, at(30 * 24 * 60 * MIN, (40 * bad + 380 * base) / 420)],
    ]);
    const e = impactStartOf({ slo: 'availability', objective: 99.5, firstByWindow, firedAtOpen: [] });
    expect(e.basis).toBe('windows');
    expect(Math.abs(OPEN - 40 * MIN - e.at!)).toBeLessThanOrEqual(2 * MIN);
    expect(e.how).toMatch(/a baseline of 0\.10% \(30d window \(7h of data\) without its last 6h\)/);
  });

  it('every window full: a lower bound, said as such', () => {
    const e = impactStartOf({ slo: 's', objective: 99.5, firstByWindow: windows({ [5 * MIN]: 0.08, [60 * MIN]: 0.08, [30 * 24 * 60 * MIN]: 0.001 }), firedAtOpen: [] });
    expect(e).toMatchObject({ basis: 'windows-lower-bound', at: OPEN - 60 * MIN });
    expect(e.how).toContain('at least 1h before');
  });

  it('only the short window and a trigger: the trigger\'s long window gives a lower bound', () => {
    const e = impactStartOf({ slo: 's', objective: 99.5, firstByWindow: windows({ [5 * MIN]: 0.08 }), firedAtOpen: [{ trigger: 's:1h/5m>14.4', burn: 14.5, threshold: 14.4, at: OPEN }] });
    expect(e.basis).toBe('trigger-lower-bound');
    expect(OPEN - e.at!).toBe(Math.round((14.4 / 16) * 60 * MIN));
  });

  it('healthy at opening: the first short sample above 1x dates it; never burning: unknown', () => {
    const live = impactStartOf({ slo: 's', objective: 99.5, firstByWindow: windows({ [5 * MIN]: 0.001 }), firstBurning: { at: OPEN + 20 * MIN, windowMs: 5 * MIN, errorRatio: 0.02 }, firedAtOpen: [] });
    expect(live).toMatchObject({ basis: 'live', at: OPEN + 15 * MIN });
    expect(impactStartOf({ slo: 's', objective: 99.5, firstByWindow: windows({ [5 * MIN]: 0.001 }), firedAtOpen: [] })).not.toHaveProperty('at');
  });
});

describe("impact start after the service's previous incident", () => {
  // A real incident (moto, Prometheus): resolved, then errors again 20m later, the cockpit opened a
  // minute into them. The 1h and 6h windows still held the first outage: the postmortem dated the
  // impact to the first incident's start and counted 1.27% of the budget against about 0.22%.
  const base = 0.0005;
  const bad = 0.08;
  const shortNow = (1 * bad + 4 * base) / 5;
  const firstOutage = 30 * MIN * bad;
  const sixHours = (firstOutage + MIN * bad + (360 - 31) * MIN * base) / (360 * MIN);
  const hour = (firstOutage + MIN * bad + 29 * MIN * base) / (60 * MIN);
  const thirty = (MIN * bad + 29 * MIN * base) / (30 * MIN);
  const evidence = { slo: 'availability', objective: 99.5, firstByWindow: windows({ [5 * MIN]: shortNow, [30 * MIN]: thirty, [60 * MIN]: hour, [360 * MIN]: sixHours, [30 * 24 * 60 * MIN]: base }), firedAtOpen: [] };
  const notBefore = { at: OPEN - 20 * MIN, incident: 'inc-20261122-0105-checkout-api' };

  it('without the bound the windows date it from the first outage', () => {
    const e = impactStartOf(evidence);
    expect(OPEN - e.at!).toBeGreaterThan(45 * MIN);
  });

  it('windows reaching back before the resolve are not used: it is dated no earlier than it, and their errors are not counted', () => {
    const e = impactStartOf({ ...evidence, notBefore });
    expect(e.at).toBeGreaterThanOrEqual(notBefore.at);
    expect(e.how).not.toMatch(/1h window|6h window/);
    expect(e.errorMsBeforeSamples).toBeLessThan(5 * MIN * bad);
  });

  it('with no window short enough to date it, says why the longer ones were left out', () => {
    const e = impactStartOf({ ...evidence, notBefore: { ...notBefore, at: OPEN - 10 * MIN }, firedAtOpen: [{ trigger: 'availability:1h/5m>14.4', burn: 15, threshold: 14.4, at: OPEN }] });
    // The short window lies after the resolve: what it measured was before the opening at least.
    expect(e).toMatchObject({ basis: 'windows-lower-bound', at: OPEN, errorMsBeforeSamples: shortNow * 5 * MIN });
    expect(e.how).toContain('no longer window can date it (those reaching back before inc-20261122-0105-checkout-api was resolved at 02:20:00 UTC hold its errors)');
  });

  // A real rig (Q): B's errors began 4m36s before its opening; the postmortem said "Impact began
  // 11:39:30", a second after "Opened 11:39:29", beside budget "consumed before opening".
  it('with no longer window to date it, the short window does: how full it was against what it held once full', () => {
    const resolved = { ...notBefore, at: OPEN - 10 * MIN };
    const first = 0.0745;
    const e = impactStartOf({ ...evidence, firstByWindow: windows({ [5 * MIN]: first, [30 * MIN]: 0.03, [60 * MIN]: 0.02, [30 * 24 * 60 * MIN]: base }), shortSoon: 0.08, notBefore: resolved });
    expect(e.basis).toBe('windows');
    expect(OPEN - e.at!).toBe(Math.round((first / 0.08) * 5 * MIN / 1000) * 1000);
    expect(e.how).toMatch(/the 5m window of availability held 7\.45% errors, and at most 8\.00% in the 5m after, once full; .*filled 93% of that window, so they began about 4m39s before/);
    // Never before the resolve.
    expect(impactStartOf({ ...evidence, firstByWindow: windows({ [5 * MIN]: first, [60 * MIN]: 0.02 }), shortSoon: 0.08, notBefore: { ...notBefore, at: OPEN - 3 * MIN } })).toMatchObject({ at: OPEN - 3 * MIN });
    // No fuller later: full already, or the burn stopped; the samples cannot tell, and it says only "at that time or earlier".
    expect(impactStartOf({ ...evidence, firstByWindow: windows({ [5 * MIN]: 0.08, [60 * MIN]: 0.02 }), shortSoon: 0.08, notBefore: resolved })).toMatchObject({ basis: 'windows-lower-bound', at: OPEN });
  });

  it('a burn first seen live is not dated before the resolve either', () => {
    const live = impactStartOf({ ...evidence, firstByWindow: windows({ [5 * MIN]: base }), firstBurning: { at: OPEN + 2 * MIN, windowMs: 5 * MIN, errorRatio: 0.02 }, notBefore: { ...notBefore, at: OPEN } });
    expect(live).toMatchObject({ basis: 'live', at: OPEN });
  });
});

describe('what changed before', () => {
  const change = (type: Change['type'], at: string, label: string): Change => ({ type, at, label, details: '', key: `${type}:${label}` });
  const all = [
    change('flag', '2026-11-16T02:30:00.000Z', 'old flag'),
    change('deploy', '2026-11-20T02:30:00.000Z', 'deploy :40'),
    change('deploy', '2026-11-21T02:30:00.000Z', 'deploy :41'),
    change('deploy', '2026-11-22T01:29:59.200Z', 'deploy :42'),
    change('flag', '2026-11-22T02:30:00.000Z', 'kill switch at opening'),
  ];

  it('reaches back from the impact start to the last deploy and flag change, and never lists what came at or after the opening', () => {
    // the causal deploy 60m0.8s before the opening is listed; the older deploys are not
    const listed = changesBefore(all, OPEN, OPEN - 59 * MIN).map((c) => c.label);
    expect(listed).toEqual(['old flag', 'deploy :42']);
    // a longer lookback brings the rest in
    expect(changesBefore(all, OPEN, OPEN - 59 * MIN, 3 * 24 * 60 * MIN).map((c) => c.label)).toEqual(['old flag', 'deploy :40', 'deploy :41', 'deploy :42']);
    // with no impact known the opening is the reference
    expect(changesBefore(all, OPEN, undefined).map((c) => c.label)).toEqual(['old flag', 'deploy :42']);
  });

  // helper-136's rig: the cockpit opened on a clean window 6 s before the bad deploy; the deploy was left out.
  it('an impact begun after the opening takes in what was made until its latest start', () => {
    const later = [...all, change('deploy', '2026-11-22T02:30:06.000Z', 'deploy :43')];
    expect(changesBefore(later, OPEN, OPEN - 10_000, undefined, OPEN + 36_000).map((c) => c.label)).toEqual(['old flag', 'deploy :42', 'kill switch at opening', 'deploy :43']);
    expect(changesBefore(later, OPEN, OPEN - 10_000).map((c) => c.label)).not.toContain('deploy :43');
  });
});

describe('impact start after a clean sample', () => {
  // The 5m window at 0.17x at the opening (the baseline), 6 s before the bad deploy; the first sample over 1x 30 s later.
  it('is no earlier than the clean window allows at the rate seen burning, and says so', () => {
    const objective = 99.5;
    const clean = { at: OPEN, windowMs: 5 * MIN, errorRatio: 0.00084 };
    const live = { at: OPEN + 30_000, windowMs: 5 * MIN, errorRatio: 0.016 };
    const e = impactStartOf({ slo: 'availability', objective, firstByWindow: windows({ [5 * MIN]: clean.errorRatio }), firstBurning: live, lastClean: clean, firedAtOpen: [] });
    // 0.17x over 5m at 3.2x: at most 16 s of those errors before the clean sample.
    expect(e).toMatchObject({ basis: 'live', at: OPEN - Math.round((5 * MIN * 0.168) / 3.2) });
    expect(e.precisionMs).toBe(live.at - e.at!);
    expect(e.how).toMatch(/the errors began within the 5m before it, after the one at 02:30:00 UTC had 0\.17x, taken as its start$/);
    // Without it: the whole window before the first burning sample.
    expect(impactStartOf({ slo: 'availability', objective, firstByWindow: windows({ [5 * MIN]: clean.errorRatio }), firstBurning: live, firedAtOpen: [] })).toMatchObject({ at: live.at - 5 * MIN });
  });
});
