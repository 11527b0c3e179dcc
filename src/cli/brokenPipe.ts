/** What a process killed by SIGPIPE reports to its shell (128 + 13); Node ignores SIGPIPE, so it is said by hand. */
export const BROKEN_PIPE_EXIT = 141;

/**
 * A closed terminal fails writes with these: that is a hang-up, which arrives as SIGHUP too and is
 * handled there (signals.ts closes the session and releases the incident's lock first), never a crash.
 */
const TERMINAL_GONE = new Set(['EIO', 'ENXIO']);

/**
 * The reader of stdout went away (`cockpit export … | head -1`): the rest of the output has
 * nowhere to go, and that is the reader's choice, not a failure to explain. Like `cat` or `git
 * log` in a pipe, the command stops quietly, with no stack trace, and exits 141 so a script with
 * `pipefail` still sees that the output was cut. The command is left to finish its cleanup (a
 * drill closes its session): only its exit code is decided here, and later writes are dropped.
 * Any other error on the stream is passed on.
 */
export function quietOnBrokenPipe(stream: NodeJS.WriteStream, onOther: (error: unknown) => void): void {
  let broken = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || (broken && error.code === 'ERR_STREAM_DESTROYED')) {
      if (!broken) process.once('exit', () => (process.exitCode = BROKEN_PIPE_EXIT));
      broken = true;
      return;
    }
    if (error.code !== undefined && TERMINAL_GONE.has(error.code)) return;
    onOther(error);
  });
}
