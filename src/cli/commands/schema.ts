import type { Command } from 'commander';
import { runbookJsonSchemaText } from '../../runbook/jsonSchema';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the runbook JSON Schema (for editors: # yaml-language-server: $schema=...)')
    .action(() => {
      process.stdout.write(runbookJsonSchemaText());
    });
}
