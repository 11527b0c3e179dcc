import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerOpen(program: Command): void {
  notYetAvailable(
    program
      .command('open')
      .description('open the cockpit for a runbook (the incident TUI); --incident resumes one')
      .argument('<runbook>', 'runbook YAML file')
      .option('--env <name>', 'environment whose provider overrides to use')
      .option('--drill', 'rehearsal against real (staging) providers, marked as a drill everywhere')
      .option('--incident <id>', 'resume an existing incident'),
    'the terminal UI issue',
  );
}
