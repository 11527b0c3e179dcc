import { readSettings, type UserSettings } from './userSettings';

/** The settings for a command, or undefined after saying on stderr what is wrong with them. */
export function settingsOrComplain(command: string): UserSettings | undefined {
  const read = readSettings();
  if (read.ok) return read.settings;
  process.stderr.write(`cockpit ${command}: bad user settings: ${read.message}\n`);
  return undefined;
}
