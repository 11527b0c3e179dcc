import { memo, type ReactNode } from 'react';
import type { SloStatus } from '../core/sloStatus';
import { roughDuration } from '../core/roughDuration';
import { windowsLine } from '../core/windowCoverage';
import type { FiredTriggerView, PanelView, RecommendationView, SloRow } from '../session/viewModel';
import { formatAge, formatBurn, formatObjective, formatPercent, formatTimeLeft, sparkline, wrapText } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import { PanelFrame, panelBody } from './PanelFrame';
import type { Tone } from './theme';

/** How much data a window or budget holds, to the minute under 6h (`5h of data` stood for 5h59m, beside `cockpit status`'s). */
const dataSpan = roughDuration;

interface Props {
  readonly panel: PanelView<readonly SloRow[]>;
  /** The session's recommendations ("Flag kill switch recommended: …"): the most important lines here. */
  readonly recommendations: readonly RecommendationView[];
  readonly size: Rect;
}

const SPARK_WIDTH = 12;

/**
 * Evidence lines the SLO panel shows at most per recommendation, and asks the layout for (they go
 * first when the panel is short): two hid the plan's reasons and the burn itself at 160 columns
 * with lines to spare; asked for two and shown six, the stacked panels never got the rest, and "…
 * 2 more lines (a taller terminal shows them)" stood at 120x60 above 24 blank lines.
 */
export const EVIDENCE_LINES = 6;

const STATUS_MARK: Readonly<Record<SloStatus, { readonly text: string; readonly tone: Tone }>> = {
  burning: { text: '▲ BURNING', tone: 'bad' },
  recovering: { text: '↘ recovering', tone: 'warn' },
  'over-budget': { text: '△ over budget', tone: 'warn' },
  ok: { text: '✓ ok', tone: 'ok' },
  'no-data': { text: '∅ no data', tone: 'muted' },
};

/**
 * A recommendation is never cut: it takes as many lines as its words need at the panel's width
 * (PanelFrame keeps one column of gap), each line of it kept before anything else in the panel.
 */
export function recommendationText(r: RecommendationView, panelWidth: number): string[] {
  // An undo nobody watched is checked first by that Enter: "Enter on step 3" beside "Rollback recommended" checked it instead.
  const step = r.undoStep !== undefined ? ` · U on step ${r.undoStep}` : r.runStep !== undefined ? ` · Enter on step ${r.runStep}${r.runChecksFirst === undefined ? '' : ` checks ${r.runChecksFirst} first`}` : '';
  return wrapText(`» ${r.text}${step}`, Math.max(1, panelWidth - 1), '  ');
}

/** Waiting on an action is news, not an alarm. */
const recommendationTone = (r: RecommendationView): Tone => (r.kind === 'waiting-for-recovery' ? 'warn' : 'bad');

export const SloPanel = memo(function SloPanel({ panel, recommendations, size }: Props) {
  const body = panelBody(panel, size);
  const all = sloLines(panel.data ?? [], recommendations, body.width, false);
  const shown = kept(all, body.height);
  const firedLeftOut = all.some((line, i) => line.priority === PRIORITY.fired && !shown.has(i));
  const lines = firedLeftOut ? sloLines(panel.data ?? [], recommendations, body.width, true) : all;
  const unsaid = panel.data === undefined ? 0 : unsaidCount(lines, body.height);
  // No row is left to say it (the advice, the burns and the status took them all): the title line
  // says it. At 80x24 the advice's evidence went with nothing said, where 100x30 said "… 4 more lines".
  const note = unsaid === 0 ? undefined : `${unsaid} line${unsaid === 1 ? '' : 's'} not shown`;
  return (
    <PanelFrame title="SLO BURN" panel={panel} size={size} absentText="no SLOs in this runbook" {...(note === undefined ? {} : { note })}>
      {() => mostImportant(lines, body.height)}
    </PanelFrame>
  );
});

/** Lines left out with no row of the panel saying so (see `mostImportant`). */
function unsaidCount(lines: readonly SloLine[], height: number): number {
  const shown = kept(lines, height);
  const marked = shown.size + 1 <= height && shown.size < lines.length;
  return marked ? 0 : lines.length - shown.size;
}

