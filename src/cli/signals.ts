import { constants } from 'node:os';
import { exitProcess } from '../plugins/pluginCalls';

/** The signals that end a cockpit from outside: `kill` (SIGTERM) and a closed terminal (SIGHUP). */
const ENDING_SIGNALS = ['SIGTERM', 'SIGHUP'] as const;
/** How long closing may take before the process exits anyway (the session's own grace is ~2 s). */
const CLOSE_LIMIT_MS = 5_000;
const TERMINAL_GONE = new Set(['EIO', 'EPIPE', 'ENXIO']);

/**
 * Installs SIGTERM and SIGHUP handlers for a command that holds an incident: on the first one,
 * `close` runs (the terminal restored, the timeline flushed, the lock released, running actions
 * cancelled, so their process groups get SIGTERM), then the process exits with 128 + the
 * signal's number. Command children still alive then are killed by `exec`'s exit hook. A `close`
 * that takes too long is cut short. Returns the uninstaller.
 *
 * A repeated signal does not cut closing short: `when-exit` (under conf's settings store)
 * re-sends every signal it sees to this process, so a second one arrives at once, from within.
 *
 * Without these, Node's default action ends the process on the spot: no `exit` hook runs, so a
 * `command.run` child outlives the cockpit and the incident's lock names a dead process.
 */
export function closeOnSignals(close: (signal: NodeJS.Signals) => Promise<void>): () => void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (constants.signals[signal] ?? 0);
    if (closing) return;
    closing = true;
    setTimeout(() => exitProcess(code), CLOSE_LIMIT_MS);
    close(signal).then(
      () => exitProcess(code),
      () => exitProcess(code),
    );
  };
  // A closed terminal fails reads and writes on it (EIO, EPIPE), Ink's restoring ones included,
  // sometimes before its SIGHUP arrives: that is a closed terminal too, not a crash.
  const onStreamError = (error: NodeJS.ErrnoException) => {
    if (closing) return;
    if (error.code !== undefined && TERMINAL_GONE.has(error.code)) return onSignal('SIGHUP');
    throw error;
  };
  const streams = [process.stdin, process.stdout, process.stderr];
  for (const signal of ENDING_SIGNALS) process.on(signal, onSignal);
  for (const stream of streams) stream.on('error', onStreamError);
  return () => {
    for (const signal of ENDING_SIGNALS) process.off(signal, onSignal);
    for (const stream of streams) stream.off('error', onStreamError);
  };
}

/** What a signal's close is said as, where it cut an action short: SIGTERM and SIGHUP read "the responder quit". */
export const stoppedBy = (signal: NodeJS.Signals): string => `the cockpit was stopped by ${signal}`;
