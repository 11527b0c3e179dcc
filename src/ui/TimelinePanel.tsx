import { memo } from 'react';
import { Box } from 'ink';
import type { PendingEntry, TimelineView } from '../session/viewModel';
import { fit, formatClock, formatCount } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';

interface Props {
  readonly timeline: TimelineView;
  /** Queued locally, not recorded yet: drawn after the newest recorded entry, marked pending. */
  readonly pending?: readonly PendingEntry[];
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
export const TimelinePanel = memo(function TimelinePanel({ timeline, pending = [], top, size }: Props) {
  const whole = timelinePage(size);
  // Following the newest: the last lines are the pending ones (the newest of them, if too many), at least one line recorded.
  const shown = top === null ? pending.slice(-Math.min(pending.length, Math.max(0, whole - 1))) : [];
  const page = whole - shown.length;
  const last = Math.max(0, timeline.length - page);
  const start = top === null ? last : Math.min(top, last);
  const entries = timeline.entries(start, Math.min(timeline.length, start + page));
  const newer = timeline.length - (start + entries.length);
  // One line: the entry on it, after a short title (the title alone read `TIMELINE 30 events · newest at the bottom` over nothing at 80x24).
  if (size.height < 2) {
    const entry = entries[0];
    return (
      <Box width={size.width} height={size.height} overflowY="hidden">
        <Line>
          <Span bold>TIMELINE</Span>
          <Span tone="muted"> {formatCount(timeline.events ?? timeline.length)}{newer > 0 ? `, ${formatCount(newer)} newer` : ''} · </Span>
          {entry === undefined ? null : <EntryText entry={entry} />}
        </Line>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      <Line>
        <Span bold>TIMELINE</Span>
        <Span tone="muted"> {formatCount(timeline.events ?? timeline.length)} events · </Span>
        {pending.length > 0 ? <Span tone="warn">{formatCount(pending.length)} pending, not recorded · </Span> : null}
        {newer > 0 ? <Span tone="warn">scrolled back, {formatCount(newer)} newer below (PgDn, End to follow)</Span> : <Span tone="muted">newest at the bottom (PgUp to scroll, t to read one whole)</Span>}
      </Line>
      {entries.map((entry, row) => (
        // Keyed by row, not by event: paging back gives each row new text, not a new subtree
        // (fibers, Ink nodes, layout nodes) for every line, which piled up in the old generation.
        <Line key={row}>
          <EntryText entry={entry} />
        </Line>
      ))}
      {shown.map((entry) => (
        <Line key={entry.id}>
          <Span tone="warn">⧗ pending </Span>
          <Span tone="muted">{formatClock(entry.at)} </Span>
          {fit(entry.actor, 10)} <Span tone="info">{fit(entry.kind, 18)}</Span> {entry.text}
        </Line>
      ))}
    </Box>
  );
});

/** One entry as a line: when, who, what kind (repeats counted), and what. */
function EntryText({ entry }: { readonly entry: ReturnType<TimelineView['entries']>[number] }) {
  return (
    <>
      <Span tone="muted">{formatClock(entry.at)} </Span>
      {fit(entry.actor, 10)} <Span tone="info">{fit(entry.repeats === undefined ? entry.kind : `${entry.kind} ×${entry.repeats}`, 18)}</Span> {entry.text}
    </>
  );
}
