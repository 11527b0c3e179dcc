import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'cockpit-drill-';
/** The drill process that made the folder: a folder whose process is gone was abandoned. */
const OWNER_FILE = 'owner.pid';

/**
 * A new folder for a drill's sandbox (its flag file, its kubeconfig) in the system's temporary
 * directory, marked with this process. A drill removes its own when it closes; one killed before
 * it could (SIGKILL, a power cut) left it behind for good, so each drill also removes those of
 * drills that are gone. Resolves once the folder is ready; `swept` once the others are looked at.
 */
export async function makeSandboxDir(): Promise<{ readonly dir: string; readonly swept: Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), PREFIX));
  await writeFile(join(dir, OWNER_FILE), `${process.pid}\n`);
  return { dir, swept: sweepAbandonedSandboxes(tmpdir()).then(() => undefined, () => undefined) };
}

/**
 * Removes the sandbox folders in `parent` whose drill process no longer runs; returns their names.
 * A folder without its owner's pid (being made, or made by an older cockpit) is left alone, and so
 * is one whose process may be another user's (not ours to signal).
 */
export async function sweepAbandonedSandboxes(parent: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const owner = Number((await readFile(join(parent, name, OWNER_FILE), 'utf8').catch(() => '')).trim());
    if (!Number.isSafeInteger(owner) || owner <= 0 || running(owner)) continue;
    await rm(join(parent, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
