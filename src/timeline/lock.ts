import { hostname } from 'node:os';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../plugins/contract';
import { LOCK_FILE } from './paths';

/**
 * One writer per incident. The lock file holds the writer's pid and host; it is created with
 * O_EXCL so two cockpits cannot both create it. A lock whose pid is dead on this host is stale
 * (a crashed cockpit) and is taken over; a lock from another host cannot be checked and is
 * always respected. Pid reuse could make a stale lock look alive: then the responder sees who
 * holds it and can remove the file by hand.
 */

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** The stale owner this lock replaced, if any. */
  readonly tookOverFrom?: LockOwner;
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '') };
    }
  } catch {
    // Unreadable or half-written: treated below as held (safe side) unless it is gone.
  }
  return undefined;
}

function describe(owner: LockOwner): string {
  return `pid ${owner.pid} on ${owner.host}${owner.since === '' ? '' : ` since ${owner.since}`}`;
}

async function createExclusive(path: string, owner: LockOwner): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(`${JSON.stringify(owner)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function acquireLock(dir: string, now: Date): Promise<Result<HeldLock>> {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: now.toISOString() };
  const held = (tookOverFrom?: LockOwner): HeldLock => ({
    path,
    owner,
    ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
    release: async () => {
      const current = await readOwner(path);
      if (current?.pid === owner.pid && current.host === owner.host) await unlink(path).catch(() => undefined);
    },
  });

  if (await createExclusive(path, owner)) return ok(held());

  const existing = await readOwner(path);
  if (existing === undefined || existing.host !== owner.host || isAlive(existing.pid)) {
    const who = existing === undefined ? 'another cockpit (unreadable lock file)' : `another cockpit (${describe(existing)})`;
    return fail('conflict', `this incident is being written by ${who}; open it read-only, or remove ${path} if that cockpit is gone`);
  }

  // Stale. Move it aside atomically: of two cockpits racing here, only one rename succeeds.
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return fail('conflict', `another cockpit is taking over the stale lock at ${path}; try again or open it read-only`);
  }
  const moved = await readOwner(aside);
  if (moved?.pid !== existing.pid || moved.host !== existing.host) {
    // We moved a fresh lock someone created in between: put it back and give way.
    await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return fail('conflict', 'another cockpit took this incident over just now; open it read-only');
  }
  await unlink(aside);
  if (!(await createExclusive(path, owner))) {
    return fail('conflict', 'another cockpit took this incident over just now; open it read-only');
  }
  return ok(held(existing));
}
