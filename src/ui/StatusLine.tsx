import { Box } from 'ink';
import type { Rect } from './layout';
import { Line } from './Line';
import type { StatusMessage } from './uiState';
import { saidLines } from './helpLines';

/**
 * One line for what needs saying now: the answer to the last key (a refusal, in the session's
 * words) first, then reminders that need a human, then notices about the cockpit itself.
 */
export function StatusLine({ status, reminders, notices, size }: { status: StatusMessage | null; reminders: readonly string[]; notices: readonly string[]; size: Rect }) {
  const line = pick(status, reminders, notices);
  return (
    <Box width={size.width} height={size.height} overflowY="hidden">
      {line === null ? null : <Line tone={line.tone}>{line.text}</Line>}
    </Box>
  );
}

function pick(status: StatusMessage | null, reminders: readonly string[], notices: readonly string[]) {
  if (status !== null) return { tone: status.tone, text: `${status.tone === 'bad' ? '✖' : 'ℹ'} ${status.text}` } as const;
  const [first, ...rest] = saidLines(reminders, notices);
  if (first === undefined) return null;
  return { tone: 'warn', text: rest.length === 0 ? first : `${first}  (+${rest.length} more: ? shows them)` } as const;
}
