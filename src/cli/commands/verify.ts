import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerVerify(program: Command): void {
  notYetAvailable(
    program
      .command('verify')
      .description("check an incident timeline's hash chain and sequence (exit 0 intact, 1 broken)")
      .argument('<incident-id>', 'incident id (see cockpit incidents)'),
    'the timeline issue',
  );
}