/**
 * What each line is worth when the panel is short: the recommendation, then a burning SLO's status
 * line ("▲ BURNING": the state a responder must see) and burn windows (the runbook's hints send
 * the responder to them), then a quiet SLO's status line, the fired triggers, the windows of SLOs that are not burning, the sparkline and the evidence.
 */
const PRIORITY = { recommendation: 0, windows: 1, head: 2, fired: 3, quietWindows: 4, spark: 5, evidence: 6 } as const;

interface SloLine {
  readonly priority: number;
  readonly node: ReactNode;
}

/**
 * The `height` most important lines, in the order they are drawn. When some do not fit, the last
 * row says how many (a 100x30 screen dropped the evidence and a `▲ FIRED` line with nothing said),
 * unless that row is needed by the recommendation, the burns or the SLO's status line.
 */
function mostImportant(lines: readonly SloLine[], height: number): ReactNode[] {
  const shown = kept(lines, height);
  const drawn = lines.flatMap((line, i) => (shown.has(i) ? [line.node] : []));
  if (shown.size + 1 > height || shown.size === lines.length) return drawn;
  const more = lines.length - shown.size;
  return [...drawn, <Line key="more" tone="muted">{`… ${more} more line${more === 1 ? '' : 's'} (a taller terminal shows ${more === 1 ? 'it' : 'them'})`}</Line>];
}

/** Which of `lines` are drawn in `height` (see `mostImportant`): one row fewer when the last says how many are not. */
function kept(lines: readonly SloLine[], height: number): Set<number> {
  const order = [...lines.keys()].sort((a, b) => lines[a]!.priority - lines[b]!.priority || a - b);
  const fits = lines.length <= height;
  const room = fits ? height : Math.max(0, height - 1);
  // Never in place of the recommendation, the burns or the SLO's status: they decide more than the count.
  const marked = !fits && height > 0 && order.slice(room).every((i) => lines[i]!.priority > PRIORITY.head);
  return new Set(order.slice(0, marked ? room : Math.max(0, height)));
}

/**
 * "21m ago", "again 2m ago": when this firing began. Not a burn: the windows line beside it has the
 * burns now, and the peak it showed (of every firing) read as the burn now after it fired again.
 */
function firedWhen(trigger: FiredTriggerView): string {
  // Already firing at the first look: "· 40s ago" read as a firing the cockpit had watched happen.
  return `${trigger.firings > 1 ? 'again ' : trigger.seen ? 'seen ' : ''}${formatAge(trigger.firedAgoMs)} ago`;
}

/**
 * `short`: the panel has fewer lines than these take. A fired trigger then takes the sparkline's
 * place on the windows line, where it fits: at 80x24 `▲ FIRED 14.4x on 1h+5m` went with nothing
 * said, the one line that says which alert paged.
 */
