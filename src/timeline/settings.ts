import { userInfo } from 'node:os';
import Conf from 'conf';
import { PROJECT_NAME } from './paths';

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

export function openSettings(env: NodeJS.ProcessEnv = process.env): Conf<UserSettings> {
  const dataDir = env.COCKPIT_DATA_DIR;
  return new Conf<UserSettings>({
    projectName: PROJECT_NAME,
    ...(dataDir !== undefined && dataDir !== '' ? { cwd: dataDir, configName: 'settings' } : {}),
    defaults: { responder: defaultResponder(), defaultEnvironment: 'production', plugins: [] },
    schema: {
      responder: { type: 'string', minLength: 1 },
      defaultEnvironment: { type: 'string', minLength: 1 },
      plugins: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  });
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): UserSettings {
  const conf = openSettings(env);
  return { responder: conf.get('responder'), defaultEnvironment: conf.get('defaultEnvironment'), plugins: conf.get('plugins') };
}
