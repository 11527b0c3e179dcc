import type { LintReport } from '../runbook/lint';
import { escapeHidden } from '../core/quotedText';
import { formatProblem, type Problem } from '../runbook/problem';

/** How `cockpit lint` prints its problems on stdout: for people, for scripts, for GitHub Actions. */
export const LINT_FORMATS = ['text', 'json', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

/** Problems found by no named check are runbook (or scenario) checks all the same. */
const ruleOf = (p: Problem): string => p.rule ?? 'runbook';

export function formatLint(report: LintReport, format: LintFormat): string {
  if (format === 'json') return `${JSON.stringify(lintJson(report), null, 2)}\n`;
  const line = format === 'github' ? githubAnnotation : formatProblem;
  return report.problems.map((p) => `${line(p)}\n`).join('');
}

/** Versioned like `status-v1`: a script can check `format` before it reads anything else. */
export function lintJson(report: LintReport) {
  return {
    format: 'incident-cockpit/lint-v1' as const,
    files: report.files,
    missing: report.missing,
    empty: report.empty,
    problems: report.problems.map((p) => ({ path: p.file, line: p.line, col: p.col, message: p.message, rule: ruleOf(p) })),
  };
}

/**
 * A workflow command (`::error file=…,line=…,col=…,title=…::message`): GitHub Actions shows it
 * on the line of the pull request's diff. Its escaping rules: `%`, CR and LF everywhere, and
 * also `:` and `,` inside a property value.
 */
export function githubAnnotation(p: Problem): string {
  // A file name's escape sequences reach the terminal of whoever reads the log (`file=evil\x1b]0;…` retitled it): escaped as the text format does.
  const props = [`file=${escapeProperty(escapeHidden(p.file))}`, `line=${p.line}`, `col=${p.col}`, `title=${escapeProperty(`cockpit lint (${ruleOf(p)})`)}`];
  return `::error ${props.join(',')}::${escapeData(p.message)}`;
}

const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
