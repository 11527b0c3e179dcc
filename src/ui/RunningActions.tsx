import { Box } from 'ink';
import { briefRevisions } from '../core/briefRevisions';
import type { RunningActionView } from '../session/viewModel';
import { formatElapsed, progressBar, spinnerFrame } from './format';
import { LINES_PER_RUNNING_ACTION, type Rect } from './layout';
import { Line, Span } from './Line';

const BAR_WIDTH = 10;

/** Actions in flight: spinner (derived from elapsed time, so frames are deterministic), progress, elapsed, how to cancel. */
export function RunningActions({ running, size }: { running: readonly RunningActionView[]; size: Rect }) {
  const shown = running.slice(0, Math.floor(size.height / LINES_PER_RUNNING_ACTION));
  if (shown.length === 0) return null;
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      {shown.map((action) => (
        <Box key={action.action} flexDirection="column">
          {/* Elapsed time and how to cancel come before the summary: a narrow line cuts the summary, not the way out. */}
          <Line>
            <Span tone="info" bold>
              {spinnerFrame(action.elapsedMs)} {action.phase === 'executing' ? 'RUNNING' : 'VERIFYING'}
            </Span>{' '}
            <Span bold>{action.name}</Span>
            <Span tone="muted"> · {formatElapsed(action.elapsedMs)}</Span>
            {/* A change already made is only watched: Esc stops the watch, it cancels nothing. */}
            {action.cancellable ? <Span tone="warn"> · {action.phase === 'executing' ? 'Esc to cancel' : 'Esc stops watching'}</Span> : ''} · {briefRevisions(action.summary)}
          </Line>
          <Line>
            {'  '}
            {action.done !== undefined && action.total !== undefined ? (
              <Span tone="info">
                {progressBar(action.done, action.total, BAR_WIDTH)} {action.done}/{action.total}{' '}
              </Span>
            ) : null}
            {action.progress ?? ''}
            <Span tone="muted">{action.outputTail.length > 0 ? ` │ ${action.outputTail[action.outputTail.length - 1]}` : ''}</Span>
          </Line>
        </Box>
      ))}
    </Box>
  );
}
