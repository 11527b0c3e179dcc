import { describe, expect, it } from 'vitest';
import { VerifyWatches } from '../../../src/session/verifyWatches';

const MIN = 60_000;
const verify = { slo: 'availability', burn_below: 1, for: '10m' };
const samples = (from: number, to: number, burn: number) => Array.from({ length: (to - from) / 30_000 + 1 }, (_, i) => ({ at: from + i * 30_000, burn }));

describe('VerifyWatches', () => {
  it('reports a verdict once the condition held, and settles the watch only when told', async () => {
    const watches = new VerifyWatches(2 * MIN);
    let settled: string | undefined;
    void watches.start('burn-normal', verify, 0).then((v) => (settled = v));
    expect(watches.evaluate('availability', samples(0, 5 * MIN, 0.2), 5 * MIN)).toEqual([]);
    expect(watches.statuses().get('burn-normal')?.state).toBe('waiting');
    expect(watches.evaluate('latency', samples(0, 10 * MIN, 0.2), 10 * MIN)).toEqual([]);
    const [verdict] = watches.evaluate('availability', samples(0, 10 * MIN, 0.2), 10 * MIN);
    expect(verdict).toMatchObject({ step: 'burn-normal', passed: true, message: 'availability 5m burn under 1x for 10m (held 10m, now 0.20x)' });
    expect(watches.has('burn-normal')).toBe(false);
    await Promise.resolve();
    expect(settled).toBeUndefined();
    verdict!.settle();
    await Promise.resolve();
    expect(settled).toBe('passed');
  });

  it('remembers why a verification failed until the step is watched again', () => {
    const watches = new VerifyWatches(2 * MIN);
    void watches.start('burn-normal', verify, 0);
    const [verdict] = watches.evaluate('availability', samples(0, 2 * MIN, 0.2), 6 * MIN);
    expect(verdict).toMatchObject({ passed: false, message: 'SLO data is 4m old (stale): cannot verify' });
    expect(watches.failures.get('burn-normal')).toBe('SLO data is 4m old (stale): cannot verify');
    void watches.start('burn-normal', verify, 6 * MIN);
    expect(watches.failures.has('burn-normal')).toBe(false);
  });

  it('a cancelled watch ends as failed', async () => {
    const watches = new VerifyWatches(2 * MIN);
    const verdict = watches.start('burn-normal', verify, 0);
    expect(watches.cancel('burn-normal')).toBe(true);
    expect(watches.cancel('burn-normal')).toBe(false);
    expect(await verdict).toBe('failed');
  });
});
