import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the cockpit keeps its files. On Linux the XDG base directories (an `XDG_*_HOME` that is
 * not absolute is ignored, as the spec says), on macOS ~/Library, on Windows %APPDATA% and
 * %LOCALAPPDATA%, each named `incident-cockpit`, with no suffix. `$COCKPIT_DATA_DIR` moves
 * everything but the cache under one directory, so a test or a CI job never touches the user's
 * files. Each incident is one directory under `<dataDir>/incidents/`, so the data dir can hold
 * other things later without them being mistaken for incidents.
 */

export const PROJECT_NAME = 'incident-cockpit';

export interface CockpitDirs {
  /** Incidents. */
  readonly data: string;
  /** settings.json. */
  readonly config: string;
  /** The compiled-code cache: safe to delete. */
  readonly cache: string;
  /** cockpit.log. */
  readonly state: string;
}

export interface PlatformFacts {
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

const here = (): PlatformFacts => ({ platform: process.platform, home: homedir() });

export function platformDirs(env: NodeJS.ProcessEnv = process.env, facts: PlatformFacts = here()): CockpitDirs {
  const { platform, home } = facts;
  if (platform === 'darwin') {
    const library = join(home, 'Library');
    return {
      data: join(library, 'Application Support', PROJECT_NAME),
      config: join(library, 'Preferences', PROJECT_NAME),
      cache: join(library, 'Caches', PROJECT_NAME),
      state: join(library, 'Logs', PROJECT_NAME),
    };
  }
  if (platform === 'win32') {
    const roaming = env.APPDATA || join(home, 'AppData', 'Roaming');
    const local = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
    return {
      data: join(local, PROJECT_NAME, 'Data'),
      config: join(roaming, PROJECT_NAME, 'Config'),
      cache: join(local, PROJECT_NAME, 'Cache'),
      state: join(local, PROJECT_NAME, 'State'),
    };
  }
  const xdg = (name: string, fallback: string) => {
    const value = env[name];
    return join(value !== undefined && isAbsolute(value) ? value : join(home, fallback), PROJECT_NAME);
  };
  return {
    data: xdg('XDG_DATA_HOME', '.local/share'),
    config: xdg('XDG_CONFIG_HOME', '.config'),
    cache: xdg('XDG_CACHE_HOME', '.cache'),
    state: xdg('XDG_STATE_HOME', '.local/state'),
  };
}

/** `$COCKPIT_DATA_DIR`, when it is set and not empty. */
function dataDirOverride(env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env.COCKPIT_DATA_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
}

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, facts?: PlatformFacts): string {
  return dataDirOverride(env) ?? platformDirs(env, facts).data;
}

/** The one settings file: settings.json in the config dir (in `$COCKPIT_DATA_DIR` when that is set). */
export function settingsFile(env: NodeJS.ProcessEnv = process.env, facts?: PlatformFacts): string {
  return join(dataDirOverride(env) ?? platformDirs(env, facts).config, SETTINGS_FILE);
}

/** The TUI's log: cockpit.log in the state dir (in `$COCKPIT_DATA_DIR` when that is set). */
export function logFile(env: NodeJS.ProcessEnv = process.env, facts?: PlatformFacts): string {
  return join(dataDirOverride(env) ?? platformDirs(env, facts).state, LOG_FILE);
}

export const SETTINGS_FILE = 'settings.json';
export const LOG_FILE = 'cockpit.log';

export function incidentsDir(dataDir: string): string {
  return join(dataDir, 'incidents');
}

export function incidentDir(dataDir: string, id: string): string {
  return join(incidentsDir(dataDir), id);
}

export const EVENTS_FILE = 'events.jsonl';
export const INDEX_FILE = 'incident.json';
export const LOCK_FILE = 'lock';
export const QUARANTINE_PREFIX = `${EVENTS_FILE}.corrupt-`;

/** Incident ids are file names: refuse anything that could escape the incidents dir. */
export function isSafeIncidentId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) && !id.includes('..');
}
