import type { CockpitView, DeployRow, PanelView } from '../session/viewModel';
import { flagLines, flagsBodyWidth } from './FlagsPanel';
import { burnLines, EVIDENCE_LINES, recommendationText } from './SloPanel';
import { allStepsLines, selectedStepLines } from './StepsPanel';

/** The widths the panels get (from the layout, which sets widths before heights). */
export interface PanelWidths {
  readonly flags: number;
  readonly slo: number;
  readonly steps: number;
}

export interface WantedLines {
  readonly deploys: number;
  readonly flags: number;
  readonly slo: number;
  readonly steps: number;
  /** The timeline's title and every line it has (recorded and pending): what it can fill. */
  readonly timeline: number;
  /** Lines without which decisive words would be lost (see `LayoutContent.needed`). */
  readonly needed: { readonly flags: number; readonly slo: number; readonly steps: number };
  /** Lines that come before the rest when stacked lines are few (see `LayoutContent.preferred`). */
  readonly preferred: { readonly deploys: number; readonly steps: number; readonly slo: number };
}

/**
 * How many lines each area could fill with this view at these widths, so the layout gives spare
 * lines to the timeline instead of padding short panels, and never fewer than the decisive words
 * need. Mirrors what the panels draw; a panel given fewer lines cuts its least important ones.
 */
export function wantedLines(view: CockpitView, widths: PanelWidths, selected: number): WantedLines {
  // The title, up to two lines of provider error, and a partial answer's warning.
  const title = (panel: PanelView<unknown>) => 1 + (panel.error === undefined ? 0 : 2) + (panel.warning === undefined ? 0 : 1);
  // A row each, plus a line per revision known to be bad.
  const rowLines = (rows: readonly DeployRow[]) => rows.length + rows.filter((row) => row.knownBad !== undefined || row.automaticRollback !== undefined).length;
  const deployRows = view.deploys.data ?? [];
  const deploys = rowLines(deployRows);
  // The rows down to the current revision, the rollback target and the revision an undo would deploy again, whichever is oldest.
  const decisiveRows = deployRows.slice(0, Math.max(1, ...deployRows.map((row, i) => (row.current || row.rollbackTarget || row.undoTarget ? i + 1 : 0))));
  const flagRows = view.flags.data ?? [];
  const flagHeights = flagRows.map((flag) => 1 + flagLines(flag, flagsBodyWidth(widths.flags)).rest.length);
  const flags = flagHeights.reduce((sum, lines) => sum + lines, 0);
  // The first flag (the one that matters most: buildView orders them) and, when others are left
  // out, the line that says how many.
  const firstFlag = (flagHeights[0] ?? 0) + (flagRows.length > 1 ? 1 : 0);
  const slos = view.slos.data ?? [];
  // Per SLO: its heading, a line per fired trigger, its burn windows and sparkline (one line where they fit on one, in the
  // panel's body: a column narrower than the panel).
  const sloLines = slos.reduce((sum, slo) => sum + 1 + slo.firedTriggers.length + burnLines(slo, widths.slo - 1), 0);
  // Per recommendation: its lines, wrapped, and the evidence lines under the SLOs.
  const recommendationLines = view.recommendations.reduce((sum, r) => sum + recommendationText(r, widths.slo).length, 0);
  const evidenceLines = view.recommendations.reduce((sum, r) => sum + Math.min(EVIDENCE_LINES, r.evidence.length), 0);
  // A burning or recovering SLO's status line ("▲ BURNING", "↘ recovering") and its burn windows:
  // at 100x30 a kill switch that worked left the recommendation alone, the state and windows cut.
  const burningLines = 2 * slos.filter((slo) => slo.status === 'burning' || slo.status === 'recovering' || slo.firedTriggers.length > 0).length;
  const step = view.steps[selected];
  const selectedLines = selectedStepLines(step, selected, selected === view.nextStep, widths.steps);
  const stepList = 1 + view.steps.length - (step === undefined ? 0 : 1) + selectedLines;
  const slo = title(view.slos) + Math.max(1, recommendationLines + evidenceLines + sloLines);
  return {
    // Heading and the rule under it.
    deploys: title(view.deploys) + Math.max(1, deploys + 2),
    flags: title(view.flags) + Math.max(1, flags),
    slo,
    // Title, and every step's lines: the selected one's wrapped title, hint, verify and detail, the others' failures and checks.
    steps: 1 + allStepsLines(view.steps, selected, view.nextStep, widths.steps),
    timeline: 1 + view.timeline.length + (view.pending?.length ?? 0),
    needed: {
      slo: view.slos.data === undefined ? 0 : title(view.slos) + recommendationLines + burningLines,
      flags: view.flags.data === undefined ? 0 : title(view.flags) + firstFlag,
      steps: 1 + selectedLines,
    },
    preferred: {
      // And the pager line that says older deploys are there (`deploys 1-2 of 4`): without it the table dropped its heading.
      deploys: deployRows.length === 0 ? 0 : title(view.deploys) + 2 + rowLines(decisiveRows) + (decisiveRows.length < deployRows.length ? 1 : 0),
      steps: stepList,
      // The advice's evidence with it: what the recommendation rests on.
      slo: view.recommendations.length === 0 ? 0 : slo,
    },
  };
}
