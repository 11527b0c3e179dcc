import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScaledClock } from '../../../src/sandbox/drillClock';

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
