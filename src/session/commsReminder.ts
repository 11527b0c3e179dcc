import { formatDuration, parseDuration } from '../core/duration';
import type { IncidentState } from '../core/incident';
import type { Runbook } from '../runbook/schema';

export interface StatusUpdateDue {
  /** Recorded once on the timeline. */
  readonly note: string;
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
    banner: `Status update due: open ${formatDuration(Math.floor(openMs / 60_000) * 60_000)}, runbook asks after ${after}${where}`,
  };
}
