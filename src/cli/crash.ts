import { describeIoError, isStorageError } from '../timeline/ioError';
import { resolveDataDir } from '../timeline/paths';
import { EXIT } from './exit';
import { redactText } from '../core/redact';
import { createSecretMatcher } from '../core/secretMatcher';
import { SettingError } from './settingError';

/**
 * The last word on an error nothing else handled: one line on stderr and a distinct exit code,
 * never a stack trace or a dump of the bundle's source (a responder cannot act on either). A
 * data dir or HOME that takes no writes is the user's to fix, and says where; so is a setting the
 * cockpit cannot take (a usage error); anything else is a bug, whose stack `COCKPIT_DEBUG=1` shows.
 */
export function reportCrash(error: unknown, env: NodeJS.ProcessEnv = process.env): number {
  if (isStorageError(error)) {
    // A write to an open file names no path (ENOSPC): the data dir is where to look ("there" named nothing).
    const where = error.path ?? resolveDataDir(env);
    process.stderr.write(`cockpit: cannot write its data: ${describeIoError(error, where)}; free space or fix permissions there, or set COCKPIT_DATA_DIR to a writable directory\n`);
    return EXIT.storage;
  }
  if (error instanceof SettingError) {
    process.stderr.write(`cockpit: ${error.message}\n`);
    return EXIT.usage;
  }
  // Through the credential rules, as everything the cockpit writes: a plugin's `password=…` reached stderr in clear.
  const redact = (text: string) => redactText(createSecretMatcher(), text);
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0]?.slice(0, 300) ?? '';
  process.stderr.write(`cockpit: internal error: ${redact(firstLine)}${env.COCKPIT_DEBUG ? '' : ' (run with COCKPIT_DEBUG=1 for the stack trace)'}\n`);
  if (env.COCKPIT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${redact(error.stack)}\n`);
  return EXIT.internal;
}
