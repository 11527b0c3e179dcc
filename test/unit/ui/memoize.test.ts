import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoize } from '../../../src/ui/inkMemo/memoize';

function counted(fn: (key: string) => string) {
  const calls: string[] = [];
  return { calls, fn: (key: string) => (calls.push(key), fn(key)) };
}

describe('memoize', () => {
  it('keeps a value from the second time its key is asked for', () => {
    const { calls, fn } = counted((key) => key.toUpperCase());
    const upper = memoize(fn, { generationSize: 4 });
    expect(['a', 'b', 'a', 'b', 'a', 'b', 'a'].map(upper)).toEqual(['A', 'B', 'A', 'B', 'A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b', 'a', 'b']);
  });

  it('keeps nothing but the key for a key asked for once', () => {
    const { calls, fn } = counted((key) => key);
    const same = memoize(fn, { generationSize: 100 });
    same('once');
    same('twice');
    same('twice');
    same('twice');
    expect(calls).toEqual(['once', 'twice', 'twice']);
  });

  it('forgets a value two generations after its last use, so memory stays bounded', () => {
    const { calls, fn } = counted((key) => key);
    const same = memoize(fn, { generationSize: 3 });
    same('old');
    same('old');
    for (const key of ['1', '2', '3', '4', '5', '6']) same(key);
    same('old');
    expect(calls.filter((key) => key === 'old')).toHaveLength(3);
  });

  it('keeps a value used in the previous generation', () => {
    const { calls, fn } = counted((key) => key);
    const same = memoize(fn, { generationSize: 3 });
    for (const key of ['kept', 'kept', '1', '2']) same(key);
    same('kept');
    same('kept');
    expect(calls.filter((key) => key === 'kept')).toHaveLength(2);
  });

  it('can count a generation by the size of what it holds', () => {
    const { calls, fn } = counted((key) => key);
    const same = memoize(fn, { generationSize: 10, weigh: (key) => key.length });
    for (const key of ['short', 'short', 'a much longer line', 'x', 'y', 'a much longer line 2', 'z', 'short']) same(key);
    // Generations close at 10 characters: [short short], [a much longer line], [x y a much longer line 2]:
    // by the last call 'short' is two generations old.
    expect(calls.filter((key) => key === 'short')).toHaveLength(3);
  });

  it('answers like the function it memoizes, whatever the order of calls', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (keys, size) => {
        const reversed = memoize((key: string) => [...key].reverse().join(''), { generationSize: size });
        for (const key of keys) expect(reversed(key)).toBe([...key].reverse().join(''));
      }),
    );
  });

  it('refuses a generation that could hold nothing', () => {
    expect(() => memoize((key: string) => key, { generationSize: 0 })).toThrow(RangeError);
  });
});
