import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_LIMITS, OutputBudget, type OutputPiece } from '../../../src/core/outputBudget';

const line = (n: number) => `line ${n} ${'x'.repeat(390)}`;

function run(count: number, budget = new OutputBudget()): OutputPiece[] {
  const recorded: OutputPiece[] = [];
  for (let n = 1; n <= count; n++) recorded.push(...budget.take(n % 1000 === 0 ? 'stderr' : 'stdout', line(n)));
  recorded.push(...budget.finish());
  return recorded;
}

describe('OutputBudget', () => {
  it('passes a short output through whole, in order, with no notice', () => {
    const recorded = run(50);
    expect(recorded.map((p) => p.chunk)).toEqual(Array.from({ length: 50 }, (_, i) => line(i + 1)));
    expect(recorded.some((p) => p.cut)).toBe(false);
  });

  it('keeps the head and the tail of 200,000 lines and says exactly what it cut between them', () => {
    const recorded = run(200_000);
    const { headLines, tailLines } = DEFAULT_OUTPUT_LIMITS;
    expect(recorded.length).toBeLessThanOrEqual(headLines + 1 + tailLines);
    const bytes = recorded.reduce((sum, p) => sum + Buffer.byteLength(p.chunk), 0);
    expect(bytes).toBeLessThan(70_000);
    const noticeAt = recorded.findIndex((p) => p.cut);
    const head = recorded.slice(0, noticeAt).map((p) => p.chunk);
    const tail = recorded.slice(noticeAt + 1).map((p) => p.chunk);
    expect(head[0]).toBe(line(1));
    expect(head).toEqual(Array.from({ length: head.length }, (_, i) => line(i + 1)));
    expect(tail.at(-1)).toBe(line(200_000));
    const firstTail = 200_000 - tail.length + 1;
    expect(tail).toEqual(Array.from({ length: tail.length }, (_, i) => line(firstTail + i)));
    const cutLines = firstTail - head.length - 1;
    const notice = recorded[noticeAt]!;
    expect(notice.cut).toEqual({ lines: cutLines, bytes: Array.from({ length: cutLines }, (_, i) => Buffer.byteLength(line(head.length + 1 + i))).reduce((a, b) => a + b, 0) });
    expect(notice.chunk).toMatch(/^… 199,\d{3} lines \(80 MB\) cut …\n$/);
    // the stream of each line survives the ring
    expect(recorded.filter((p) => p.chunk === line(200_000))[0]!.stream).toBe('stderr');
  });

  it('cuts one runaway line to its start and end', () => {
    const budget = new OutputBudget();
    const [piece] = budget.take('stdout', `start ${'y'.repeat(5_000_000)} end`);
    expect(piece!.chunk.length).toBeLessThanOrEqual(DEFAULT_OUTPUT_LIMITS.chunkChars);
    expect(piece!.chunk).toMatch(/^start y+ … 4,99\d,\d{3} characters cut … y+ end$/);
  });

  it('after a finish, later output (a verify phase) gets a fresh tail and its own notice', () => {
    const budget = new OutputBudget();
    run(1_000, budget);
    for (let n = 1; n <= 500; n++) expect(budget.take('stdout', `verify ${n}`)).toEqual([]);
    const end = budget.finish();
    expect(end[0]!.cut).toEqual({ lines: 400, bytes: expect.any(Number) });
    expect(end.at(-1)!.chunk).toBe('verify 500');
  });
});
