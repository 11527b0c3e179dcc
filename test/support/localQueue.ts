import { LocalQueue } from '../../src/timeline/postgres/pgLocalQueue';
import type { PreparedEvent } from '../../src/timeline/storedEvents';

export const QUEUED_INCIDENT = 'inc-20261122-0200-checkout-api';
const NOW = new Date('2026-11-22T02:00:00Z');

/** A note as a shared incident's cockpit queues it while PostgreSQL is away. */
export function queuedNote(id: string, text: string): PreparedEvent {
  return { v: 1, id, at: '2026-11-22T02:00:00.000Z', incident: QUEUED_INCIDENT, kind: 'note', actor: 'alice', drill: false, data: { text } } as PreparedEvent;
}

export async function openQueue(dataDir: string): Promise<LocalQueue> {
  const opened = await LocalQueue.open(dataDir, QUEUED_INCIDENT, NOW);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}
