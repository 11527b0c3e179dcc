import fc from 'fast-check';
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

  it('records the same whether the lines before keepFrom are skipped or taken, burst after burst', () => {
    // As actionIO feeds it: line by line until the head is recorded, then each burst's lines
    // before keepFrom skipped (never redacted), the rest taken line by line.
    // Sizes drawn outright: fast-check keeps generated arrays short, and the head and a tail need hundreds of lines.
    const burstsOf = fc.array(
      fc.record({ stream: fc.constantFrom('stdout', 'stderr') as fc.Arbitrary<'stdout' | 'stderr'>, lines: fc.integer({ min: 1, max: 400 }), widths: fc.integer({ min: 1, max: 600 }) }),
      { minLength: 1, maxLength: 12, size: 'max' },
    );
    fc.assert(
      fc.property(burstsOf, (bursts) => {
        let n = 0;
        const texts = bursts.map(({ stream, lines, widths }) =>
          Array.from({ length: lines }, () => {
            n += 1;
            const width = (n * 7919) % widths;
            return { stream, text: `${n} ${'é'.repeat(width % 7)}${'x'.repeat(width)}\n` };
          }),
        );
        const taken = new OutputBudget();
        const skipping = new OutputBudget();
        const a: OutputPiece[] = [];
        const b: OutputPiece[] = [];
        for (const burst of texts) {
          for (const { stream, text } of burst) a.push(...taken.take(stream, text));
          // One stream per burst, as actionIO joins them: the lines of the burst's first stream.
          const stream = burst[0]!.stream;
          const joined = burst.map((l) => l.text).join('');
          const keep = skipping.headRecorded ? skipping.keepFrom(joined) : 0;
          if (keep > 0) skipping.skip(joined.slice(0, keep));
          for (const line of joined.slice(keep).split(/(?<=\n)/)) b.push(...skipping.take(stream, line));
        }
        a.push(...taken.finish());
        b.push(...skipping.finish());
        const shape = (pieces: OutputPiece[]) => pieces.map((p) => (p.cut ? { cut: p.cut } : p.chunk));
        expect(shape(b)).toEqual(shape(a));
      }),
      { numRuns: 200 },
    );
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
