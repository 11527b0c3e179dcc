import type { Command } from 'commander';
import { registerCompletion } from './completion';
import { registerDrill } from './drill';
import { registerExport } from './export';
import { registerIncidents } from './incidents';
import { registerLint } from './lint';
import { registerOpen } from './open';
import { registerSchema } from './schema';
import { registerStatus } from './status';
import { registerStore } from './store';
import { registerVerify } from './verify';

export function registerCommands(program: Command): void {
  registerOpen(program);
  registerDrill(program);
  registerLint(program);
  registerSchema(program);
  registerStatus(program);
  registerIncidents(program);
  registerExport(program);
  registerVerify(program);
  registerStore(program);
  registerCompletion(program);
}
