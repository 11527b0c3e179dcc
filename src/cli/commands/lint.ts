import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerLint(program: Command): void {
  notYetAvailable(program.command('lint').argument('<paths...>'), 'in progress');
}
