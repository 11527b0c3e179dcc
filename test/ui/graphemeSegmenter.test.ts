import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lazyGraphemeSegmenter } from '../../src/ui/inkMemo/graphemeSegmenter';

const intl = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const plain = (segments: Iterable<Intl.SegmentData>) => [...segments].map(({ segment, index, input }) => ({ segment, index, input }));

// What a cockpit screen holds, and what can join: marks, joiners, variation selectors, Hangul, emoji, flags, CR LF.
const PIECES = ['a', 'Z', ' ', '\t', '\n', '\r', '\r\n', '\u001B[31m', '─', '│', '●', '✓', '⚠', '↩', '⊗', 'é', 'e\u0301', '\u0301', '\u200D', '\uFE0F', '☀', '👍', '👍🏽', '👨‍👩‍👧', '🇩🇪', '한', '\u1100\u1161', '\u11A8', 'ก\u0E33', '\u0600', '日本', '\uD800'];

describe('the grapheme segmenter Ink draws with (bundle)', () => {
  it('splits any text as Intl.Segmenter does: the segments, and the one containing each index', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), (pieces) => {
        const text = pieces.join('');
        const ours = lazyGraphemeSegmenter().segment(text);
        const theirs = intl.segment(text);
        expect(plain(ours)).toEqual(plain(theirs));
        for (let i = -1; i <= text.length; i += 1) {
          const a = ours.containing(i);
          const b = theirs.containing(i);
          expect(a && { segment: a.segment, index: a.index }).toEqual(b && { segment: b.segment, index: b.index });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('builds no Intl.Segmenter for text of one code point per cluster, and one for text that joins', () => {
    const built: unknown[] = [];
    const Real = Intl.Segmenter;
    const intlObject = Intl as { Segmenter: typeof Real };
    intlObject.Segmenter = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        built.push(args);
      }
    } as typeof Real;
    try {
      const segmenter = lazyGraphemeSegmenter();
      const line = '│ ● DEPLOYS ✓ ⟳ 3. Roll back → :41 │';
      expect(plain(segmenter.segment(line)).map((s) => s.segment)).toEqual([...line]);
      expect(built).toHaveLength(0);
      expect(plain(segmenter.segment('e\u0301')).map((s) => s.segment)).toEqual(['e\u0301']);
      expect(built).toHaveLength(1);
    } finally {
      intlObject.Segmenter = Real;
    }
  });
});
