// Ink's Output writes every row of the screen back out as text on every frame: for each cell it
// appends the character and, where the style changes, the escape codes between the two styles.
// At 160x48 that is 7,680 cells a frame, most of them in rows that did not change since the frame
// before; the bundle's Output asks here instead (scripts/inkMemoPlugin.mjs).
import type { StyledChar } from '@alcalzone/ansi-tokenize';
import { styledCharsToString } from './ansiTokenize';

type Row = readonly (StyledChar | undefined)[];

/** The row last drawn at each line of the screen, with its text. */
const drawn: { cells: Row; text: string }[] = [];

/**
 * What Ink's Output makes of row `y` of a frame (its cells, without the empty ones, as text with
 * the trailing blanks cut), reused when the row holds the same cells as the row drawn at `y` the
 * time before. Cells are never changed once made (the bundle shares them between rows and frames,
 * styledCharPool.ts), so the same cells in the same order are the same text.
 *
 * Why: paging the timeline back at 160x48 allocated ~2 MB a key, a third of it here (a string per
 * cell appended, style diffs), and every young-generation collection that garbage caused promoted
 * some of the frame being drawn (bench/keypress.bench.ts).
 */
export function styledRowText(cells: Row, y: number): string {
  const last = drawn[y];
  if (last !== undefined && sameCells(last.cells, cells)) return last.text;
  const text = styledCharsToString(cells.filter((cell): cell is StyledChar => cell !== undefined)).trimEnd();
  // A copy: the text must follow the cells as they are now, whoever holds the array.
  drawn[y] = { cells: cells.slice(), text };
  return text;
}

function sameCells(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
