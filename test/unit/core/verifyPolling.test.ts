import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../src/core/result';
import { type Observation, pollUntilSettled } from '../../../src/core/verifyPolling';
import { ManualClock } from '../../../src/plugins/clock';

const START = Date.parse('2026-03-01T02:00:00Z');

/** Polls a rollout that never settles, or settles at the `settledAt`-th look; the clock moves only by the loop's sleeps. */
async function poll(options: { since?: Date; settledAt?: number; unansweredFrom?: number }) {
  const clock = new ManualClock(START);
  let looks = 0;
  const result = await pollUntilSettled({
    clock: { now: () => clock.now(), sleep: async (ms) => clock.advance(ms) },
    signal: new AbortController().signal,
    timeoutMs: 15 * 60_000,
    intervalMs: 60_000,
    ...(options.since ? { since: options.since } : {}),
    observe: async () => {
      looks += 1;
      if (options.unansweredFrom !== undefined && looks >= options.unansweredFrom) return fail('unreachable', 'connect ECONNREFUSED');
      return ok<Observation>(looks === options.settledAt ? { done: true, summary: 'stable', details: {} } : { done: false, message: `tasks ${looks}/3 running` });
    },
    progress: () => undefined,
    unanswered: (error) => error.message,
    cancelled: 'cancelled',
    timedOut: (lastSeen) => `did not settle within 15m (${lastSeen})`,
  });
  return { result, looks, elapsedMs: clock.now().getTime() - START };
}

describe('pollUntilSettled', () => {
  it('gives a rollout its whole time limit from the first look', async () => {
    const { result, looks, elapsedMs } = await poll({});
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'did not settle within 15m (tasks 16/3 running)' } });
    expect(looks).toBe(16);
    expect(elapsedMs).toBe(15 * 60_000);
  });

  it('counts the time limit from when the change was made: checked again 22m after it, one look, then late', async () => {
    const { result, looks, elapsedMs } = await poll({ since: new Date(START - 22 * 60_000) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'did not settle within 15m (tasks 1/3 running)' } });
    expect(looks).toBe(1);
    expect(elapsedMs).toBe(0);
  });

  // Kubernetes, its API server gone away mid-rollout (a responder's play-test): `✖ FAILED … did not roll out … (the API
  // server did not answer (unreachable)…)`, and Enter planned a second rollback over the one that had rolled out.
  it('out of time with the provider not answering: its outcome not known, not a rollout that failed', async () => {
    const { result } = await poll({ unansweredFrom: 3 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unreachable', message: "connect ECONNREFUSED, up to the check's time limit: whether the change took is not known (Enter checks it again)" } });
    // Answering again before the end: out of time as the rollout reads.
    expect((await poll({ unansweredFrom: 99 })).result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('checked again 10m after the change: the 5m left of its limit', async () => {
    const { result, elapsedMs } = await poll({ since: new Date(START - 10 * 60_000) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(elapsedMs).toBe(5 * 60_000);
  });

  it('a rollout found settled late passes, its elapsed time counted from the change', async () => {
    const { result } = await poll({ since: new Date(START - 22 * 60_000), settledAt: 1 });
    expect(result).toMatchObject({ ok: true, value: { summary: 'stable', details: { polls: 1, elapsedMs: 22 * 60_000 } } });
  });
});
