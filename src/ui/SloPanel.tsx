import { memo, type ReactNode } from 'react';
import type { PanelView, SloRow } from '../session/viewModel';
import { formatAge, formatBurn, formatObjective, formatPercent, sparkline } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import { PanelFrame } from './PanelFrame';

interface Props {
  readonly panel: PanelView<readonly SloRow[]>;
  /** The session's recommendations ("Rollback recommended: …"): the most important lines here. */
  readonly recommendations: readonly string[];
  readonly size: Rect;
}

const SPARK_WIDTH = 12;

export const SloPanel = memo(function SloPanel({ panel, recommendations, size }: Props) {
  return (
    <PanelFrame title="SLO BURN" panel={panel} size={size} absentText="no SLOs in this runbook">
      {(body) => sloLines(panel.data ?? [], recommendations, body.width).slice(0, body.height)}
    </PanelFrame>
  );
});

/** Most important first, so a short panel cuts the least useful lines. */
function sloLines(slos: readonly SloRow[], recommendations: readonly string[], width: number): ReactNode[] {
  const lines: ReactNode[] = recommendations.map((text, i) => (
    <Line key={`rec-${i}`} tone="bad" bold>
      ⚠ {text}
    </Line>
  ));
  if (slos.length === 0) return [...lines, <Line key="none" tone="muted">no SLO data</Line>];
  for (const slo of slos) {
    const fired = slo.firedTriggers.length > 0;
    lines.push(
      <Line key={`${slo.name}-head`}>
        {fired ? <Span tone="bad" bold>✖ BURNING</Span> : <Span tone="ok">✓ ok</Span>} <Span bold>{slo.name}</Span>
        <Span tone="muted"> {formatObjective(slo.objective)}</Span> · budget <Span tone={budgetTone(slo.budgetRemaining)}>{formatPercent(slo.budgetRemaining)} left</Span>
        {slo.exhaustionMs === null ? '' : <Span tone="warn"> · gone in {formatAge(slo.exhaustionMs)}</Span>}
      </Line>,
    );
    for (const trigger of slo.firedTriggers) {
      lines.push(
        <Line key={`${slo.name}-${trigger.id}`} tone="bad">
          {'  '}⚠ FIRED {trigger.label} ({formatBurn(trigger.burnRate)} &gt; {formatBurn(trigger.threshold)})
        </Line>,
      );
    }
    const windows = slo.windows.map((w) => `${w.window} ${formatBurn(w.burnRate)}`).join('  ');
    const spark = sparkline(slo.sparkline, SPARK_WIDTH);
    // The sparkline joins the windows line when there is room, else takes its own.
    if (windows.length + spark.length + 8 <= width) {
      lines.push(
        <Line key={`${slo.name}-burn`}>
          {'  '}
          {windows}
          <Span tone={fired ? 'bad' : 'info'}>  last 1h {spark}</Span>
        </Line>,
      );
    } else {
      lines.push(<Line key={`${slo.name}-burn`}>{`  ${windows}`}</Line>);
      if (spark !== '') lines.push(<Line key={`${slo.name}-spark`} tone={fired ? 'bad' : 'info'}>{`  last 1h ${spark}`}</Line>);
    }
  }
  return lines;
}

function budgetTone(remaining: number | null): 'ok' | 'warn' | 'bad' | 'muted' {
  if (remaining === null) return 'muted';
  if (remaining <= 0) return 'bad';
  return remaining < 0.25 ? 'warn' : 'ok';
}
