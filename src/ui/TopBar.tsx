import { memo } from 'react';
import { Box } from 'ink';
import { ROLES } from '../core/events';
import type { IncidentView } from '../session/viewModel';
import { formatAge, formatClock, formatSpan } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import type { Tone } from './theme';

const STATUS: Readonly<Record<IncidentView['status'], { tone: Tone; text: string }>> = {
  open: { tone: 'bad', text: '● OPEN' },
  mitigated: { tone: 'warn', text: '◐ MITIGATED' },
  resolved: { tone: 'ok', text: '✓ RESOLVED' },
};

const DRILL_LABEL: Readonly<Record<IncidentView['mode'], string>> = {
  incident: '',
  'drill-real': ' DRILL · real drill targets ',
  'drill-sandbox': ' DRILL · sandbox ',
};

export const TopBar = memo(function TopBar({ incident, size }: { incident: IncidentView; size: Rect }) {
  const status = STATUS[incident.status];
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      <Line>
        {incident.drill ? (
          <>
            {/* Reverse video is not colour: the banner stays loud with NO_COLOR. */}
            <Span tone="warn" bold inverse>
              {DRILL_LABEL[incident.mode] || ' DRILL '}
            </Span>{' '}
          </>
        ) : null}
        <Span bold>{incident.service}</Span> · <Span tone={severityTone(incident.severity)} bold>{incident.severity}</Span> ·{' '}
        <Span tone={status.tone} bold>{status.text}</Span> · {incident.id} ·{' '}
        {/* Once resolved the age stops: how long it lasted, not how long ago it began. */}
        {incident.resolvedAfterMs === undefined ? `open ${formatAge(incident.ageMs)}` : `resolved after ${formatSpan(incident.resolvedAfterMs)}`} · {incident.environment}
        {incident.readOnly ? <Span tone="warn" bold> · READ-ONLY (another cockpit holds this incident)</Span> : ''}
      </Line>
      {incident.notRecording ? (
        <Line>
          {/* In place of the roles line: nothing on the screen may matter more than this. */}
          <Span tone="bad" bold inverse>
            {` ⚠ TIMELINE NOT RECORDING: ${incident.notRecording.reason} since ${formatClock(incident.notRecording.since)} · nothing since then is recorded · free space at ${incident.notRecording.path}; recording resumes by itself `}
          </Span>
        </Line>
      ) : (
      <Line>
        <Span tone="muted">owner </Span>
        {incident.owner}
        {ROLES.map((role) => (
          <Span key={role}>
            <Span tone="muted"> · {role} </Span>
            {incident.roles[role] ?? <Span tone="warn">unassigned</Span>}
          </Span>
        ))}
        <Span tone="muted"> · you </Span>
        {incident.responder}
      </Line>
      )}
    </Box>
  );
});

function severityTone(severity: IncidentView['severity']): Tone {
  if (severity === 'SEV1') return 'bad';
  return severity === 'SEV2' ? 'warn' : 'info';
}
