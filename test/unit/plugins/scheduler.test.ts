import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/plugins/clock';
import { fail, ok, partial, type Result } from '../../../src/plugins/contract';
import { Scheduler, type PollTask } from '../../../src/plugins/scheduler';

const SECOND = 1000;
let stop: AbortController;

afterEach(() => stop?.abort());

function setup(options: { random?: () => number; pollTimeoutMs?: number } = {}) {
  const clock = new ManualClock(0);
  const scheduler = new Scheduler({ clock, backoff: { baseMs: SECOND, maxMs: 8 * SECOND }, random: options.random ?? (() => 1), pollTimeoutMs: options.pollTimeoutMs ?? 5 * SECOND });
  stop = new AbortController();
  return { clock, scheduler };
}

/** A task whose polls are recorded with the virtual time they started at. */
function recordingTask(key: string, intervalMs: number, answer: (n: number, signal: AbortSignal) => Promise<Result<number>>) {
  const starts: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const task: PollTask<number> = {
    key,
    intervalMs,
    async poll(signal) {
      starts.push(clockRef.now().getTime());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await answer(starts.length, signal);
      } finally {
        inFlight--;
      }
    },
  };
  let clockRef: ManualClock;
  return { task, starts, maxInFlight: () => maxInFlight, bind: (clock: ManualClock) => (clockRef = clock) };
}

