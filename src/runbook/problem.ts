import { compareText } from '../core/compareText';
import { boundedLine, escapeHidden } from '../core/quotedText';

/** A located problem in a YAML source: what `cockpit lint` prints as `path:line:col: message`. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  /** Which check found it (`yaml`, `schema`, `providers`, `promql`, …): what `lint --json` reports as `rule`. */
  readonly rule?: string;
}

/** A file with more problems than this is not worth reading further: the rest are counted. */
export const MAX_PROBLEMS_PER_FILE = 50;

/** One line, whatever the file name or the message holds (a newline in a path included). */
export function formatProblem(p: Problem): string {
  return `${escapeHidden(p.file)}:${p.line}:${p.col}: ${boundedLine(p.message)}`;
}

export function compareProblems(a: Problem, b: Problem): number {
  return compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.message, b.message);
}

/**
 * One file's problems as they are reported: sorted, each message escaped and bounded, and no
 * more than MAX_PROBLEMS_PER_FILE of them, the last one saying how many were left out.
 */
export function reportable(problems: readonly Problem[]): Problem[] {
  const sorted = problems.map((p) => ({ ...p, message: boundedLine(p.message) })).sort(compareProblems);
  if (sorted.length <= MAX_PROBLEMS_PER_FILE) return sorted;
  const first = sorted[MAX_PROBLEMS_PER_FILE]!;
  const rest = sorted.length - MAX_PROBLEMS_PER_FILE;
  return [...sorted.slice(0, MAX_PROBLEMS_PER_FILE), { ...first, rule: 'max-problems', message: `${rest} more problem${rest === 1 ? ' in this file is' : 's in this file are'} not shown` }];
}
