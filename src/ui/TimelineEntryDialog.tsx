import { Box, Text } from 'ink';
import type { TimelineView } from '../session/viewModel';
import { DialogFrame } from './DialogFrame';
import { formatCount } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';

/**
 * One timeline entry, whole: the panel cuts each entry to a line, and the words after the cut
 * (a failure's reason, a note, a plan) are often what matters. ←→ step to older and newer.
 */
export function TimelineEntryDialog({ timeline, index, size }: { timeline: TimelineView; index: number; size: Rect }) {
  const [entry] = timeline.entries(index, index + 1);
  const keys = ['← older · → newer', 'Esc/Enter close'];
  if (entry === undefined) {
    return (
      <DialogFrame title="TIMELINE ENTRY" tone="info" size={size} keys={keys}>
        <Line tone="muted">no such entry</Line>
      </DialogFrame>
    );
  }
  return (
    <DialogFrame title={`TIMELINE ENTRY ${formatCount(index + 1)} of ${formatCount(timeline.length)}${eventsBeside(timeline)}`} tone="info" size={size} keys={keys}>
      <Line>
        <Span tone="muted">at </Span>
        {entry.at}
        <Span tone="muted"> · by </Span>
        {entry.actor}
        <Span tone="muted"> · </Span>
        <Span tone="info">{entry.kind}</Span>
      </Line>
      <Box flexDirection="column" flexShrink={1} overflowY="hidden">
        <Text wrap="wrap">{entry.text}</Text>
      </Box>
    </DialogFrame>
  );
}

/** The panel counts events; where a run of SLO samples made fewer entries, both are said, so the two counts agree. */
function eventsBeside(timeline: TimelineView): string {
  return timeline.events === undefined || timeline.events === timeline.length ? '' : ` (${formatCount(timeline.events)} events: a run of SLO samples is one entry)`;
}