describe('Scheduler', () => {
  it('polls each task on its interval and records the observation time', async () => {
    const { clock, scheduler } = setup();
    const deploys = recordingTask('deploys', 10 * SECOND, async (n) => ok(n));
    deploys.bind(clock);
    scheduler.add(deploys.task);
    scheduler.start(stop.signal);
    await clock.advance(60 * SECOND);
    expect(deploys.starts).toEqual([0, 10, 20, 30, 40, 50, 60].map((s) => s * SECOND));
    expect(scheduler.observation('deploys')).toEqual({ key: 'deploys', value: 7, observedAt: new Date(60 * SECOND), failures: 0 });
  });

  it('keeps a partial answer\'s warning with its value, and drops it once an answer is whole again', async () => {
    const { clock, scheduler } = setup();
    const deploys = recordingTask('deploys', 10 * SECOND, async (n) => (n === 1 ? partial(n, 'history from DescribeServices only') : ok(n)));
    deploys.bind(clock);
    scheduler.add(deploys.task);
    scheduler.start(stop.signal);
    await clock.advance(0);
    expect(scheduler.observation('deploys')).toMatchObject({ value: 1, warning: 'history from DescribeServices only' });
    await clock.advance(10 * SECOND);
    expect(scheduler.observation('deploys')).not.toHaveProperty('warning');
  });

  it('never overlaps two polls of one task, even when a poll is slower than the interval', async () => {
    const { clock, scheduler } = setup({ pollTimeoutMs: 60 * SECOND });
    const slow = recordingTask('slow', SECOND, async (n, signal) => {
      await clock.sleep(3 * SECOND, signal);
      return ok(n);
    });
    slow.bind(clock);
    scheduler.add(slow.task);
    scheduler.start(stop.signal);
    await clock.advance(20 * SECOND);
    expect(slow.maxInFlight()).toBe(1);
    // each cycle: 3 s of polling, then the 1 s interval
    expect(slow.starts).toEqual([0, 4, 8, 12, 16, 20].map((s) => s * SECOND));
  });

  it('backs off exponentially on failure, capped, and keeps the last good value beside the error', async () => {
    const { clock, scheduler } = setup();
    const flaky = recordingTask('flags', 2 * SECOND, async (n) => (n === 1 ? ok(1) : fail('unreachable', 'connection refused')));
    flaky.bind(clock);
    scheduler.add(flaky.task);
    scheduler.start(stop.signal);
    await clock.advance(40 * SECOND);
    // success at 0; failures then wait 1, 2, 4, 8, 8 ... seconds (random() = 1 gives the ceiling)
    expect(flaky.starts.slice(0, 7)).toEqual([0, 2, 3, 5, 9, 17, 25].map((s) => s * SECOND));
    const observation = scheduler.observation<number>('flags')!;
    expect(observation.value).toBe(1);
    expect(observation.observedAt).toEqual(new Date(0));
    expect(observation.error).toEqual({ kind: 'unreachable', message: 'connection refused' });
    expect(observation.failures).toBe(flaky.starts.length - 1);
    // When it is asked again, for the panel to say: the last failure (at 33 s) waits the 8 s ceiling.
    expect(observation.failedAt).toEqual(new Date(33 * SECOND));
    expect(observation.retryAt).toEqual(new Date(41 * SECOND));
  });

  it('uses jitter between half and all of the backoff ceiling', async () => {
    const { clock, scheduler } = setup({ random: () => 0 });
    const failing = recordingTask('slo', 2 * SECOND, async () => fail('timeout', 'slow'));
    failing.bind(clock);
    scheduler.add(failing.task);
    scheduler.start(stop.signal);
    await clock.advance(10 * SECOND);
    // random() = 0 gives half the ceiling: 0.5, 1, 2, 4 s
    expect(failing.starts.slice(0, 5)).toEqual([0, 0.5, 1.5, 3.5, 7.5].map((s) => s * SECOND));
  });

  it('a hung provider times out without delaying the others, and its late answer is dropped', async () => {
    const { clock, scheduler } = setup({ pollTimeoutMs: 5 * SECOND });
    let release: ((r: Result<number>) => void) | undefined;
    const hung = recordingTask('deploys', 10 * SECOND, (n) => (n === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(ok(n))));
    const healthy = recordingTask('flags', 2 * SECOND, async (n) => ok(n));
    hung.bind(clock);
    healthy.bind(clock);
    scheduler.add(hung.task);
    scheduler.add(healthy.task);
    scheduler.start(stop.signal);
    await clock.advance(5.5 * SECOND);
    expect(healthy.starts).toEqual([0, 2, 4].map((s) => s * SECOND));
    expect(scheduler.observation('deploys')).toMatchObject({ error: { kind: 'timeout' }, failedAt: new Date(5 * SECOND), failures: 1 });
    release!(ok(999));
    await clock.advance(0);
    expect(scheduler.observation('deploys')!.value).toBeUndefined();
    // the retry after the backoff (1 s) is a fresh poll
    await clock.advance(1 * SECOND);
    expect(scheduler.observation('deploys')).toMatchObject({ value: 2, failures: 0 });
    expect(scheduler.observation('deploys')!.retryAt).toBeUndefined();
  });

  it('with a timeout clock of its own, a fast virtual clock never cuts a slow answer short', async () => {
    const clock = new ManualClock(0);
    const real = new ManualClock(0);
    const scheduler = new Scheduler({ clock, timeoutClock: real, pollTimeoutMs: 5 * SECOND, random: () => 1 });
    stop = new AbortController();
    let release: ((r: Result<number>) => void) | undefined;
    const slow = recordingTask('deploys', 60 * SECOND, () => new Promise((resolve) => (release = resolve)));
    slow.bind(clock);
    scheduler.add(slow.task);
    scheduler.start(stop.signal);
    // A drill at speed 60: ten virtual seconds pass while the provider still works.
    await clock.advance(10 * SECOND);
    expect(scheduler.observation('deploys')?.error).toBeUndefined();
    release!(ok(7));
    await clock.advance(0);
    expect(scheduler.observation('deploys')).toMatchObject({ value: 7, failures: 0 });
    // A provider that never answers still times out, on the timeout's own clock.
    await clock.advance(60 * SECOND);
    await real.advance(5 * SECOND);
    expect(scheduler.observation('deploys')).toMatchObject({ error: { kind: 'timeout' }, failures: 1 });
  });

  it('pollNow polls at once, or right after a poll in flight, never in parallel', async () => {
    const { clock, scheduler } = setup({ pollTimeoutMs: 60 * SECOND });
    const task = recordingTask('deploys', 30 * SECOND, async (n, signal) => {
      if (n === 2) await clock.sleep(2 * SECOND, signal);
      return ok(n);
    });
    task.bind(clock);
    scheduler.add(task.task);
    scheduler.start(stop.signal);
    await clock.advance(5 * SECOND);
    scheduler.pollNow('deploys'); // wakes the sleep: poll 2 starts at 5 s and takes 2 s
    await clock.advance(1 * SECOND);
    scheduler.pollNow('deploys'); // arrives while poll 2 is in flight
    await clock.advance(2 * SECOND);
    expect(task.starts).toEqual([0, 5, 7].map((s) => s * SECOND));
    expect(task.maxInFlight()).toBe(1);
  });

  it('notifies subscribers and stops every loop and timer on abort', async () => {
    const { clock, scheduler } = setup();
    const seen: string[] = [];
    scheduler.subscribe((o) => seen.push(`${o.key}:${o.value as number}`));
    const task = recordingTask('deploys', SECOND, async (n) => ok(n));
    task.bind(clock);
    scheduler.add(task.task);
    scheduler.start(stop.signal);
    await clock.advance(2 * SECOND);
    stop.abort();
    await scheduler.stopped();
    await clock.advance(10 * SECOND);
    expect(seen).toEqual(['deploys:1', 'deploys:2', 'deploys:3']);
    expect(task.starts).toHaveLength(3);
    expect(clock.pending).toBe(0);
  });
});

describe('Scheduler with many tasks', () => {
  it('polls a dozen tasks without a listener-leak warning, holding one listener on the caller’s signal', async () => {
    const { clock, scheduler } = setup({ pollTimeoutMs: 60 * SECOND });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      // Each poll waits, so every task holds a wait and a poll at once.
      for (let i = 0; i < 12; i += 1) scheduler.add({ key: `slo:${i}`, intervalMs: 10 * SECOND, poll: (signal) => clock.sleep(SECOND, signal).then(() => ok(i)) });
      scheduler.start(stop.signal);
      await clock.advance(60 * SECOND);
      expect(scheduler.observation('slo:11')).toMatchObject({ value: 11, failures: 0 });
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
      stop.abort();
      await scheduler.stopped();
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
