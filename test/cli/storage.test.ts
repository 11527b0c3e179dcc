import { execFileSync } from 'node:child_process';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';
import { copyFixtureDataDir, FIXTURE_ID, fixtureFile } from '../fixtures/timeline/copyFixture';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../support/tmpfs';

const RUNBOOK = new URL('../../runbooks/checkout-api.yaml', import.meta.url).pathname;

let disk: SmallDisk | undefined;
afterEach(async () => {
  await disk?.unmount();
  disk = undefined;
});

function expectOneCleanLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at |node:internal|cockpit\.cjs/);
}

describe.skipIf(!canMountTmpfs('test/cli/storage.test.ts'))('a data dir or HOME that takes no writes (real tmpfs, built CLI)', () => {
  it('a full data dir: one line, exit 4, no half-made incident and no lock left', async () => {
    disk = await mountSmallDisk();
    // A settings file first, so what fails is the incident itself.
    await cockpit(['incidents'], { env: { COCKPIT_DATA_DIR: disk.path } });
    await disk.fillLeaving(0);
    const run = await cockpit(['drill', RUNBOOK, '--autopilot'], { env: { COCKPIT_DATA_DIR: disk.path } });
    expect(run.exitCode).toBe(4);
    // Said where: a write to an open file names no path, and "free space … there" named nothing.
    expectOneCleanLine(run.stderr, new RegExp(`^cockpit: cannot write its data: disk full \\(ENOSPC\\) at ${disk.path}`));
    const incidents = await readdir(join(disk.path, 'incidents')).catch(() => []);
    expect(incidents).toEqual([]);
  });

  it('a read-only data dir: one line naming it, exit 4', async () => {
    disk = await mountSmallDisk('64k', { readOnly: true });
    const run = await cockpit(['drill', RUNBOOK, '--autopilot'], { env: { COCKPIT_DATA_DIR: join(disk.path, 'data') } });
    expect(run.exitCode).toBe(4);
    expectOneCleanLine(run.stderr, new RegExp(`^cockpit: cannot write its data: read-only file system \\(EROFS\\) at ${disk.path}/data;`));
  });

  it('a read-only HOME: lint still works; a drill says where it cannot write, exit 4', async () => {
    disk = await mountSmallDisk('64k', { readOnly: true });
    const env = { HOME: disk.path, XDG_DATA_HOME: '', XDG_CONFIG_HOME: '', XDG_CACHE_HOME: '' };
    const lint = await cockpit(['lint', RUNBOOK], { env });
    expect(lint.exitCode).toBe(0);
    const drill = await cockpit(['drill', RUNBOOK, '--autopilot'], { env });
    expect(drill.exitCode).toBe(4);
    expectOneCleanLine(drill.stderr, new RegExp(`^cockpit: cannot write its data: read-only file system \\(EROFS\\) at ${disk.path}/`));
  });

  it('an export onto a disk that fills up: exit 2, one line, the file it replaces untouched, no temp file left', async () => {
    disk = await mountSmallDisk('64k');
    const fixture = await copyFixtureDataDir();
    try {
      const out = join(disk.path, 'export.json');
      await writeFile(out, 'the export before\n');
      // Two pages left: the start of the export fits, the rest does not (a write takes what fits and says so only in its count).
      await disk.fillLeaving(8192);
      const run = await cockpit(['export', FIXTURE_ID, '--format', 'json', '-o', out], { env: { COCKPIT_DATA_DIR: fixture.dataDir } });
      expect(run.exitCode, run.stderr).toBe(2);
      // Named as the file it writes (it read `cockpit export: ENOSPC: no space left on device, write`).
      expectOneCleanLine(run.stderr, new RegExp(`^cockpit export: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*ENOSPC`));
      expect(await readFile(out, 'utf8')).toBe('the export before\n');
      expect((await readdir(disk.path)).sort()).toEqual(['export.json', 'filler']);
    } finally {
      await fixture.cleanup();
    }
  });

  it('a read-only data dir holding incidents: what only reads works; what writes says where, exit 4', async () => {
    disk = await mountSmallDisk('2m');
    await cp(fixtureFile('data'), disk.path, { recursive: true });
    execFileSync('mount', ['-o', 'remount,ro', disk.path]);
    const env = { COCKPIT_DATA_DIR: disk.path };
    for (const args of [['incidents'], ['verify', FIXTURE_ID], ['export', FIXTURE_ID, '--format', 'md'], ['lint', RUNBOOK]]) {
      const run = await cockpit(args, { env });
      expect(run.exitCode, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
    const drill = await cockpit(['drill', RUNBOOK, '--autopilot'], { env });
    expect(drill.exitCode).toBe(4);
    expectOneCleanLine(drill.stderr, new RegExp(`^cockpit: cannot write its data: read-only file system \\(EROFS\\) at ${disk.path}/incidents/`));
  });
});
