import { format } from 'node:util';

/** Where console output goes: the cockpit's log (a plugins Logger, structurally: the UI reaches providers only through the session). */
export interface ConsoleLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

type ConsoleMethod = 'log' | 'info' | 'debug' | 'warn' | 'error' | 'trace';
const TO_INFO: readonly ConsoleMethod[] = ['log', 'info', 'debug'];
const TO_WARN: readonly ConsoleMethod[] = ['warn', 'error', 'trace'];

/**
 * While the TUI is up, `console` writes to the cockpit's log (redacted there, its escapes kept off the terminal) rather
 * than over the frame: a plugin's `console.error('\x1b]2;…')` retitled the responder's terminal, and its
 * `console.log('… token=…')` printed the token in clear beside a timeline that redacted it. Returns the restorer.
 */
export function consoleToLog(log: ConsoleLog): () => void {
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of [...TO_INFO, ...TO_WARN]) {
    saved.set(method, console[method]);
    const level = TO_WARN.includes(method) ? 'warn' : 'info';
    console[method] = (...args: unknown[]) => log[level]('console output while the cockpit was on screen', { stream: method, text: format(...args) });
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}
