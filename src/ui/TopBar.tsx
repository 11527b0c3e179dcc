import { memo } from 'react';
import { Box } from 'ink';
import { ROLES } from '../core/events';
import type { IncidentView } from '../session/viewModel';
import { formatAge, formatClock, formatSpan } from './format';
import type { Rect } from './layout';
import { Line, Span } from './Line';
import type { Tone } from './theme';

const STATUS: Readonly<Record<IncidentView['status'], { tone: Tone; text: string }>> = {
  open: { tone: 'bad', text: '◆ OPEN' },
  mitigated: { tone: 'warn', text: '◐ MITIGATED' },
  resolved: { tone: 'ok', text: '✓ RESOLVED' },
};

/**
 * Marked mitigated or resolved while it burns (still, or again: a change made afterwards brought it back, and the header
 * read MITIGATED beside a 20x burn; a search-api resolved at 8x read a calm `✓ RESOLVED`): said beside the mark, which
 * stays the responders'.
 */
function statusOf(incident: IncidentView): { tone: Tone; text: string } {
  if (incident.burning === undefined || incident.status === 'open') return STATUS[incident.status];
  return { tone: 'bad', text: `${STATUS[incident.status].text} · BURNING` };
}

const DRILL_LABEL: Readonly<Record<IncidentView['mode'], string>> = {
  incident: '',
  'drill-real': ' DRILL · real drill targets ',
  'drill-sandbox': ' DRILL · sandbox ',
};

/** The banner at its shortest: what kind of drill it is stays (a drill against real targets above all). */
const SHORT_DRILL_LABEL: Readonly<Record<IncidentView['mode'], string>> = {
  incident: '',
  'drill-real': ' DRILL · REAL ',
  'drill-sandbox': ' DRILL ',
};

/** How long it has been open, or once resolved how long it lasted (the age stops). */
function ageText(incident: IncidentView): string {
  return incident.resolvedAfterMs === undefined ? `open ${formatAge(incident.ageMs)}` : `resolved after ${formatSpan(incident.resolvedAfterMs)}`;
}

/** ` · production`; nothing in a sandbox drill, whose banner says `sandbox` already (at 80 columns it read `san…`). */
function environmentText(incident: IncidentView): string {
  return incident.mode === 'drill-sandbox' && incident.environment === 'sandbox' ? '' : ` · ${incident.environment}`;
}

/**
 * The first line's banner, and whether it names the service, so that the incident id is never cut
 * (an id cut at its `-2` names another incident, and the id is what `cockpit export` takes) and,
 * where it can be, its age (at 80 columns `open 9m` went, behind the service). Short of room the
 * service goes first (the id ends with it), then the banner shortens (never past what kind of
 * drill it is: `DRILL · REAL` stays), then the age. The environment is counted in: `production`
 * or `staging` is never cut.
 */
function headerFit(incident: IncidentView, width: number): { readonly banner: string; readonly service: boolean; readonly readOnly: string } {
  const full = incident.drill ? DRILL_LABEL[incident.mode] || ' DRILL ' : '';
  const short = incident.drill ? SHORT_DRILL_LABEL[incident.mode] || ' DRILL ' : '';
  // Never cut: at 80 columns `READ-ONLY (another cockpit …)` read `R…`, and nothing said the keys record nothing.
  const [readOnlyFull, readOnlyShort] = incident.readOnly ? [READ_ONLY, ' · READ-ONLY'] : ['', ''];
  const length = (banner: string, service: boolean, age: boolean, readOnly: string) =>
    Array.from(
      `${banner === '' ? '' : `${banner} `}${service ? `${incident.service} · ` : ''}${incident.severity}${pendingSeverityText(incident)} · ${statusOf(incident).text} · ${incident.id}${readOnly}${age ? ` · ${ageText(incident)}` : ''}${environmentText(incident)}`,
    ).length;
  const fits = [
    { banner: full, service: true, age: true, readOnly: readOnlyFull },
    // A watch keeps the service where the long READ-ONLY words would push it out (100 columns).
    { banner: full, service: true, age: true, readOnly: readOnlyShort },
    { banner: full, service: false, age: true, readOnly: readOnlyFull },
    { banner: full, service: false, age: true, readOnly: readOnlyShort },
    { banner: short, service: false, age: true, readOnly: readOnlyShort },
    { banner: full, service: false, age: false, readOnly: readOnlyShort },
  ].find((candidate) => length(candidate.banner, candidate.service, candidate.age, candidate.readOnly) <= width);
  return fits ? { banner: fits.banner, service: fits.service, readOnly: fits.readOnly } : { banner: short, service: false, readOnly: readOnlyShort };
}

