import { hostname } from 'node:os';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration } from '../core/duration';
import { fail, ok, type Result } from '../core/result';
import { LOCK_FILE } from './paths';

/**
 * One writer per incident. The lock file holds the writer's pid and host. It is written whole to
 * a temporary file and linked into place (link fails if the name exists), so two cockpits cannot
 * both create it and no reader ever sees a half-written lock: an empty or unreadable lock, or one
 * naming no real pid, was left by something that died and is stale. A lock whose pid is dead (or
 * a zombie nobody has reaped yet) on this host is stale too and is taken over; a lock from
 * another host cannot be checked and is always respected. Pid reuse could make a stale lock look
 * alive: then the responder sees who holds it and can remove the file by hand.
 */

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  /** Who writes through it (absent in a lock an older cockpit wrote): a watch names the cockpit it follows by it. */
  readonly responder?: string;
}

export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** The stale owner this lock replaced, if any. */
  readonly tookOverFrom?: LockOwner;
  release(): Promise<void>;
}

/** `invalid`: a lock file that names no owner (empty, garbage, pid 0 or negative). */
export type LockFileOwner = LockOwner | 'absent' | 'invalid';

function processState(pid: number): string | undefined {
  try {
    // "pid (comm) S ...": the state follows the last ')', since comm may hold one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process that just died stays a zombie until its parent reaps it: it holds nothing.
  const state = processState(pid);
  return state !== 'Z' && state !== 'X';
}

export async function readLockOwner(path: string): Promise<LockFileOwner> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    return 'invalid';
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(parsed.pid) && (parsed.pid as number) > 0 && typeof parsed.host === 'string' && parsed.host !== '') {
      return { pid: parsed.pid as number, host: parsed.host, since: String(parsed.since ?? ''), ...(typeof parsed.responder === 'string' ? { responder: parsed.responder } : {}) };
    }
  } catch {
    // Falls through: not a lock a cockpit wrote whole.
  }
  return 'invalid';
}

/** True when no live cockpit holds a lock with this content. */
export function lockIsStale(owner: LockOwner | 'invalid'): boolean {
  if (owner === 'invalid') return true;
  return owner.host === hostname() && !isAlive(owner.pid);
}

/** `pid 4242 on host-a since 2026-12-05 00:09Z (12m ago)`: the ISO stamp, to the second, was hard to read at a glance. */
function describe(owner: LockOwner, now: Date): string {
  const at = Date.parse(owner.since);
  if (Number.isNaN(at)) return `pid ${owner.pid} on ${owner.host}${owner.since === '' ? '' : ` since ${owner.since}`}`;
  const ago = Math.floor(Math.max(0, now.getTime() - at) / 60_000) * 60_000;
  return `pid ${owner.pid} on ${owner.host} since ${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}Z (${ago === 0 ? 'under a minute' : formatDuration(ago)} ago)`;
}

/** Creates `path` holding `owner`, whole, unless it exists. A full disk leaves nothing behind. */
async function createExclusive(path: string, owner: LockOwner): Promise<boolean> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(owner)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

export async function acquireLock(dir: string, now: Date, responder?: string): Promise<Result<HeldLock>> {
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: now.toISOString(), ...(responder === undefined ? {} : { responder }) };
  const held = (tookOverFrom?: LockOwner): HeldLock => ({
    path,
    owner,
    ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
    release: async () => {
      const current = await readLockOwner(path);
      if (typeof current === 'object' && current.pid === owner.pid && current.host === owner.host) await unlink(path).catch(() => undefined);
    },
  });

  if (await createExclusive(path, owner)) return ok(held());

  const existing = await readLockOwner(path);
  // Gone between the two calls: its owner released it.
  if (existing === 'absent') return (await createExclusive(path, owner)) ? ok(held()) : fail('conflict', 'another cockpit took this incident just now; open it read-only');
  if (!lockIsStale(existing)) {
    return fail('conflict', `this incident is being written by another cockpit (${describe(existing as LockOwner, now)}); open it read-only, or remove ${path} if that cockpit is gone`);
  }

  // Stale. Move it aside atomically: of two cockpits racing here, only one rename succeeds.
  const before = await readFile(path, 'utf8').catch(() => undefined);
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return fail('conflict', `another cockpit is taking over the stale lock at ${path}; try again or open it read-only`);
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== before) {
    // We moved a fresh lock someone created in between: put it back and give way.
    await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return fail('conflict', 'another cockpit took this incident over just now; open it read-only');
  }
  await unlink(aside);
  if (!(await createExclusive(path, owner))) {
    return fail('conflict', 'another cockpit took this incident over just now; open it read-only');
  }
  return ok(held(existing === 'invalid' ? undefined : existing));
}
