import type { Command } from 'commander';
import { notYetAvailable } from '../notYet';

export function registerSchema(program: Command): void {
  notYetAvailable(program.command('schema'), 'in progress');
}
