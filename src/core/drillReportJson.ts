import type { DrillReport } from './drillTypes';

export const DRILL_REPORT_FORMAT = 'incident-cockpit/drill-report-v1';

/**
 * The drill report as `cockpit drill --json` prints it: versioned like `status-v1`, so a CI job
 * that gates on a drill's score can check `format` first and fail loudly when the shape changes.
 */
export function drillReportJson(report: DrillReport): { readonly format: typeof DRILL_REPORT_FORMAT } & DrillReport {
  return { format: DRILL_REPORT_FORMAT, ...report };
}
