/**
 * The AWS SDK calls `process.emitWarning` once per process (a NodeVersionSupportWarning on Node
 * 20) while a client is constructed. Node prints warnings to stderr, which would tear through
 * Ink's screen, so the construction runs with `emitWarning` routed: the SDK's support warnings go
 * to the cockpit's log and anything else keeps Node's own behaviour. They are logged as info, not
 * warnings: nothing a responder can act on mid-incident, and commands without a TUI (`status`)
 * print warnings on stderr (info only with COCKPIT_DEBUG).
 */
import { firstLine } from '../../src/core/errorText';
import type { Logger } from '../../src/plugins/contract';

const SDK_WARNING = /^NodeVersionSupportWarning\b/;

export function withSdkWarningsLogged<T>(log: Logger, construct: () => T): T {
  const original = process.emitWarning;
  const routed = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (SDK_WARNING.test(text)) {
      log.info(`AWS SDK: ${firstLine(text)}`, { warning: text });
      return;
    }
    (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  process.emitWarning = routed as typeof process.emitWarning;
  try {
    return construct();
  } finally {
    process.emitWarning = original;
  }
}
