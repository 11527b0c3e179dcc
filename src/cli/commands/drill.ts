import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerDrill(program: Command): void {
  notYetAvailable(
    program
      .command('drill')
      .description('rehearse a runbook against the built-in sandbox and score the response')
      .argument('<runbook>', 'runbook YAML file')
      .option('--scenario <name-or-file>', 'built-in scenario name or scenario YAML file')
      .option('--speed <n|max>', 'virtual clock speed: a factor, or max for unbounded')
      .option('--autopilot', 'run the runbook steps without a terminal (for CI); exit 0 recovered, 1 not')
      .option('--json', 'print the drill report as JSON'),
    'the drill issue',
  );
}
