import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cockpit-paths-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
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
    const drill = await cockpit(['drill', 'runbooks/checkout-api.yaml', '--scenario', 'bad-deploy', '--autopilot', '--json'], { env });
    expect(drill.exitCode).toBe(0);
    const { incident } = JSON.parse(drill.stdout) as { incident: string };
    expect(await readdir(join(root, 'data', 'incident-cockpit', 'incidents'))).toEqual([incident]);
    expect(await readFile(join(root, 'state', 'incident-cockpit', 'cockpit.log'), 'utf8')).not.toBe('');
    expect(await readdir(join(root, 'cache', 'incident-cockpit'))).toEqual(['compile-cache']);
    expect((await readdir(root)).sort()).toEqual(['cache', 'data', 'state']);
  }, 120_000);
});
