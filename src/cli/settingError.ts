/**
 * A setting the user gave (an environment variable) that the cockpit cannot take: the user's to fix,
 * so it ends the command as a usage error naming the setting, never as an internal error, and never
 * by quietly using the default instead.
 */
export class SettingError extends Error {
  override readonly name = 'SettingError';
}
