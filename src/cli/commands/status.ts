import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerStatus(program: Command): void {
  notYetAvailable(
    program
      .command('status')
      .description('one-shot snapshot: deploys, flags, SLO burn, fired triggers (exit 3 if a provider failed)')
      .argument('<runbook>', 'runbook YAML file')
      .option('--env <name>', 'environment whose provider overrides to use')
      .option('--json', 'machine-readable output'),
    'the provider plugins issue',
  );
}
