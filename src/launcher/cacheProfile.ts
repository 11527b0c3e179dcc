/** The commands (src/cli/commands) whose starts keep a code cache of their own. */
export const CACHED_COMMANDS: readonly string[] = ['open', 'drill', 'lint', 'schema', 'status', 'incidents', 'export', 'verify', 'store', 'completion'];

/**
 * Which code cache a start reads and writes: one per command, and an autopilot drill's apart from
 * an interactive one's (which holds the TUI). V8 deserializes a whole cache at start-up: with one
 * cache for all, the one an interactive drill saved (2.8 MB) cost every `cockpit --version` after
 * it ~33 ms of CPU more than its own (0.9 MB), 40 starts each, interleaved 3x.
 */
export function cacheProfile(args: readonly string[]): string {
  const command = commandOf(args);
  if (command === undefined || !CACHED_COMMANDS.includes(command)) return 'other';
  return command === 'drill' && args.includes('--autopilot') ? 'drill-autopilot' : command;
}

/** The command a command line runs: its first word that is no option. */
export function commandOf(args: readonly string[]): string | undefined {
  return args.find((arg) => !arg.startsWith('-'));
}

/** Options with which `open` and `drill` print (a report, YAML, help) instead of drawing the cockpit. */
const PRINTING_OPTIONS = ['--autopilot', '--init-scenario', '--help', '-h'];

/** Whether this start draws the cockpit in the terminal (`open`, `drill`) rather than print and exit. */
export function drawsTheCockpit(args: readonly string[]): boolean {
  const command = commandOf(args);
  return (command === 'open' || command === 'drill') && !args.some((arg) => PRINTING_OPTIONS.includes(arg.split('=')[0]!));
}