function sloLines(slos: readonly SloRow[], recommendations: readonly RecommendationView[], width: number, short: boolean): SloLine[] {
  const line = (priority: number, node: ReactNode): SloLine => ({ priority, node });
  const lines: SloLine[] = recommendations.flatMap((r, i) =>
    recommendationText(r, width + 1).map((text, j) =>
      line(
        PRIORITY.recommendation,
        <Line key={`rec-${i}-${j}`} tone={recommendationTone(r)} bold>
          {text}
        </Line>,
      ),
    ),
  );
  const evidence = recommendations.flatMap((r, i) =>
    r.evidence.slice(0, EVIDENCE_LINES).map((text, j) =>
      line(
        PRIORITY.evidence,
        <Line key={`rec-${i}-evidence-${j}`} tone="muted">
          {'  '}· {text}
        </Line>,
      ),
    ),
  );
  if (slos.length === 0) return [...lines, ...evidence, line(PRIORITY.head, <Line key="none" tone="muted">no SLO data</Line>)];
  for (const slo of slos) {
    const fired = slo.firedTriggers.length > 0;
    const mark = STATUS_MARK[slo.status];
    lines.push(
      line(
        fired || slo.status === 'burning' ? PRIORITY.windows : PRIORITY.head,
        <Line key={`${slo.name}-head`}>
          <Span tone={mark.tone} bold={slo.status === 'burning'}>{mark.text}</Span> <Span bold>{slo.name}</Span>
          <Span tone="muted"> {formatObjective(slo.objective)}</Span> · budget <Span tone={budgetTone(slo.budgetRemaining)}>{atMost(slo)}{formatPercent(slo.budgetRemaining, slo.budgetDataMs !== undefined)} left</Span>
          {slo.budgetDataMs === undefined ? '' : <Span tone="muted"> ({dataSpan(slo.budgetDataMs)} of data)</Span>}
          {slo.exhaustionMs === null ? '' : <Span tone="warn"> · gone in {atMost(slo)}{formatTimeLeft(slo.exhaustionMs, slo.budgetDataMs !== undefined)}</Span>}
        </Line>,
      ),
    );
    const windows = windowsLine(slo.windows, formatBurn, dataSpan);
    const firedText = slo.firedTriggers.map((trigger) => `▲ FIRED ${trigger.label}`).join(', ');
    const firedJoins = short && fired && `  ${windows}  ${firedText}`.length <= width;
    for (const trigger of firedJoins ? [] : slo.firedTriggers) {
      lines.push(
        line(
          PRIORITY.fired,
          <Line key={`${slo.name}-${trigger.id}`} tone="bad">
            {'  '}▲ FIRED {trigger.label} · {firedWhen(trigger)}
            {trigger.longDataMs === undefined ? '' : ` · on ${dataSpan(trigger.longDataMs)} of data`}
          </Line>,
        ),
      );
    }
    // The windows say which of them hold less data than their length (a Prometheus started minutes ago).
    const windowsPriority = fired || slo.status === 'burning' ? PRIORITY.windows : PRIORITY.quietWindows;
    // Scaled to 1x at least: an hour of a flat 0.1x drew full bars, read as an hour-long outage.
    const spark = sparkline(slo.sparkline, SPARK_WIDTH, 1);
    // Beside the windows where it fits: the fired trigger when the panel is short of lines, else the sparkline.
    const tail = firedJoins ? firedText : sparkJoinsWindows(windows, spark, width) ? `last 1h ${spark}` : undefined;
    if (tail !== undefined) {
      lines.push(
        line(
          windowsPriority,
          <Line key={`${slo.name}-burn`}>
            {'  '}
            {windows}
            <Span tone={fired ? 'bad' : 'info'}>  {tail}</Span>
          </Line>,
        ),
      );
    } else {
      lines.push(line(windowsPriority, <Line key={`${slo.name}-burn`}>{`  ${windows}`}</Line>));
      if (spark !== '') lines.push(line(PRIORITY.spark, <Line key={`${slo.name}-spark`} tone={fired ? 'bad' : 'info'}>{`  last 1h ${spark}`}</Line>));
    }
  }
  return [...lines, ...evidence];
}

function budgetTone(remaining: number | null): 'ok' | 'warn' | 'bad' | 'muted' {
  if (remaining === null) return 'muted';
  if (remaining <= 0) return 'bad';
  return remaining < 0.25 ? 'warn' : 'ok';
}

/** Counted over data younger than the period (a Prometheus holding 7 hours of a 30-day budget): what the period held before it is not known. */
const atMost = (slo: SloRow): string => (slo.budgetDataMs === undefined ? '' : '≤');

/** The sparkline joins the windows line when there is room, else takes its own. */
const sparkJoinsWindows = (windows: string, spark: string, width: number) => windows.length + spark.length + 8 <= width;

/** Lines an SLO's burn takes at `width`: its windows, and its sparkline where it does not join them. */
export function burnLines(slo: SloRow, width: number): number {
  const spark = sparkline(slo.sparkline, SPARK_WIDTH, 1);
  return spark === '' || sparkJoinsWindows(windowsLine(slo.windows, formatBurn, dataSpan), spark, width) ? 1 : 2;
}
