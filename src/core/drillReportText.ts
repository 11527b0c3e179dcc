import type { DrillReport } from './drillScore';

/** The drill report as a responder reads it at the end of a drill. */
export function formatDrillReport(report: DrillReport): string {
  const verdict = report.recovered && report.recoveryChecksPassed ? 'RECOVERED' : 'NOT RECOVERED';
  return [`Drill report — scenario ${report.scenario} — incident ${report.incident}`, `${verdict} · score ${report.score}/${report.max}`, ...report.findings.map((f) => `  • ${f}`), ''].join('\n');
}
