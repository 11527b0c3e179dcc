import type { StoredEvent } from './events';

/** The tag of the cockpit's status-update reminder note (session/commsReminder.ts). */
export const REMINDER_TAG = 'reminder';

/** A status update the runbook asked for that nobody recorded as posted: when the cockpit reminded, and what the runbook asks. */
export interface StatusUpdateMissed {
  readonly remindedAt: string;
  /** "after 10m (in #incidents)": from the reminder's details; absent in logs from before they carried them. */
  readonly asks?: string;
}

/**
 * Whether the cockpit's status-update reminder went unanswered, read one event at a time (the
 * postmortem streams the log): no `comms.sent` on the timeline. The resolve dialog's "resolving
 * ends this reminder" read as settled, and neither the drill report nor the postmortem said the
 * update the runbook asks for was never posted.
 */
export class StatusUpdateWatch {
  private reminder: StatusUpdateMissed | undefined;
  private posted = false;

  see(event: StoredEvent): void {
    if (event.kind === 'comms.sent') this.posted = true;
    else if (event.kind === 'note' && event.data.tag === REMINDER_TAG && this.reminder === undefined) {
      const { after, channel } = event.data.details ?? {};
      const asks = typeof after === 'string' ? `after ${after}${typeof channel === 'string' ? ` (in ${channel})` : ''}` : undefined;
      this.reminder = { remindedAt: event.at, ...(asks === undefined ? {} : { asks }) };
    }
  }

  missed(): StatusUpdateMissed | undefined {
    return this.posted ? undefined : this.reminder;
  }
}

export function statusUpdateMissed(events: readonly StoredEvent[]): StatusUpdateMissed | undefined {
  const watch = new StatusUpdateWatch();
  for (const event of events) watch.see(event);
  return watch.missed();
}
