import { describe, expect, it } from 'vitest';
import { burnNotKnown } from '../../../src/core/stillBurning';

// helper-139's real rig: Prometheus stopped 3 minutes before; the SLO panel read `✖ ERROR, showing data from 3m ago`, the
// advice "the burn has stopped (5m 0.0x)" of then, and `m` marked it mitigated with no word, the errors back meanwhile.
describe('whether the burn is known, to mark the incident', () => {
  it('not with no reading, nor with the provider failing for a minute or more; known with a fresh reading, or a failure just begun', () => {
    expect(burnNotKnown({}, 1)).toBe('the burn is not known: the SLO provider has given no reading');
    expect(burnNotKnown({ data: [], status: 'error', ageMs: 3 * 60_000 + 12_000 }, 1)).toBe('the burn is not known now: the SLO provider has not answered for 3m (its last reading is that old)');
    expect(burnNotKnown({ data: [], status: 'error', ageMs: 30_000 }, 1)).toBeUndefined();
    expect(burnNotKnown({ data: [], status: 'ok', ageMs: 3 * 60_000 }, 1)).toBeUndefined();
    expect(burnNotKnown({}, 0)).toBeUndefined();
  });
});
