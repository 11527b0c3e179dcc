/** The commands (src/cli/commands) whose starts keep a code cache of their own. */
export const CACHED_COMMANDS: readonly string[] = ['open', 'drill', 'lint', 'schema', 'status', 'incidents', 'export', 'verify', 'store', 'completion'];

/**
 * Which code cache a start reads and writes: one per command, and an autopilot drill's apart from
 * an interactive one's (which holds the TUI). V8 deserializes a whole cache at start-up: with one
 * cache for all, the one an interactive drill saved (2.8 MB) cost every `cockpit --version` after
 * it ~33 ms of CPU more than its own (0.9 MB), 40 starts each, interleaved 3x.
 */
export function cacheProfile(args: readonly string[]): string {
  const command = args.find((arg) => !arg.startsWith('-'));
  if (command === undefined || !CACHED_COMMANDS.includes(command)) return 'other';
  return command === 'drill' && args.includes('--autopilot') ? 'drill-autopilot' : command;
}
