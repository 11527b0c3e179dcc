import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createCleaner } from '../core/displayText';
import { createRedactor } from '../core/redact';
import { createSecretMatcher } from '../core/secretMatcher';
import type { Logger } from '../plugins/contract';

/**
 * While Ink draws, nothing may write to the terminal: the cockpit's own log (and Node's process
 * warnings, such as the AWS SDK's) goes to a file, redacted, one line per entry.
 */
export function fileLogger(path: string, secrets: readonly string[]): Logger & { flush(): Promise<void> } {
  const matcher = createSecretMatcher(secrets);
  const clean = createCleaner(matcher);
  const redactFields = createRedactor(matcher);
  let queue: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined);
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = `${new Date().toISOString()} ${level} ${clean(message)}${fields ? ` ${JSON.stringify(redactFields(clean(fields)))}` : ''}\n`;
    queue = queue.then(() => appendFile(path, line)).catch(() => undefined);
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
  const onWarning = (warning: Error) => log.warn(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  return () => {
    process.off('warning', onWarning);
    for (const listener of previous) process.on('warning', listener);
  };
}
