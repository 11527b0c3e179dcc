import type { DrillReport, DrillVerdict } from './drillTypes';
import { wrapText } from './wrapText';

/** Headlines say no more than the findings under them: a recovered world with unpassed checks is not "RECOVERED". */
const HEADLINE: Record<DrillVerdict, string> = {
  recovered: 'RECOVERED',
  unconfirmed: 'RECOVERY NOT CONFIRMED',
  'not-recovered': 'NOT RECOVERED',
};

/**
 * The drill report as a responder reads it at the end of a drill. With a `width` (the terminal's
 * columns), lines wrap at word boundaries, a finding's continuation under its text, never a word
 * cut by the terminal; without one (piped), each finding is one line.
 */
export function formatDrillReport(report: DrillReport, width?: number): string {
  // `margin` starts every line (wrapText drops leading spaces); `indent` the continuations after it.
  const wrap = (text: string, margin: string, indent: string) => (width === undefined ? [margin + text] : wrapText(text, width - margin.length, indent).map((line) => margin + line));
  return [
    ...wrap(`Drill report — scenario ${report.scenario} — incident ${report.incident}`, '', '  '),
    ...wrap(`${HEADLINE[report.verdict]} · score ${report.score}/${report.max}`, '', '  '),
    ...report.findings.flatMap((f) => wrap(`• ${f}`, '  ', '  ')),
    '',
  ].join('\n');
}
