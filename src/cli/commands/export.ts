import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerExport(program: Command): void {
  notYetAvailable(
    program
      .command('export')
      .description('export an incident as a Markdown postmortem or versioned JSON')
      .argument('<incident-id>', 'incident id (see cockpit incidents)')
      .requiredOption('--format <md|json>', 'md (postmortem) or json')
      .option('-o, --output <file>', 'write to a file instead of stdout'),
    'the timeline issue',
  );
}
