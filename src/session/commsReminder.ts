import { COCKPIT_ACTOR } from '../core/cockpitActor';
import { formatDuration, parseDuration } from '../core/duration';
import { REMINDER_TAG } from '../core/statusUpdateMissed';
import type { NewEvent } from '../core/events';
import type { IncidentState } from '../core/incident';
import type { Logger } from '../plugins/contract';
import type { Runbook } from '../runbook/schema';

export interface StatusUpdateDue {
  /** Recorded once on the timeline. */
  readonly note: string;
  /** With it: what the runbook asks (core/statusUpdateMissed.ts reads them back). */
  readonly details: { readonly after: string; readonly channel?: string };
  /** Shown in the cockpit until someone records a status update. */
  readonly banner: string;
}

/**
 * The runbook's `status_page_after`: once the incident has been open that long with no
 * `comms.sent`, the responders are reminded. Nothing is due once resolved.
 */
export function statusUpdateDue(runbook: Runbook, state: IncidentState, nowMs: number): StatusUpdateDue | undefined {
  const after = runbook.communication?.status_page_after;
  if (!after || state.commsSent > 0 || state.resolvedAt) return undefined;
  const openMs = nowMs - Date.parse(state.openedAt);
  if (openMs < parseDuration(after)!) return undefined;
  const channel = runbook.communication?.channel;
  const where = channel ? ` (post in ${channel})` : '';
  return {
    note: `Reminder: no status update recorded yet; the runbook asks for one after ${after}${where}.`,
    details: { after, ...(channel ? { channel } : {}) },
    // Where to post first: at 80 columns the line's end is cut ("post in #search-incident…").
    banner: `Status update due${channel ? ` in ${channel}` : ''}: open ${formatDuration(Math.floor(openMs / 60_000) * 60_000)}, runbook asks after ${after}`,
  };
}

interface ReminderDeps {
  readonly runbook: Runbook;
  readonly state: () => IncidentState;
  /** The incident's time as shown (a watch of a drill tells it from the drill's events). */
  readonly shownNow: () => Date;
  /** The cockpit's own clock, for what it records. */
  readonly now: () => Date;
  readonly record: (event: NewEvent) => Promise<unknown>;
  readonly log: Logger;
}

/** The status-update reminder: on screen while due, and on the timeline once (the incident state says whether it is there). */
export class CommsReminder {
  /** Being recorded (until the journal has folded it). */
  private reminding = false;

  constructor(private readonly deps: ReminderDeps) {}

  banners(): string[] {
    const due = statusUpdateDue(this.deps.runbook, this.deps.state(), this.deps.shownNow().getTime());
    return due ? [due.banner] : [];
  }

  remind(): void {
    const { deps } = this;
    if (this.reminding || deps.state().remindedAt) return;
    const due = statusUpdateDue(deps.runbook, deps.state(), deps.now().getTime());
    if (!due) return;
    this.reminding = true;
    void deps.record({ kind: 'note', actor: COCKPIT_ACTOR, data: { text: due.note, tag: REMINDER_TAG, details: due.details } }).catch((error: unknown) => {
      // Not recorded (a full disk): tried again with a later observation, once the disk takes writes.
      this.reminding = false;
      deps.log.warn('could not record a reminder', { error: String(error) });
    });
  }
}
