import { memo } from 'react';
import { Box } from 'ink';
import type { TimelineView } from '../session/viewModel';
import { fit, formatClock, formatCount } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';

interface Props {
  readonly timeline: TimelineView;
  /** First entry shown when scrolled back; null follows the newest. */
  readonly top: number | null;
  readonly size: Rect;
}

/** Lines a page of timeline has: the panel minus its title. */
export function timelinePage(size: Rect): number {
  return Math.max(1, size.height - 1);
}

/**
 * The incident's timeline, newest at the bottom. Virtualized: only the visible window is read
 * from the view (`entries(start, end)`), so 100,000 events cost what 20 do.
 */
export const TimelinePanel = memo(function TimelinePanel({ timeline, top, size }: Props) {
  const page = timelinePage(size);
  const last = Math.max(0, timeline.length - page);
  const start = top === null ? last : Math.min(top, last);
  const entries = timeline.entries(start, Math.min(timeline.length, start + page));
  const newer = timeline.length - (start + entries.length);
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      <Line>
        <Span bold>TIMELINE</Span>
        <Span tone="muted"> {formatCount(timeline.length)} events · </Span>
        {newer > 0 ? <Span tone="warn">scrolled back, {formatCount(newer)} newer below (PgDn)</Span> : <Span tone="muted">newest at the bottom (PgUp to scroll, t to read one whole)</Span>}
      </Line>
      {entries.map((entry) => (
        <Line key={entry.seq}>
          <Span tone="muted">{formatClock(entry.at)} </Span>
          {fit(entry.actor, 10)} <Span tone="info">{fit(entry.kind, 18)}</Span> {entry.text}
        </Line>
      ))}
    </Box>
  );
});
