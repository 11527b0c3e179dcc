/**
 * Why the full-screen cockpit cannot be drawn here, or undefined when it can. A dumb terminal
 * (TERM=dumb: an editor's shell buffer, a serial console, some CI runners) cannot position the
 * cursor, so the TUI would be garbage; a pipe is no terminal at all. Both are pointed at the
 * command that works there.
 */
export function tuiRefusal(
  command: 'open' | 'drill',
  env: Readonly<Record<string, string | undefined>>,
  streams: { readonly stdinTTY: boolean; readonly stdoutTTY: boolean },
): string | undefined {
  if (env.TERM === 'dumb') {
    const instead = command === 'open' ? 'for a one-shot snapshot use `cockpit status <runbook>`' : 'use --autopilot, or `cockpit status <runbook>` for a snapshot';
    return `cockpit ${command}: TERM=dumb cannot draw the full-screen cockpit; ${instead}`;
  }
  if (!streams.stdinTTY || !streams.stdoutTTY) {
    const instead = command === 'open' ? 'for a snapshot with stdout piped use `cockpit status`.' : 'without one use --autopilot.';
    return `cockpit ${command} draws a terminal UI and needs a terminal; ${instead}`;
  }
  return undefined;
}

export function processStreams(): { readonly stdinTTY: boolean; readonly stdoutTTY: boolean } {
  return { stdinTTY: process.stdin.isTTY === true, stdoutTTY: process.stdout.isTTY === true };
}
