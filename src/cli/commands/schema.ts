import type { Command } from 'commander';
import { builtinPlugins } from '../../../plugins/index';
import { runbookJsonSchemaText } from '../../runbook/jsonSchema';
import { helpFooter } from '../helpText';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the runbook JSON Schema (for editors: # yaml-language-server: $schema=...)')
    .addHelpText('after', helpFooter({ examples: ['cockpit schema > runbook.schema.json   # then: # yaml-language-server: $schema=./runbook.schema.json'], exitCodes: '0.' }))
    .action(() => {
      process.stdout.write(runbookJsonSchemaText(builtinPlugins));
    });
}
