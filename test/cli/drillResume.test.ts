import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/core/drillTypes';
import type { StoredEvent } from '../../src/core/events';
import { openIncident } from '../../src/timeline/openIncident';
import { cockpit } from '../support/cli';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;

let dir: string;
let dataDir: string;
/** The checkout runbook, its flagd provider pointing at a REAL flag file (a copy, in `dir`). */
let runbook: string;
let flagFile: string;
/** A temp dir with the checkout runbook pointing at a copy of the flag file. */
async function workspace() {
  const at = await mkdtemp(join(tmpdir(), 'cockpit-drill-resume-'));
  const flags = join(at, 'checkout.flagd.json');
  await copyFile('runbooks/flags/checkout.flagd.json', flags);
  const file = join(at, 'checkout-api.yaml');
  const text = (await readFile('runbooks/checkout-api.yaml', 'utf8'))
    .replace('./flags/checkout.flagd.json', flags)
    .replace('./scripts/db-health.sh', `${process.cwd()}/runbooks/scripts/db-health.sh`);
  await writeFile(file, text);
  // The drills' own temporary directory, where each makes its sandbox folder.
  await mkdir(join(at, 'tmp'));
  return { dir: at, dataDir: join(at, 'data'), flagFile: flags, runbook: file };
}

beforeEach(async () => {
  ({ dir, dataDir, flagFile, runbook } = await workspace());
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Workspace = Awaited<ReturnType<typeof workspace>>;
const envOf = (w: Pick<Workspace, 'dir' | 'dataDir'>) => ({ COCKPIT_DATA_DIR: w.dataDir, TMPDIR: join(w.dir, 'tmp') });
const env = () => envOf({ dir, dataDir });
const sandboxFolders = async (w: Pick<Workspace, 'dir'> = { dir }) => (await readdir(join(w.dir, 'tmp'))).filter((name) => name.startsWith('cockpit-drill-'));
const logOf = (id: string, at = dataDir) => join(at, 'incidents', id, 'events.jsonl');

async function events(id: string, at = dataDir): Promise<StoredEvent[]> {
  const text = await readFile(logOf(id, at), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.endsWith('}'))
    .map((line) => JSON.parse(line) as StoredEvent);
}

/** A sandbox drill (autopilot, in scaled time) killed with SIGKILL once its rollback step completed. */
async function drillKilledAfterRollback(w: Workspace, scenario: string): Promise<string> {
  const child = execa(process.execPath, [BIN, 'drill', w.runbook, '--scenario', scenario, '--autopilot', '--speed', '50'], {
    reject: false,
    env: { NO_COLOR: '1', ...envOf(w) },
  });
  try {
    // A ceiling for a hung drill, not a speed check: a loaded machine starts the child slowly.
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      const [id] = await readdir(join(w.dataDir, 'incidents')).catch(() => []);
      if (id && (await events(id, w.dataDir)).some((e) => e.kind === 'step.completed' && e.data.step === 'rollback')) return id;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the drill never completed its rollback step');
  } finally {
    child.kill('SIGKILL');
    await child;
  }
}

/**
 * A drill killed after its rollback step and resumed with `drill --incident … --autopilot`, in a
 * workspace of its own, with what the resume test checks read as it happened. Run once per
 * scenario, on first use: the resumed bad-flag drill is also the finished sandbox drill the
 * refusal tests need (a full drill is the slowest thing here), and none of them may change it:
 * each checks it is refused and the log stays byte for byte.
 */
const resumed = new Map<string, ReturnType<typeof killAndResume>>();
const resumedDrill = (scenario: string) => resumed.get(scenario) ?? resumed.set(scenario, killAndResume(scenario)).get(scenario)!;
async function killAndResume(scenario: string) {
  const w = await workspace();
  const flagsBefore = await readFile(w.flagFile);
  const incident = await drillKilledAfterRollback(w, scenario);
  const foldersAfterKill = await sandboxFolders(w);
  const before = await events(incident, w.dataDir);
  const run = await cockpit(['drill', w.runbook, '--incident', incident, '--autopilot', '--json'], { env: envOf(w) });
  return {
    ...w,
    incident,
    flagsBefore,
    foldersAfterKill,
    before,
    run,
    after: await events(incident, w.dataDir),
    verified: await cockpit(['verify', incident], { env: envOf(w) }),
    flagsAfter: await readFile(w.flagFile),
    foldersAfter: await sandboxFolders(w),
  };
}
afterAll(async () => {
  for (const drill of await Promise.allSettled(resumed.values())) if (drill.status === 'fulfilled') await rm(drill.value.dir, { recursive: true, force: true });
});

describe('cockpit open --incident of a sandbox drill', () => {
  it('is refused (exit 2, one line naming `cockpit drill`) before any provider is called: the real flag file and the log stay byte for byte', async () => {
    ({ dataDir, flagFile, runbook } = await resumedDrill('bad-flag'));
    const { incident } = await resumedDrill('bad-flag');
    const flagsBefore = await readFile(flagFile);
    const logBefore = await readFile(logOf(incident));

    const result = await cockpit(['open', runbook, '--incident', incident], { env: env() });
    expect(result.stderr).toBe(`cockpit open: incident ${incident} is a sandbox drill; resume it with \`cockpit drill ${runbook} --incident ${incident}\`, or watch it with \`cockpit open ${runbook} --incident ${incident} --read-only\``);
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(2);
    // The command it prints finds the incident where this one did.
    const elsewhere = await cockpit(['open', runbook, '--incident', incident, '--store', dataDir], { env: { ...env(), COCKPIT_DATA_DIR: '/nonexistent' } });
    expect(elsewhere.stderr).toBe(`cockpit open: incident ${incident} is a sandbox drill; resume it with \`cockpit drill ${runbook} --incident ${incident} --store ${dataDir}\`, or watch it with \`cockpit open ${runbook} --incident ${incident} --read-only --store ${dataDir}\``);
    // Watching runs nothing: it is not refused (here it stops for want of a terminal).
    const watch = await cockpit(['open', runbook, '--incident', incident, '--read-only'], { env: env() });
    expect(watch.stderr).toContain('needs a terminal');
    expect(await readFile(flagFile)).toEqual(flagsBefore);
    expect(await readFile(logOf(incident))).toEqual(logBefore);
  }, 240_000); // the first to ask runs the resumed bad-flag drill
});

describe('cockpit drill --incident ID', () => {
  it.each([
    ['bad-deploy', 'deploys.rollback'],
    ['bad-flag', 'flags.set'],
  ])('resumes a killed %s drill on the same incident, in a world that keeps what was done (%s), never touching the real flag file; the killed run\'s sandbox folder goes', async (scenario, fix) => {
    const { incident, flagsBefore, foldersAfterKill, before, run: resumed, after, verified, flagsAfter, foldersAfter } = await resumedDrill(scenario);
    // Killed, it could not remove its sandbox folder: the next drill does.
    expect(foldersAfterKill).toHaveLength(1);
    expect(before.some((e) => e.kind === 'action.succeeded')).toBe(true);

    expect(resumed.stderr).toBe('');
    const report = JSON.parse(resumed.stdout) as DrillReport;
    // Recovered only if the rebuilt sandbox still has the fix applied before the crash.
    expect(report).toMatchObject({ incident, scenario, recovered: true, recoveryChecksPassed: true });
    expect(resumed.exitCode).toBe(0);

    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length);
    expect(added[0]?.seq).toBe(before.length + 1);
    // Nothing that was done is done again: only the steps after the rollback are left to run.
    expect(before.some((e) => e.kind === 'action.planned' && e.data.name === fix)).toBe(true);
    const redone = added.flatMap((e) => (e.kind === 'action.planned' ? [e.data.name] : []));
    expect(redone.filter((name) => name !== 'command.run')).toEqual([]);
    expect(added.some((e) => e.kind === 'drill.scored')).toBe(true);
    // The killed run never ended, so it never scored: the only score is the resumed run's, from its final state.
    expect(after.filter((e) => e.kind === 'drill.scored').map((e) => e.data)).toEqual([expect.objectContaining({ score: report.score })]);
    expect(verified.exitCode).toBe(0);
    expect(flagsAfter).toEqual(flagsBefore);
    expect(foldersAfter).toEqual([]);
  }, 240_000);

  it('refuses an incident that is not a sandbox drill, and a --scenario other than the recorded one', async () => {
    const opened = await openIncident({
      dataDir,
      responder: 'bob',
      create: { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', drill: false, steps: [] },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    await opened.value.store.close();
    const id = opened.value.store.incidentId;
    const real = await cockpit(['drill', runbook, '--incident', id, '--autopilot'], { env: env() });
    expect(real.stderr).toBe(`cockpit drill: incident ${id} is a real incident, not a sandbox drill; resume it with \`cockpit open ${runbook} --incident ${id}\``);
    expect(real.exitCode).toBe(2);
    const stored = await cockpit(['drill', runbook, '--incident', id, '--autopilot', '--store', dataDir], { env: env() });
    expect(stored.stderr).toBe(`cockpit drill: incident ${id} is a real incident, not a sandbox drill; resume it with \`cockpit open ${runbook} --incident ${id} --store ${dataDir}\``);

    const drill = await resumedDrill('bad-flag');
    // Resolved: the autopilot has nothing to play, and the log stays as its postmortem read it (it appended a note and a second score).
    const logBefore = await readFile(join(drill.dataDir, 'incidents', drill.incident, 'events.jsonl'), 'utf8');
    const again = await cockpit(['drill', drill.runbook, '--incident', drill.incident, '--autopilot'], { env: { COCKPIT_DATA_DIR: drill.dataDir } });
    expect(again.stderr).toBe(`cockpit drill: incident ${drill.incident} is resolved: the autopilot has nothing left to play (\`cockpit export ${drill.incident}\` writes its postmortem; without --autopilot it opens, and o reopens it)`);
    expect(again.exitCode).toBe(2);
    expect(await readFile(join(drill.dataDir, 'incidents', drill.incident, 'events.jsonl'), 'utf8')).toBe(logBefore);
    const other = await cockpit(['drill', drill.runbook, '--incident', drill.incident, '--scenario', 'bad-deploy', '--autopilot'], { env: { COCKPIT_DATA_DIR: drill.dataDir } });
    expect(other.stderr).toBe(`cockpit drill: incident ${drill.incident} is the bad-flag drill: a resumed drill keeps the scenario its log recorded; drop --scenario`);
    expect(other.exitCode).toBe(2);
  }, 60_000);
});
