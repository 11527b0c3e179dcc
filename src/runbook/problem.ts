import { compareText } from '../core/compareText';
import { stripTerminalControls } from '../core/terminalText';

/** A located problem in a YAML source: what `cockpit lint` prints as `path:line:col: message`. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** One line for a terminal: a message quoting the runbook (an unknown key, a bad value) loses its escape sequences. */
export function formatProblem(p: Problem): string {
  return stripTerminalControls(`${p.file}:${p.line}:${p.col}: ${p.message}`);
}

export function compareProblems(a: Problem, b: Problem): number {
  return compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.message, b.message);
}
