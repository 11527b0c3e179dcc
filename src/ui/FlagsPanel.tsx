import { memo } from 'react';
import type { FlagRow, PanelView } from '../session/viewModel';
import { formatAge } from './format';
import { fitRows, type Rect } from './layout';
import { Line, Span } from './Line';
import { PanelFrame } from './PanelFrame';

export const FlagsPanel = memo(function FlagsPanel({ panel, size }: { panel: PanelView<readonly FlagRow[]>; size: Rect }) {
  return (
    <PanelFrame title="FLAGS" panel={panel} size={size} absentText="no flags provider in this runbook">
      {(body) => <FlagLines flags={panel.data ?? []} lines={body.height} />}
    </PanelFrame>
  );
});

function FlagLines({ flags, lines }: { flags: readonly FlagRow[]; lines: number }) {
  if (flags.length === 0) return <Line tone="muted">no flags</Line>;
  const fitted = fitRows(flags.length, lines);
  const shown = flags.slice(0, fitted.shown);
  return (
    <>
      {shown.map((flag) => (
        <Line key={flag.key}>
          {flag.state === 'ENABLED' ? <Span tone="info">● ON </Span> : <Span tone="muted">○ OFF</Span>} {flag.key}
          {flag.variant === null ? '' : ` = ${flag.variant}`}
          <Span tone="muted">{lastToggle(flag)}</Span>
        </Line>
      ))}
      {fitted.more ? <Line tone="muted">… {flags.length - shown.length} more flags</Line> : null}
    </>
  );
}

function lastToggle(flag: FlagRow): string {
  const ago = flag.changedAgoMs === undefined ? '' : ` · ${formatAge(flag.changedAgoMs)} ago`;
  const by = flag.changedBy === undefined ? '' : ` by ${flag.changedBy}`;
  return ago + by;
}
