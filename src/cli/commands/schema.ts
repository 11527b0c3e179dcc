import type { Command } from 'commander';
import { builtinPlugins } from '../../../plugins/index';
import { runbookJsonSchemaText } from '../../runbook/jsonSchema';
import { scenarioJsonSchemaText } from '../../sandbox/scenarioJsonSchema';
import { helpFooter } from '../helpText';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the runbook JSON Schema, or with --scenario the drill scenario one (for editors: # yaml-language-server: $schema=...)')
    .option('--scenario', 'the drill scenario format instead of the runbook format')
    .addHelpText(
      'after',
      helpFooter({
        examples: ['cockpit schema > runbook.schema.json   # then: # yaml-language-server: $schema=./runbook.schema.json', 'cockpit schema --scenario > scenario.schema.json'],
        exitCodes: '0.',
      }),
    )
    .action((options: { scenario?: boolean }) => {
      process.stdout.write(options.scenario ? scenarioJsonSchemaText() : runbookJsonSchemaText(builtinPlugins));
    });
}
