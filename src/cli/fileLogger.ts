import { isLibraryDeprecation } from './libraryDeprecations';
import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { boundText, MB } from '../core/bounds';
import { createCleaner } from '../core/displayText';
import { createSecretMatcher } from '../core/secretMatcher';
import type { Logger } from '../plugins/contract';

/** At this size cockpit.log becomes cockpit.log.1 (replacing the one before): 10 MB at most on disk. */
export const LOG_MAX_BYTES = 5 * MB;
/** One entry, fields included: a warning carrying a whole response body stays one readable line. */
export const LOG_MAX_LINE_CHARS = 16_000;

/**
 * While Ink draws, nothing may write to the terminal: the cockpit's own log (and Node's process
 * warnings, such as the AWS SDK's) goes to a file, redacted, one line per entry.
 */
export function fileLogger(path: string, secrets: readonly string[]): Logger & { flush(): Promise<void> } {
  const matcher = createSecretMatcher(secrets);
  const clean = createCleaner(matcher);
  let size = 0;
  let queue: Promise<void> = mkdir(dirname(path), { recursive: true })
    .then(() => stat(path))
    .then(
      (stats) => void (size = stats.size),
      // Best effort: a log that cannot be written must not fail the command (the timeline says so itself).
      () => undefined,
    );
  /** Lines not yet written: a burst of entries is one append per file, not an open, write and close each. */
  let pending: string[] = [];
  const appendPending = async () => {
    const lines = pending;
    pending = [];
    let batch = '';
    let batchBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (size + batchBytes > 0 && size + batchBytes + bytes > LOG_MAX_BYTES) {
        if (batch !== '') await appendFile(path, batch);
        await rename(path, `${path}.1`);
        size = 0;
        batch = '';
        batchBytes = 0;
      }
      batch += line;
      batchBytes += bytes;
    }
    if (batch !== '') await appendFile(path, batch);
    size += batchBytes;
  };
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    // Cut before cleaning: an entry carrying a whole response body stays one bounded line.
    const entry = boundText(`${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`, LOG_MAX_LINE_CHARS - 40);
    pending.push(`${new Date().toISOString()} ${level} ${clean(entry)}\n`);
    if (pending.length === 1) queue = queue.then(appendPending).catch(() => undefined);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    flush: () => queue,
  };
}

/** Sends process warnings to the log instead of stderr for as long as the TUI is up. */
export function routeProcessWarnings(log: Logger): () => void {
  const previous = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (warning: Error) => {
    if (!isLibraryDeprecation(warning)) log.warn(`${warning.name}: ${warning.message}`);
  };
  process.on('warning', onWarning);
  return () => {
    process.off('warning', onWarning);
    for (const listener of previous) process.on('warning', listener);
  };
}
