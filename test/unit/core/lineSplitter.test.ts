import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/core/lineSplitter';

const split = (pieces: string[], max?: number) => {
  const splitter = new LineSplitter(max);
  return [...pieces.flatMap((p) => splitter.push(p)), ...splitter.end()];
};

describe('LineSplitter', () => {
  it('splits across chunk boundaries, drops \\r of \\r\\n, and keeps a last line without newline', () => {
    expect(split(['a', 'b\nc', 'd\r\n', '\n', 'tail'])).toEqual(['ab', 'cd', '', 'tail']);
    expect(split(['one\n'])).toEqual(['one']);
  });

  it('a line of exactly the limit is whole; one character more is cut with a notice', () => {
    const max = 140;
    const exact = 'e'.repeat(100);
    expect(split([exact, '\n'], max)).toEqual([exact]);
    const [cut] = split(['s'.repeat(60), 'm'.repeat(1_000), 'e'.repeat(60), '\n'], max);
    expect(cut!.length).toBeLessThanOrEqual(max);
    expect(cut).toBe(`${'s'.repeat(50)} … 1,020 characters cut … ${'e'.repeat(50)}`);
  });
});
