import type { Command } from 'commander';
import { EXIT } from './exit';

/**
 * A command of DESIGN's table that a later issue builds: it parses its arguments (so --help is
 * real) and then says plainly that it is not available yet, with exit 2. It never pretends.
 */
export function notYetAvailable(command: Command, issue: string): Command {
  return command.action(() => {
    process.stderr.write(`cockpit ${command.name()}: not available yet (${issue}).\n`);
    process.exitCode = EXIT.usage;
  });
}
