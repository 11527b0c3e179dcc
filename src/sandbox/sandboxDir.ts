import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'cockpit-drill-';
/** The drill process that made the folder: a folder whose process is gone was abandoned. */
const OWNER_FILE = 'owner.pid';
/** A folder with no owner recorded (made by a cockpit from before owners were) is abandoned after this. */
const UNOWNED_MS = 24 * 3_600_000;

/**
 * A new folder for a drill's sandbox (its flag file, its kubeconfig) in the system's temporary
 * directory, marked with this process. A drill removes its own when it closes; one killed before
 * it could (SIGKILL, a power cut) left it behind for good, so a drill that closes also removes
 * those of drills that are gone (`removeSandboxDir`): at its end, not at its start, where reading
 * a temporary directory of hundreds of entries cost the first frames ~8 ms.
 */
export async function makeSandboxDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), PREFIX));
  await writeFile(join(dir, OWNER_FILE), `${process.pid}\n`);
  return dir;
}

/** Removes this drill's sandbox folder, and those that drills which are gone left behind. */
export async function removeSandboxDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await sweepAbandonedSandboxes(tmpdir()).catch(() => undefined);
}

/**
 * Removes the sandbox folders in `parent` whose drill process no longer runs; returns their names.
 * One whose process may be another user's (not ours to signal) is left alone; so is one without
 * its owner's pid (being made, or made by a cockpit from before owners were recorded) until it was
 * last changed a day ago.
 */
export async function sweepAbandonedSandboxes(parent: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(parent, name);
    const recorded = (await readFile(join(path, OWNER_FILE), 'utf8').catch(() => undefined))?.trim();
    const owner = Number(recorded);
    const abandoned = recorded === undefined || recorded === '' ? await unownedFor(path, now) : Number.isSafeInteger(owner) && owner > 0 && !running(owner);
    if (!abandoned) continue;
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

/** A folder with no owner file, last changed over a day ago. */
async function unownedFor(path: string, now: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.isDirectory() && now - info.mtimeMs > UNOWNED_MS;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
