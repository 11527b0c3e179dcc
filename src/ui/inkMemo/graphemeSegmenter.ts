import { JOINS } from './textWidth';

/**
 * `new Intl.Segmenter(locale, { granularity: 'grapheme' })` for the text packages Ink draws with
 * (scripts/inkMemoPlugin.mjs puts it in place of theirs): they build one as they load, and the
 * first one built loads ICU's break-iterator data, about 13 ms on the start-up's critical path.
 * A cockpit screen's text is nearly all one code point per grapheme cluster: split here, the same
 * segments and the same `containing()`, and the real segmenter is built only for text where code
 * points can join (marks, joiners, Hangul jamo, emoji sequences, CR LF).
 */
export function lazyGraphemeSegmenter(): Pick<Intl.Segmenter, 'segment'> {
  let real: Intl.Segmenter | undefined;
  return {
    segment(input: string): Intl.Segments {
      if (!JOINS.test(input) && !input.includes('\r')) return unitSegments(input);
      real ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      return real.segment(input);
    },
  };
}

/** Segments of text with no surrogates or joiners (JOINS covers both): one UTF-16 unit each. */
function unitSegments(input: string): Intl.Segments {
  const at = (index: number): Intl.SegmentData => ({ segment: input[index] as string, index, input });
  return {
    containing(codeUnitIndex = 0): Intl.SegmentData | undefined {
      const index = Math.trunc(Number(codeUnitIndex));
      return index >= 0 && index < input.length ? at(index) : undefined;
    },
    *[Symbol.iterator](): IterableIterator<Intl.SegmentData> {
      for (let index = 0; index < input.length; index += 1) yield at(index);
    },
  } as Intl.Segments;
}
