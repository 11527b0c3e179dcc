import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepAbandonedSandboxes } from '../../../src/sandbox/sandboxDir';

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'cockpit-sweep-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** A sandbox folder as a drill leaves it: the flag file, and the pid of its process (none: an older cockpit's, or one being made). */
async function sandbox(name: string, owner: string | undefined): Promise<void> {
  await mkdir(join(parent, name));
  await writeFile(join(parent, name, 'flags.flagd.json'), '{}\n');
  if (owner !== undefined) await writeFile(join(parent, name, 'owner.pid'), owner);
}

describe('sandbox folders left by drills that are gone', () => {
  it('are removed when their process has exited, or with no owner recorded a day after they last changed; a running drill\'s and other folders stay', async () => {
    // A real process that ran and exited: its pid names nobody now.
    const exited = spawnSync('true');
    expect(exited.status).toBe(0);
    await sandbox('cockpit-drill-killed', `${exited.pid}\n`);
    await sandbox('cockpit-drill-running', `${process.pid}\n`);
    await sandbox('cockpit-drill-unmarked', undefined);
    await sandbox('cockpit-drill-torn', '');
    await sandbox('someone-else-1234', `${exited.pid}\n`);
    await writeFile(join(parent, 'cockpit-drill-file'), 'not a folder');

    expect(await sweepAbandonedSandboxes(parent)).toEqual(['cockpit-drill-killed']);
    expect((await readdir(parent)).sort()).toEqual(['cockpit-drill-file', 'cockpit-drill-running', 'cockpit-drill-torn', 'cockpit-drill-unmarked', 'someone-else-1234']);

    // A day on, the folders no owner is recorded in are taken for a former cockpit's; the running drill's stays.
    const dayLater = Date.now() + 24 * 3_600_000 + 60_000;
    expect((await sweepAbandonedSandboxes(parent, dayLater)).sort()).toEqual(['cockpit-drill-torn', 'cockpit-drill-unmarked']);
    expect((await readdir(parent)).sort()).toEqual(['cockpit-drill-file', 'cockpit-drill-running', 'someone-else-1234']);
  });
});
