import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import * as z from 'zod';
import { firstLine, issueText, thrownMessage } from '../core/errorText';
import { describeIoError } from '../timeline/ioError';
import { settingsFile } from '../timeline/paths';

/**
 * User settings: who the responder is, which environment `open` uses by default, and third-party
 * plugins for every runbook. One JSON file, written by hand and only read here (so a read-only
 * HOME costs nothing): settings.json in the config dir, or in `$COCKPIT_DATA_DIR` when that is
 * set, so a test or a CI job never reads the user's real settings. Every field is optional.
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

const notEmpty = { error: 'must not be empty' };

/** The file's shape; a key it does not know is a mistake worth saying (a typo of `responder`). */
const settingsSchema = z.strictObject({
  responder: z.string().trim().min(1, notEmpty).optional().describe('who you are on the timeline (default: your OS user name)'),
  defaultEnvironment: z.string().trim().min(1, notEmpty).optional().describe('the runbook environment `open` uses without --env (default: production)'),
  plugins: z.array(z.string().min(1, notEmpty)).optional().describe('third-party plugins for every runbook: paths from the working directory, or package names'),
});

export type SettingsRead = { readonly ok: true; readonly settings: UserSettings } | { readonly ok: false; readonly message: string };

/** The user's settings, or which one is wrong and in which file (a hand edit gone wrong is bad input, not a crash). */
export function readSettings(env: NodeJS.ProcessEnv = process.env): SettingsRead {
  const file = settingsFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No settings file (or no config dir at all): the defaults are the settings.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: true, settings: withDefaults({}) };
    return { ok: false, message: `${file}: cannot be read: ${describeIoError(error)}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: notJson(file, text, firstLine(thrownMessage(error))) };
  }
  const parsed = settingsSchema.safeParse(json);
  if (parsed.success) return { ok: true, settings: withDefaults(parsed.data) };
  return { ok: false, message: `${file}: ${issueText(parsed.error.issues[0]!, 'settings')}` };
}

function withDefaults(read: z.output<typeof settingsSchema>): UserSettings {
  return { responder: read.responder ?? defaultResponder(), defaultEnvironment: read.defaultEnvironment ?? 'production', plugins: read.plugins ?? [] };
}

/**
 * `file:2:17: not JSON: Expected double-quoted property name`: located as an editor would go to it (V8 says a byte
 * position, and only newer versions the line and column too).
 */
function notJson(file: string, text: string, message: string): string {
  const at = /\s*in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (at === null) return `${file}: not JSON: ${message}`;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return `${file}:${line}:${col}: not JSON: ${message.replace(at[0], '')}`;
}
