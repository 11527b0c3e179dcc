import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActivityMeter } from '../../../src/session/activity';
import { ManualClock, ScaledClock, VirtualTimePump } from '../../../src/sandbox/drillClock';

const MIN = 60_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a scaled drill clock', () => {
  it('never wakes a sleeper before its virtual time, even when its timer fires before performance.now() has caught up', async () => {
    const start = Date.parse('2026-11-22T02:30:00Z');
    const realNow = performance.now.bind(performance);
    const realSetTimeout = globalThis.setTimeout;
    // The first timer to fire finds performance.now() 5 ms behind it, as Node's timers sometimes
    // fire a little early (5 ms real is 5 s of drill time at 1000x).
    let lag = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => realNow() - lag);
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) =>
      realSetTimeout(() => {
        if (lag === 0) lag = 5;
        callback();
      }, ms)) as unknown as typeof setTimeout);
    const clock = new ScaledClock(start, 1000);
    for (const ms of [5 * MIN, 30_000]) {
      const deadline = clock.now().getTime() + ms;
      await clock.sleep(ms, new AbortController().signal);
      expect(clock.now().getTime()).toBeGreaterThanOrEqual(deadline);
    }
    expect(lag).toBe(5);
  });

  it('still ends a sleep when its signal aborts', async () => {
    const clock = new ScaledClock(Date.parse('2026-11-22T02:30:00Z'), 1);
    const aborted = new AbortController();
    const sleeping = clock.sleep(60 * MIN, aborted.signal);
    aborted.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });
});

describe('the max-speed pump', () => {
  it('waits for a busy actor\'s real work instead of turning the event loop until it ends, then wakes the next sleeper', async () => {
    const clock = new ManualClock(0);
    const meter = new ActivityMeter();
    const instance = meter.instance({ deploys: { list: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true, value: [] }), 50)) } });
    let asked = 0;
    const actor = { busy: () => (asked++, meter.busy()), quiet: () => meter.quiet() };
    const woke: number[] = [];
    const signal = new AbortController().signal;
    void clock.sleep(60_000, signal).then(() => woke.push(clock.now().getTime()));
    const call = instance.deploys!.list(signal);
    const pump = new VirtualTimePump(clock, [actor]);
    expect(await pump.run(() => woke.length > 0, 120_000)).toBe(true);
    await call;
    expect(woke).toEqual([60_000]);
    // Turning the event loop until the 50 ms call ended asked thousands of times.
    expect(asked).toBeLessThan(50);
  });

  it('asks whether it is done once an instant, after every sleeper due then has woken, each in turn', async () => {
    const clock = new ManualClock(0);
    const signal = new AbortController().signal;
    const woke: string[] = [];
    // Three polls due at 1m and one at 2m; each, woken, records itself.
    for (const [name, at] of [['deploys', MIN], ['flags', MIN], ['slo', MIN], ['deploys again', 2 * MIN]] as const) {
      void clock.sleep(at, signal).then(() => woke.push(`${name} at ${clock.now().getTime() / MIN}m`));
    }
    const asked: string[][] = [];
    const pump = new VirtualTimePump(clock, []);
    expect(await pump.run(() => asked.push([...woke]) > 2, 3 * MIN)).toBe(true);
    // Asked before any woke, after the three of 1m (never between them), after the one of 2m.
    expect(asked).toEqual([[], ['deploys at 1m', 'flags at 1m', 'slo at 1m'], ['deploys at 1m', 'flags at 1m', 'slo at 1m', 'deploys again at 2m']]);
  });
});

describe('ActivityMeter.quiet', () => {
  it('resolves at once when nothing is busy, when the last call ends, and when a call starts waiting on its clock', async () => {
    const meter = new ActivityMeter();
    await meter.quiet();
    const clock = new ManualClock(0);
    let finish = () => {};
    const instance = meter.instance({ deploys: { list: () => new Promise((resolve) => (finish = () => resolve({ ok: true, value: [] }))) } });
    const call = instance.deploys!.list(new AbortController().signal);
    let quiet = false;
    void meter.quiet().then(() => (quiet = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiet).toBe(false);
    finish();
    await call;
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiet).toBe(true);

    const sleeping = meter.clock(clock);
    const waits = meter.instance({ deploys: { list: async (signal) => (await sleeping.sleep(1_000, signal), { ok: true, value: [] }) } });
    const waiting = waits.deploys!.list(new AbortController().signal);
    await meter.quiet();
    expect(meter.busy()).toBe(false);
    clock.wakeNext(1_000);
    await waiting;
  });
});
