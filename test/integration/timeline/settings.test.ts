import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logFile, platformDirs, resolveDataDir, settingsFile } from '../../../src/timeline/paths';
import { readSettings } from '../../../src/cli/userSettings';
import { tempDataDir } from './helpers';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => cleanup());

const linux = { platform: 'linux', home: '/home/erin' } as const;

describe('where the cockpit keeps its files', () => {
  it('on Linux: the XDG base directories, named incident-cockpit with no suffix; a relative XDG_*_HOME is ignored', () => {
    expect(platformDirs({}, linux)).toEqual({
      data: '/home/erin/.local/share/incident-cockpit',
      config: '/home/erin/.config/incident-cockpit',
      cache: '/home/erin/.cache/incident-cockpit',
      state: '/home/erin/.local/state/incident-cockpit',
    });
    const xdg = { XDG_DATA_HOME: '/x/data', XDG_CONFIG_HOME: '/x/config', XDG_CACHE_HOME: 'relative/cache', XDG_STATE_HOME: '/x/state' };
    expect(platformDirs(xdg, linux)).toEqual({
      data: '/x/data/incident-cockpit',
      config: '/x/config/incident-cockpit',
      cache: '/home/erin/.cache/incident-cockpit',
      state: '/x/state/incident-cockpit',
    });
    expect(logFile(xdg, linux)).toBe('/x/state/incident-cockpit/cockpit.log');
    expect(settingsFile(xdg, linux)).toBe('/x/config/incident-cockpit/settings.json');
  });

  it('on macOS: ~/Library', () => {
    expect(platformDirs({}, { platform: 'darwin', home: '/Users/erin' })).toEqual({
      data: '/Users/erin/Library/Application Support/incident-cockpit',
      config: '/Users/erin/Library/Preferences/incident-cockpit',
      cache: '/Users/erin/Library/Caches/incident-cockpit',
      state: '/Users/erin/Library/Logs/incident-cockpit',
    });
  });

  it('$COCKPIT_DATA_DIR holds the incidents, the settings and the log', () => {
    const env = { COCKPIT_DATA_DIR: dataDir, XDG_STATE_HOME: '/x/state' };
    expect(resolveDataDir(env, linux)).toBe(dataDir);
    expect(settingsFile(env, linux)).toBe(join(dataDir, 'settings.json'));
    expect(logFile(env, linux)).toBe(join(dataDir, 'cockpit.log'));
    expect(resolveDataDir({ COCKPIT_DATA_DIR: '' }, linux)).toBe('/home/erin/.local/share/incident-cockpit');
  });
});

describe('user settings: one JSON file, checked when read', () => {
  const env = () => ({ COCKPIT_DATA_DIR: dataDir });
  const write = (value: unknown) => writeFile(join(dataDir, 'settings.json'), typeof value === 'string' ? value : JSON.stringify(value));

  it('without a file, the defaults: the OS user, production, no plugins; reading writes nothing', async () => {
    expect(readSettings(env())).toEqual({ ok: true, settings: { responder: userInfo().username, defaultEnvironment: 'production', plugins: [] } });
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('reads what the file says, each field optional', async () => {
    await write({ responder: 'alice', plugins: ['./statuspage.mjs'] });
    expect(readSettings(env())).toEqual({ ok: true, settings: { responder: 'alice', defaultEnvironment: 'production', plugins: ['./statuspage.mjs'] } });
  });

  it('a HOME it cannot reach (a file where the config dir would be) is no settings, not a crash', async () => {
    await writeFile(join(dataDir, 'home'), '');
    expect(readSettings({ HOME: join(dataDir, 'home'), XDG_CONFIG_HOME: join(dataDir, 'home', 'config') })).toMatchObject({ ok: true, settings: { defaultEnvironment: 'production' } });
  });

  it('says what is wrong and in which file: an empty responder, an unknown key, not JSON, a directory', async () => {
    const file = join(dataDir, 'settings.json');
    await write({ responder: ' ' });
    expect(readSettings(env())).toEqual({ ok: false, message: `${file}: responder: must not be empty` });
    await write({ responder: 'alice', defaultEnviroment: 'staging' });
    expect(readSettings(env())).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^${file}: .*defaultEnviroment`)) });
    await write('{\n  "responder": "alice",\n}');
    // Located as an editor goes to it, on every Node (V8 gave a byte position, newer ones a line and column after it).
    expect(readSettings(env())).toMatchObject({ ok: false, message: expect.stringMatching(new RegExp(`^${file}:3:1: not JSON: [^\\d]+$`)) });
    await cleanup();
    await mkdir(file, { recursive: true });
    expect(readSettings(env())).toEqual({ ok: false, message: `${file}: cannot be read: is a directory (EISDIR)` });
  });
});