/** Why a read-only cockpit's keys do nothing: a watch (asked for, or the incident held elsewhere) records nothing. */
const READ_ONLY = ' · READ-ONLY (a watch: nothing done here is recorded)';

/**
 * Who to call and where to look, from the runbook: always on screen (the URLs are in help, `?`).
 * Empty when the runbook names neither.
 */
export function escalationText(incident: IncidentView): string {
  const names = Object.keys(incident.links);
  return [
    incident.escalation.length === 0 ? '' : `escalate ${incident.escalation.join(' → ')}`,
    names.length === 0 ? '' : `links ${names.join(', ')} (? for URLs)`,
  ]
    .filter((part) => part !== '')
    .join(' · ');
}

/**
 * "alice (since 03:12:40) · bob (since 03:14:02, read-only)": the other cockpits on a shared incident, those that write
 * first (the line is cut at its end: a team drill's driver was the part cut, `also here carol (since…`). In a sandbox
 * drill without the time: the store's clock (`since 18:25`) read beside the drill's own (02:34).
 */
export function presentText(incident: IncidentView): string {
  const since = (at: string) => (incident.mode === 'drill-sandbox' ? [] : [`since ${formatClock(at).slice(0, 5)}`]);
  return [...incident.present.filter((p) => !p.readOnly), ...incident.present.filter((p) => p.readOnly)]
    .map((p) => {
      const about = [...since(p.since), ...(p.readOnly ? ['read-only'] : [])];
      return about.length === 0 ? p.responder : `${p.responder} (${about.join(', ')})`;
    })
    .join(' · ');
}

function rolesText(incident: IncidentView, grouped = false): string {
  const present = presentText(incident);
  const unassigned = ROLES.filter((role) => incident.roles[role] === undefined);
  const roles = grouped
    ? `${ROLES.filter((role) => incident.roles[role] !== undefined).map((role) => ` · ${role} ${incident.roles[role]}`).join('')}${unassigned.length === 0 ? '' : ` · unassigned: ${unassigned.join(', ')}`}`
    : ROLES.map((role) => ` · ${role} ${incident.roles[role] ?? 'unassigned'}`).join('');
  return `owner ${incident.owner}${roles} · you ${incident.responder}${present === '' ? '' : ` · also here ${present}`}`;
}

/**
 * Whether the roles line names the unassigned roles together ("unassigned: ops, comms"): when
 * each with its own "unassigned" does not fit, as at 80 columns, where "you root" was cut off.
 */
function rolesGrouped(incident: IncidentView, width: number): boolean {
  return Array.from(rolesText(incident)).length > width;
}

/**
 * The banner of a timeline that takes no writes: why and where first, so a narrow line cuts only
 * its closing words (at 119 columns it read "free space at /tmp/res…"). Where is the data dir
 * holding the incident, not the log file deep under it.
 */
export function notRecordingText(failure: NonNullable<IncidentView['notRecording']>): string {
  const where = /^(.*)\/incidents\/[^/]+\/[^/]+$/.exec(failure.path)?.[1] ?? failure.path;
  return ` ⚠ TIMELINE NOT RECORDING since ${formatClock(failure.since)}: ${failure.reason} at ${where} · nothing since is recorded; free space there and it resumes by itself `;
}

/** The bar's height at `width`: the escalation shares the roles line when both fit, else takes its own. */
export function topBarHeight(incident: IncidentView, width: number): number {
  const escalation = escalationText(incident);
  if (escalation === '') return 2;
  return incident.notRecording === undefined && incident.recordingLocally === undefined && Array.from(`${rolesText(incident, rolesGrouped(incident, width))} · ${escalation}`).length <= width ? 2 : 3;
}

