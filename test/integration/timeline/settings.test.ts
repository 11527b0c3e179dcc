import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../src/timeline/paths';
import { openSettings, readSettings } from '../../../src/cli/userSettings';
import { tempDataDir } from './helpers';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => cleanup());

describe('data dir and user settings', () => {
  it('the data dir is $COCKPIT_DATA_DIR, else the platform data dir', () => {
    expect(resolveDataDir({ COCKPIT_DATA_DIR: dataDir })).toBe(dataDir);
    expect(resolveDataDir({ COCKPIT_DATA_DIR: '' })).toBe(envPaths('incident-cockpit').data);
    expect(resolveDataDir({})).toBe(envPaths('incident-cockpit').data);
  });

  it('defaults the responder to the OS user and persists changes under the data dir', () => {
    const env = { COCKPIT_DATA_DIR: dataDir };
    expect(readSettings(env)).toEqual({ ok: true, settings: { responder: userInfo().username, defaultEnvironment: 'production', plugins: [] } });
    const conf = openSettings(env);
    conf.set('responder', 'alice');
    conf.set('defaultEnvironment', 'staging');
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(true);
    expect(readSettings(env)).toEqual({ ok: true, settings: { responder: 'alice', defaultEnvironment: 'staging', plugins: [] } });
  });

  it('reports an empty responder with the settings file, instead of using it', () => {
    const conf = openSettings({ COCKPIT_DATA_DIR: dataDir });
    conf.set('responder', ' ');
    expect(readSettings({ COCKPIT_DATA_DIR: dataDir })).toEqual({ ok: false, message: `${conf.path}: responder: must not be empty` });
  });
});
