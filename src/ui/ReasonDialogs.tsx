import type { OpenEnds } from '../core/openEnds';
import { DialogFrame, DialogText, TextField } from './DialogFrame';
import { formatSpan } from './format';
import { DIALOG_KEYS } from './keys';
import type { Rect } from './layout';

const SUBMIT_CANCEL = [DIALOG_KEYS.submit, DIALOG_KEYS.cancel];

/**
 * Dialogs that ask for words before something hard to take back: closing the incident while it
 * burns, overriding a recovery check, reopening. Each says why it asks.
 */

interface StatusProps {
  readonly to: 'mitigated' | 'resolved';
  readonly burning: string | undefined;
  /** The burn is not known (no SLO reading): a reason is asked for, as over a burn. */
  readonly unknown?: string;
  readonly openEnds: OpenEnds | undefined;
  /** What the status line reminds of (a status update due): resolving ends the reminder, so it is said here. */
  readonly reminders: readonly string[];
  readonly text: string;
  readonly size: Rect;
}

export function StatusDialog({ to, burning, unknown, openEnds, reminders, text, size }: StatusProps) {
  const title = to === 'mitigated' ? 'MARK THE INCIDENT MITIGATED' : 'MARK THE INCIDENT RESOLVED';
  // Resolving ends the runbook and its reminders: what it leaves undone or changed is said before, not found later.
  const leftBehind = to === 'resolved' ? <LeftBehind openEnds={openEnds} reminders={reminders} /> : null;
  if (burning === undefined && unknown !== undefined) {
    return (
      <DialogFrame title={`${title} WITH THE BURN UNKNOWN?`} tone="warn" size={size} keys={SUBMIT_CANCEL} sayCut field={<TextField label={`Why mark it ${to} (required):`} text={text} />}>
        <DialogText tone="warn" bold>{`⚠ ${unknown}`}</DialogText>
        {leftBehind}
      </DialogFrame>
    );
  }
  if (burning === undefined) {
    return (
      <DialogFrame title={title} tone="info" size={size} keys={SUBMIT_CANCEL} sayCut field={<TextField label="Summary (optional):" text={text} />}>
        {leftBehind}
      </DialogFrame>
    );
  }
  return (
    <DialogFrame title={`${title} WHILE IT BURNS?`} tone="warn" size={size} keys={SUBMIT_CANCEL} sayCut field={<TextField label={`Why mark it ${to} anyway (required):`} text={text} />}>
      <DialogText tone="bad" bold>{`⚠ ${burning}`}</DialogText>
      {leftBehind}
      <DialogText>{`Marking it ${to} now is recorded with your reason and with what was burning.`}</DialogText>
    </DialogFrame>
  );
}

function LeftBehind({ openEnds, reminders }: { openEnds: OpenEnds | undefined; reminders: readonly string[] }) {
  return (
    <>
      {reminders.map((reminder) => (
        // "resolving ends this reminder" read as settled: the update is still not posted, and the postmortem will say so.
        <DialogText key={reminder} tone="warn">{`⚑ ${reminder}: none recorded; resolving ends the reminder, not that (the postmortem says none was recorded; Esc, then u records one)`}</DialogText>
      ))}
      {openEnds === undefined || openEnds.steps.length === 0 ? null : <DialogText tone="warn">{`Runbook steps not done: ${openEnds.steps.join('; ')}`}</DialogText>}
      {openEnds === undefined || openEnds.changes.length === 0 ? null : <DialogText tone="warn">{`Changed during the incident and still so: ${openEnds.changes.join('; ')}`}</DialogText>}
      {openEnds === undefined || openEnds.inFlight.length === 0 ? null : <DialogText tone="bad">{`⚠ Under way: ${openEnds.inFlight.join('; ')}`}</DialogText>}
    </>
  );
}

export function OverrideDialog({ title, check, action, running, text, size }: { title: string; check: string | undefined; action: string | undefined; running: boolean; text: string; size: Rect }) {
  if (action !== undefined) {
    return (
      <DialogFrame title={`MARK "${title}" DONE WITHOUT RUNNING IT?`} tone="warn" size={size} keys={SUBMIT_CANCEL} field={<TextField label="Why mark it done without running it (required):" text={text} />}>
        <DialogText>{`Its action ${action} has not run (or did not succeed). Enter on the step runs it.`}</DialogText>
        <DialogText>{`Marking it done by hand is recorded as "marked done without running ${action}", never as a completed action.`}</DialogText>
      </DialogFrame>
    );
  }
  return (
    <DialogFrame title={`OVERRIDE THE CHECK "${title}"?`} tone="warn" size={size} keys={SUBMIT_CANCEL} field={<TextField label="Why mark it done without the check (required):" text={text} />}>
      <DialogText>{`This step is a recovery check${check === undefined ? '' : `: ${check}`}. ${running ? 'It is being checked now: marking it done stops the check.' : 'Enter on the step starts it.'}`}</DialogText>
      <DialogText>Marking it done by hand is recorded as an override: a drill does not count it as a passed check.</DialogText>
    </DialogFrame>
  );
}

export function CommsDialog({ text, size }: { text: string; size: Rect }) {
  return (
    <DialogFrame title="RECORD A STATUS UPDATE" tone="info" size={size} keys={SUBMIT_CANCEL} field={<TextField label={'What was posted (Enter alone records "posted"):'} text={text} />}>
      <DialogText>Post the update where the runbook says, then record it here: the "Status update due" reminder ends.</DialogText>
    </DialogFrame>
  );
}

export function ReopenDialog({ status, resolvedAfterMs, burning, text, size }: { status: string; resolvedAfterMs: number | undefined; burning: string | undefined; text: string; size: Rect }) {
  return (
    <DialogFrame title="REOPEN THE INCIDENT?" tone="warn" size={size} keys={SUBMIT_CANCEL} field={<TextField label="Why reopen it (required):" text={text} />}>
      {/* What it is reopened over (a search-api resolved at 8x): the dialog said nothing of the burn. */}
      {burning === undefined ? null : <DialogText tone="bad" bold>{`⚠ ${burning}`}</DialogText>}
      <DialogText>{`It is ${status}${resolvedAfterMs === undefined ? '' : ` (after ${formatSpan(resolvedAfterMs)})`}; reopening records why, and it counts as open again.`}</DialogText>
    </DialogFrame>
  );
}
