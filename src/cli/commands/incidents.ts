import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerIncidents(program: Command): void {
  notYetAvailable(
    program
      .command('incidents')
      .description('list stored incidents (id, service, opened, state, drill or not)')
      .option('--json', 'machine-readable output'),
    'the timeline issue',
  );
}
