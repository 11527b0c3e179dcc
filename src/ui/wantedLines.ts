import type { CockpitView, PanelView } from '../session/viewModel';
import { EVIDENCE_LINES } from './SloPanel';

/**
 * How many lines each area could fill with this view, so the layout gives spare lines to the
 * timeline instead of padding short panels. Mirrors what the panels draw; a panel given fewer
 * lines cuts its least important ones.
 */
export function wantedLines(view: CockpitView): { deploys: number; flags: number; slo: number; steps: number } {
  // The title, and up to two lines of provider error.
  const title = (panel: PanelView<unknown>) => 1 + (panel.error === undefined ? 0 : 2);
  // A row each, plus a line per revision known to be bad.
  const deploys = (view.deploys.data?.length ?? 0) + (view.deploys.data?.filter((row) => row.knownBad !== undefined || row.automaticRollback !== undefined).length ?? 0);
  const flags = view.flags.data?.length ?? 0;
  const slos = view.slos.data ?? [];
  // Per SLO: its heading, burn windows, sparkline, and a line per fired trigger.
  const sloLines = slos.reduce((sum, slo) => sum + 3 + slo.firedTriggers.length, 0);
  // Per recommendation: its line and the evidence lines under the SLOs.
  const recommendationLines = view.recommendations.reduce((sum, r) => sum + 1 + Math.min(EVIDENCE_LINES, r.evidence.length), 0);
  return {
    // Heading and the rule under it.
    deploys: title(view.deploys) + Math.max(1, deploys + 2),
    flags: title(view.flags) + Math.max(1, flags),
    slo: title(view.slos) + Math.max(1, recommendationLines + sloLines),
    // Title, one line per step, and the selected step's hint, verify and detail lines.
    steps: 1 + view.steps.length + 3,
  };
}