export const TopBar = memo(function TopBar({ incident, size }: { incident: IncidentView; size: Rect }) {
  const status = statusOf(incident);
  const escalation = escalationText(incident);
  const ownLine = escalation !== '' && size.height >= 3;
  const fit = headerFit(incident, size.width);
  const grouped = rolesGrouped(incident, size.width);
  const unassigned = ROLES.filter((role) => incident.roles[role] === undefined);
  return (
    <Box flexDirection="column" width={size.width} height={size.height} overflowY="hidden">
      <Line>
        {fit.banner !== '' ? (
          <>
            {/* Reverse video is not colour: the banner stays loud with NO_COLOR. */}
            <Span tone="warn" bold inverse>
              {fit.banner}
            </Span>{' '}
          </>
        ) : null}
        {fit.service ? (
          <>
            <Span bold>{incident.service}</Span> ·{' '}
          </>
        ) : null}
        <Span tone={severityTone(incident.severity)} bold>{incident.severity}</Span>
        {incident.pendingSeverity === undefined ? '' : <Span tone="warn">{pendingSeverityText(incident)}</Span>} ·{' '}
        <Span tone={status.tone} bold>{status.text}</Span> · {incident.id}
        {/* Before the age, which a narrow line may cut: read-only never is. */}
        {fit.readOnly === '' ? '' : <Span tone="warn" bold>{fit.readOnly}</Span>} · {ageText(incident)}
        {environmentText(incident)}
      </Line>
      {incident.notRecording ? (
        <Line>
          {/* In place of the roles line: nothing on the screen may matter more than this. */}
          <Span tone="bad" bold inverse>
            {notRecordingText(incident.notRecording)}
          </Span>
        </Line>
      ) : incident.recordingLocally ? (
        <Line>
          {/* In place of the roles line too: what is done now is not on the shared timeline yet. */}
          <Span tone="warn" bold inverse>
            {` ⚠ shared store unreachable — recording locally: ${pendingCount(incident.recordingLocally.pending)} pending, not recorded · since ${formatClock(incident.recordingLocally.since)} · ${incident.recordingLocally.reason} · uploaded when it is back `}
          </Span>
        </Line>
      ) : incident.watchBehind ? (
        <Line>
          {/* A watch through an outage: its steps still read RUNNING, its status line a reminder; the outage was behind `?`. */}
          <Span tone="warn" bold inverse>{` ⚠ behind the others: ${incident.watchBehind} · this screen may be out of date `}</Span>
        </Line>
      ) : (
      <Line>
        <Span tone="muted">owner </Span>
        {incident.owner}
        {ROLES.filter((role) => !grouped || incident.roles[role] !== undefined).map((role) => (
          <Span key={role}>
            <Span tone="muted"> · {role} </Span>
            {incident.roles[role] ?? <Span tone="warn">unassigned</Span>}
          </Span>
        ))}
        {grouped && unassigned.length > 0 ? (
          <>
            <Span tone="muted"> · </Span>
            <Span tone="warn">unassigned: {unassigned.join(', ')}</Span>
          </>
        ) : null}
        <Span tone="muted"> · you </Span>
        {incident.responder}
        {incident.present.length > 0 ? (
          <>
            <Span tone="muted"> · also here </Span>
            {presentText(incident)}
          </>
        ) : null}
        {escalation !== '' && !ownLine ? <Span tone="info"> · {escalation}</Span> : ''}
      </Line>
      )}
      {ownLine ? <Line tone="info">{escalation}</Line> : null}
    </Box>
  );
});

function pendingCount(count: number): string {
  return count === 1 ? '1 event' : `${count} events`;
}

/** A severity decided while the shared store was out of reach, beside the recorded one until it is uploaded (` ⧗ SEV1`). */
const pendingSeverityText = (incident: IncidentView) => (incident.pendingSeverity === undefined ? '' : ` ⧗ ${incident.pendingSeverity}`);

function severityTone(severity: IncidentView['severity']): Tone {
  if (severity === 'SEV1') return 'bad';
  return severity === 'SEV2' ? 'warn' : 'info';
}
