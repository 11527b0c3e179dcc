/**
 * The terminal as it was before the TUI took it: raw mode off, a synchronized update ended, the cursor shown, the
 * alternate screen left. Said before a crash's one line: a plugin's timer throwing under the TUI left a frozen frame
 * on the alternate screen, the error written inside it, and a shell there after `EXIT=70`.
 */
const RESTORE = '\u001B[?2026l\u001B[?25h\u001B[?1049l';

export function restoreTerminal(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): void {
  if (stdin.isTTY) stdin.setRawMode?.(false);
  if (!stdout.isTTY) return;
  stdout.write(RESTORE);
  // Nothing more on the terminal but the crash's line: Ink, unmounted as the process exits, erased it with a last frame.
  stdout.write = (() => true) as typeof stdout.write;
}
