import type { IncidentStore } from '../incidentStore';
import { queuedHere } from './pgLocalQueue';

/** How long the events a stopped cockpit left queued are given to reach the shared store before the cockpit goes on. */
const LEFT_UPLOAD_MS = 5_000;

/**
 * Uploads what stopped cockpits of this machine left queued for shared incidents (the store was out of reach, then the
 * cockpit was killed): each incident is opened, its queue uploaded as any resume does, and closed. Said on screen, by
 * incident. A note queued before a crash stayed in its file for good once a teammate had resolved the incident meanwhile:
 * the next `cockpit open` of the service made a new incident, and nothing said the note was waiting.
 */
export async function uploadLeftQueues(incidents: IncidentStore, localDir: string, responder: string, secrets: Iterable<string>): Promise<string[]> {
  const said: string[] = [];
  for (const left of await queuedHere(localDir)) {
    const opened = await incidents.open({ id: left.incident, responder, secrets }).catch(() => undefined);
    if (opened === undefined || !opened.ok) continue;
    const { store } = opened.value;
    // None to send when another cockpit of this machine holds the queue (it is alive: it uploads them itself).
    const queued = store.pending?.().length ?? 0;
    if (queued > 0) await uploaded(store, LEFT_UPLOAD_MS);
    const still = store.pending?.().length ?? 0;
    await store.close().catch(() => undefined);
    const sent = queued - still;
    if (sent > 0) said.push(`${sent} event(s) of ${left.incident} left queued on this machine by a cockpit that stopped were recorded in it now`);
    if (still > 0) said.push(`${still} event(s) of ${left.incident} are still queued on this machine (${left.file}): they are uploaded when it is opened again`);
  }
  return said;
}

/** Resolves once nothing is queued in `store`, or after `ms`. */
function uploaded(store: { pending?(): readonly unknown[]; onStatus?(listener: () => void): () => void }, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop?.();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = store.onStatus?.(() => {
      if ((store.pending?.().length ?? 0) === 0) done();
    });
    if ((store.pending?.().length ?? 0) === 0) done();
  });
}
