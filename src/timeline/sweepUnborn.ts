import { open, rm, stat } from 'node:fs/promises';
import { exists } from './ioError';
import { join } from 'node:path';
import { readLockOwner, lockIsStale } from './lock';
import { incidentIds } from './incidentIds';
import { EVENTS_FILE, INDEX_FILE, LOCK_FILE, incidentDir } from './paths';

/** A directory this young may be one another cockpit is creating right now. */
const GRACE_MS = 10_000;

/** True when the log holds no complete line: its first event was never acknowledged. */
async function hasNoEvent(log: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(log, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(64 * 1024);
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return true;
      if (buffer.subarray(0, bytesRead).includes(0x0a)) return false;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Removes incident directories that a cockpit killed (or refused by a full disk) while creating
 * them left behind: no index, no complete event in the log and nobody alive holding the lock.
 * Nothing in them was ever acknowledged, and they could not be opened. Run after a new incident
 * is created, off the start-up path. Returns the ids removed.
 */
export async function sweepUnborn(dataDir: string, now: Date): Promise<string[]> {
  const ids = await incidentIds(dataDir);
  const removed: string[] = [];
  for (const id of ids) {
    const dir = incidentDir(dataDir, id);
    try {
      const { mtimeMs, isDirectory } = await stat(dir).then((s) => ({ mtimeMs: s.mtimeMs, isDirectory: s.isDirectory() }));
      if (!isDirectory || now.getTime() - mtimeMs < GRACE_MS) continue;
      // Creation writes the index only after the first event is synced: with one, it was born.
      if (await exists(join(dir, INDEX_FILE))) continue;
      if (!(await hasNoEvent(join(dir, EVENTS_FILE)))) continue;
      const owner = await readLockOwner(join(dir, LOCK_FILE));
      if (owner !== 'absent' && !lockIsStale(owner)) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(id);
    } catch {
      // One unreadable directory must not stop the cockpit from opening a new incident.
    }
  }
  return removed;
}
