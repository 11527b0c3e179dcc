import type { StoredEvent } from './events';

/**
 * The postmortem's communications log: every status update recorded (`comms.sent`), with its time,
 * who recorded it and where it went. Kept apart from postmortem.ts so that file's sections can
 * change without this one.
 */
export function commsLog(events: Iterable<StoredEvent>): string[] {
  const lines: string[] = [];
  for (const event of events) {
    if (event.kind !== 'comms.sent') continue;
    lines.push(`- ${event.at.slice(11, 19)} UTC · ${event.actor} → ${event.data.channel}: ${oneLine(event.data.message)}`);
  }
  return ['## Communications', '', ...(lines.length === 0 ? ['No status update was recorded.'] : lines)];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
