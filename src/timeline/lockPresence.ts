import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockIsStale, readLockOwner } from './lock';
import { incidentDir, LOCK_FILE } from './paths';
import type { PresenceBoard, Present } from './presence';

/** How often a watch of the local store looks at the incident's lock. */
const LOOK_EVERY_MS = 1_000;

/**
 * Who writes an incident of the local store, as its lock says: the writer's cockpit while the lock
 * is held by a live process, nobody once it is gone or its process is. A watch of a drill whose
 * cockpit was killed read `⟳ RUNNING` for good beside a frozen clock (the shared store's presence
 * board said it; the local store had none). Only a watch attends: a writer holds the lock itself.
 * A lock an older cockpit wrote names no responder: who writes is then not known, and not said.
 */
export function lockPresence(dataDir: string): PresenceBoard {
  const present = async (incident: string): Promise<readonly Present[] | undefined> => {
    const owner = await readLockOwner(join(incidentDir(dataDir, incident), LOCK_FILE));
    // A lock that cannot be read says nothing of its writer, either way.
    if (owner === 'invalid') return undefined;
    if (owner === 'absent' || lockIsStale(owner)) return [];
    if (owner.responder === undefined) return undefined;
    // Never this cockpit: a watch holds no lock.
    return [{ responder: owner.responder, since: owner.since, readOnly: false, self: false }];
  };
  return {
    present: async (incident) => (await present(incident).catch(() => undefined)) ?? [],
    async attend(who, signal, onChange) {
      if (!who.readOnly) return;
      while (!signal.aborted) {
        const seen = await present(who.incident).catch(() => undefined);
        if (seen !== undefined && !signal.aborted) onChange(seen);
        await sleep(LOOK_EVERY_MS, undefined, { signal }).catch(() => undefined);
      }
    },
  };
}
