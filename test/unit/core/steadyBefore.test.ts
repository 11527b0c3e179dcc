import { describe, expect, it } from 'vitest';
import { steadyBefore } from '../../../src/core/burnWentOn';

const at = (seconds: number) => Date.parse('2026-11-22T02:40:00.000Z') + seconds * 1000;

describe('steadyBefore: whether the 5m burn was steady over 1x as a change was made', () => {
  it('needs its last two readings within a fifth of each other, both over 1x', () => {
    expect(steadyBefore([{ at: at(-90), burn: 10 }, { at: at(-30), burn: 11 }], at(0))).toBe(true);
    // Under a minute apart, two readings show no steady burn (an older burn's tail leaving the window as a new one filled it).
    expect(steadyBefore([{ at: at(-60), burn: 9.2 }, { at: at(-30), burn: 9.5 }], at(0))).toBe(false);
    expect(steadyBefore([{ at: at(-90), burn: 6 }, { at: at(-30), burn: 10 }], at(0))).toBe(false);
    expect(steadyBefore([{ at: at(-90), burn: 0.9 }, { at: at(-30), burn: 1 }], at(0))).toBe(false);
    expect(steadyBefore([{ at: at(-30), burn: 10 }], at(0))).toBe(false);
  });

  // A second rollback a minute after an undo brought the burn back read "the burn rose since … may have made it worse
  // (undo it: deploy :44 again)": the window was filling with the burn come back.
  it('is not, within a window of the burn coming back over 1x', () => {
    const back = [{ at: at(-150), burn: 0.1 }, { at: at(-90), burn: 1.3 }, { at: at(-30), burn: 1.4 }];
    expect(steadyBefore(back, at(0))).toBe(false);
    expect(steadyBefore([{ at: at(-301), burn: 0.1 }, ...back.slice(1)], at(0))).toBe(true);
  });
});
