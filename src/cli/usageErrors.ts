import type { Command } from 'commander';

/**
 * Commander's own usage messages (unknown option, missing argument, bad value), each as one
 * line naming the command and where to look: `cockpit status: unknown option '--jsn' (Did you
 * mean --json?) — see cockpit status --help`. Commander splits a suggestion onto a line of its
 * own and prints its help hint on another; a script reading stderr gets one line per failure.
 */
export function oneLineUsageErrors(command: Command, path: readonly string[] = []): void {
  const names = [...path, command.name()];
  const shown = names.join(' ');
  command.configureOutput({
    outputError: (text, write) => {
      const message = text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      write(`${shown}: ${message} — see ${shown} --help\n`);
    },
  });
  for (const sub of command.commands) oneLineUsageErrors(sub, names);
}

/** `--no-color` on every command, so a script can pass it everywhere; only the TUI draws colour. */
export function noColorEverywhere(program: Command): void {
  for (const command of program.commands) {
    if (!command.options.some((option) => option.long === '--no-color')) command.option('--no-color', 'no colours (accepted everywhere; this command prints none)');
  }
}
