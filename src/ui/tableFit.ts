/**
 * Column widths for a bordered table (ink-table: one space of padding each side, a rule
 * between columns) that must fit a width: columns start at their natural width, the flexible
 * one shrinks first, then the least important columns are dropped.
 */

export interface ColumnSpec {
  readonly key: string;
  /** Never wider than this. */
  readonly max: number;
  /** A flexible column shrinks down to this before anything is dropped. */
  readonly min?: number;
  /** Dropped when nothing else helps, lowest first; columns without it are always kept. */
  readonly dropOrder?: number;
}

export interface FittedColumn {
  readonly key: string;
  readonly width: number;
}

const PADDING = 2;
const LAST_RESORT_WIDTH = 3;

export function tableWidth(columns: readonly FittedColumn[]): number {
  return columns.reduce((sum, column) => sum + column.width + PADDING, 0) + columns.length + 1;
}

/** The narrowest `width` at which `fitColumns` keeps every column (the flexible ones at their minimum). */
export function widthForAllColumns(specs: readonly ColumnSpec[], rows: readonly Readonly<Record<string, string>>[]): number {
  return tableWidth(
    specs.map((spec) => {
      const natural = Math.min(spec.max, Math.max(spec.key.length, ...rows.map((row) => Array.from(row[spec.key] ?? '').length)));
      return { key: spec.key, width: spec.min === undefined ? natural : Math.min(natural, spec.min) };
    }),
  );
}

export function fitColumns(specs: readonly ColumnSpec[], rows: readonly Readonly<Record<string, string>>[], width: number): FittedColumn[] {
  const natural = (spec: ColumnSpec) => ({
    spec,
    width: Math.min(spec.max, Math.max(spec.key.length, ...rows.map((row) => Array.from(row[spec.key] ?? '').length))),
  });
  let columns = specs.map(natural);
  const fitted = () => columns.map(({ spec, width: w }) => ({ key: spec.key, width: w }));
  for (;;) {
    const excess = tableWidth(fitted()) - width;
    if (excess <= 0) return fitted();
    const flexible = columns.find(({ spec, width: w }) => spec.min !== undefined && w > spec.min);
    if (flexible !== undefined) {
      const min = flexible.spec.min ?? 0;
      columns = columns.map((column) => (column === flexible ? { ...column, width: Math.max(min, column.width - excess) } : column));
      continue;
    }
    const droppable = columns
      .filter(({ spec }) => spec.dropOrder !== undefined)
      .sort((a, b) => (a.spec.dropOrder ?? 0) - (b.spec.dropOrder ?? 0))[0];
    if (droppable === undefined) {
      // Last resort in a very narrow panel: the flexible column gives up more than its minimum.
      const squeezed = columns.find(({ spec, width: w }) => spec.min !== undefined && w > LAST_RESORT_WIDTH);
      if (squeezed === undefined) return fitted();
      columns = columns.map((column) => (column === squeezed ? { ...column, width: Math.max(LAST_RESORT_WIDTH, column.width - excess) } : column));
      continue;
    }
    // Dropping frees room: the flexible column gets its natural width back before shrinking again.
    columns = columns.filter((column) => column !== droppable).map(({ spec }) => natural(spec));
  }
}
