import { createCleaner } from '../core/displayText';
import { createRedactor } from '../core/redact';
import { createSecretMatcher } from '../core/secretMatcher';
import type { Logger } from '../plugins/contract';

/**
 * For commands without a TUI: warnings go to stderr (redacted), debug lines only with
 * COCKPIT_DEBUG set. A TUI must never write to stderr while Ink draws; it logs to a file instead.
 */
export function stderrLogger(secrets: readonly string[], env: NodeJS.ProcessEnv = process.env): Logger {
  const matcher = createSecretMatcher(secrets);
  const clean = createCleaner(matcher);
  const redactFields = createRedactor(matcher);
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    process.stderr.write(`${level}: ${clean(message)}${fields ? ` ${JSON.stringify(redactFields(clean(fields)))}` : ''}\n`);
  const debug = env.COCKPIT_DEBUG !== undefined && env.COCKPIT_DEBUG !== '';
  return {
    debug: (message, fields) => {
      if (debug) write('debug', message, fields);
    },
    info: (message, fields) => {
      if (debug) write('info', message, fields);
    },
    warn: (message, fields) => write('warning', message, fields),
  };
}
