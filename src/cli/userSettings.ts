import { userInfo } from 'node:os';
import Conf from 'conf';
import * as z from 'zod';
import { isStorageError } from '../timeline/ioError';
import { PROJECT_NAME } from '../timeline/paths';
import { issueText } from '../core/errorText';

/**
 * User settings (conf): who the responder is and which environment `open` uses by default.
 * With `$COCKPIT_DATA_DIR` set the settings file lives there too, so a test or a CI job never
 * reads or writes the user's real settings.
 */

export interface UserSettings {
  responder: string;
  defaultEnvironment: string;
  /** Third-party plugins for every runbook: paths (from the working directory) or package names. */
  plugins: string[];
}

function defaultResponder(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): still a name, never a crash.
    return process.env.USER ?? 'responder';
  }
}

function defaultSettings(): UserSettings {
  return { responder: defaultResponder(), defaultEnvironment: 'production', plugins: [] };
}

export function openSettings(env: NodeJS.ProcessEnv = process.env): Conf<UserSettings> {
  const dataDir = env.COCKPIT_DATA_DIR;
  return new Conf<UserSettings>({
    projectName: PROJECT_NAME,
    ...(dataDir !== undefined && dataDir !== '' ? { cwd: dataDir, configName: 'settings' } : {}),
    defaults: defaultSettings(),
  });
}

// Checked with zod when read, not by conf's JSON Schema: compiling that costs ~45 ms of every start.
const settingsSchema = z.object({
  responder: z.string().trim().min(1, { error: 'must not be empty' }),
  defaultEnvironment: z.string().trim().min(1, { error: 'must not be empty' }),
  plugins: z.array(z.string().min(1, { error: 'must not be empty' })),
});

export type SettingsRead = { readonly ok: true; readonly settings: UserSettings } | { readonly ok: false; readonly message: string };

/** The user's settings, or which one is wrong and in which file (a hand edit gone wrong is bad input, not a crash). */
export function readSettings(env: NodeJS.ProcessEnv = process.env): SettingsRead {
  let conf: Conf<UserSettings>;
  try {
    conf = openSettings(env);
    void conf.store;
  } catch (error) {
    // No settings file and nowhere to write one (a read-only HOME): the defaults are the settings.
    if (isStorageError(error) || (error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, settings: defaultSettings() };
    throw error;
  }
  const parsed = settingsSchema.safeParse(conf.store);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, message: `${conf.path}: ${issueText(parsed.error.issues[0]!, 'settings')}` };
}
