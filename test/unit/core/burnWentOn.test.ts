import { describe, expect, it } from 'vitest';
import { burnWentOnAfter } from '../../../src/core/burnWentOn';

const MIN = 60_000;
const history = (...burns: (number | null)[]) => new Map([['availability', burns.map((burn, i) => ({ at: (i + 1) * MIN, burn }))]]);

describe('burnWentOnAfter: a burn that outlived a change', () => {
  it('went on: every 5m reading over 1x from the change on, one a whole 5m window after it', () => {
    expect(burnWentOnAfter(0, undefined, history(16, 16, 15, 15, 16))).toBe(true);
  });
  it('not yet: no reading a whole 5m window after the change', () => {
    expect(burnWentOnAfter(0, undefined, history(16, 16, 15, 15))).toBe(false);
  });
  it('stopped: one reading under 1x after the change', () => {
    expect(burnWentOnAfter(0, undefined, history(16, 9, 3, 0.8, 2, 3, 3))).toBe(false);
  });
  it('judged only until the next change: what a later kill switch did is not the rollback\'s', () => {
    expect(burnWentOnAfter(0, 5.5 * MIN, history(16, 16, 16, 16, 16, 0.2, 0.1))).toBe(true);
    expect(burnWentOnAfter(0, 4.5 * MIN, history(16, 16, 16, 16, 0.2, 0.1, 0.1))).toBe(false);
  });
  it('history that does not reach back to the change does not judge it (the screen keeps two hours)', () => {
    const late = new Map([['availability', [6, 7, 8, 9, 10, 11].map((m) => ({ at: m * MIN, burn: 16 }))]]);
    expect(burnWentOnAfter(0, undefined, late)).toBe(false);
  });
  it('an SLO that never burned says nothing; no readings say nothing', () => {
    expect(burnWentOnAfter(0, undefined, history(0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1))).toBe(false);
    expect(burnWentOnAfter(0, undefined, history(null, null, null, null, null, null, null))).toBe(false);
  });
});
