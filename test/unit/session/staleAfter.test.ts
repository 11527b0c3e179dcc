import { describe, expect, it } from 'vitest';
import { staleAfterMs } from '../../../src/session/verifyWatches';

// A journey at --speed 240 failed its recovery check on `SLO data is 1m42s old (stale)`: its poll 0.4 s late in real time
// on a machine running a test suite beside it, the sandbox's data current.
describe('how old SLO data may be before a recovery check calls it stale', () => {
  it('is three polls on a real clock', () => {
    expect(staleAfterMs(30_000)).toBe(90_000);
    expect(staleAfterMs(100)).toBe(300);
  });

  it('on a drill clock faster than real time, at least what 2 real seconds come to', () => {
    expect(staleAfterMs(30_000, 240)).toBe(480_000);
    expect(staleAfterMs(30_000, 1)).toBe(90_000);
    expect(staleAfterMs(30_000, 20)).toBe(90_000);
  });
});
