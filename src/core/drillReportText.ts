import type { DrillReport, DrillVerdict } from './drillScore';

/** Headlines say no more than the findings under them: a recovered world with unpassed checks is not "RECOVERED". */
const HEADLINE: Record<DrillVerdict, string> = {
  recovered: 'RECOVERED',
  unconfirmed: 'RECOVERY NOT CONFIRMED',
  'not-recovered': 'NOT RECOVERED',
};

/** The drill report as a responder reads it at the end of a drill. */
export function formatDrillReport(report: DrillReport): string {
  return [`Drill report — scenario ${report.scenario} — incident ${report.incident}`, `${HEADLINE[report.verdict]} · score ${report.score}/${report.max}`, ...report.findings.map((f) => `  • ${f}`), ''].join('\n');
}
