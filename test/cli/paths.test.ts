import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';
import { runbookWithoutMitigations } from '../support/quickDrill';

let root: string;
/** Beside root, which must hold only what the cockpit writes. */
let runbooks: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cockpit-paths-'));
  runbooks = await mkdtemp(join(tmpdir(), 'cockpit-paths-runbook-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(runbooks, { recursive: true, force: true });
});

describe('the built CLI keeps its files where the README says', () => {
  it('incidents in the data dir, cockpit.log in the state dir, the compile cache in the cache dir; nothing else in HOME', async () => {
    const env = {
      COCKPIT_DATA_DIR: '',
      HOME: join(root, 'home'),
      XDG_DATA_HOME: join(root, 'data'),
      XDG_STATE_HOME: join(root, 'state'),
      XDG_CACHE_HOME: join(root, 'cache'),
      XDG_CONFIG_HOME: join(root, 'config'),
    };
    // A drill that starts as every drill does and ends at once, not recovered (exit 1): where its files go is what is checked.
    const drill = await cockpit(['drill', await runbookWithoutMitigations(runbooks), '--scenario', 'bad-deploy', '--autopilot', '--json'], { env });
    expect(drill.exitCode).toBe(1);
    const { incident } = JSON.parse(drill.stdout) as { incident: string };
    expect(await readdir(join(root, 'data', 'incident-cockpit', 'incidents'))).toEqual([incident]);
    expect(await readFile(join(root, 'state', 'incident-cockpit', 'cockpit.log'), 'utf8')).not.toBe('');
    expect(await readdir(join(root, 'cache', 'incident-cockpit'))).toEqual(['compile-cache']);
    expect((await readdir(root)).sort()).toEqual(['cache', 'data', 'state']);
  }, 120_000);
});
