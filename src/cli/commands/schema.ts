import type { Command } from 'commander';
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
    .action(async (options: { scenario?: boolean }) => {
      // Loaded by this command alone: building a JSON Schema from the zod schemas is not a start-up's work.
      if (options.scenario) {
        const { scenarioJsonSchemaText } = await import('../../sandbox/scenarioJsonSchema');
        process.stdout.write(scenarioJsonSchemaText());
        return;
      }
      const [{ runbookJsonSchemaText }, { builtinPlugins }] = await Promise.all([import('../../runbook/jsonSchema'), import('../../../plugins/index')]);
      process.stdout.write(runbookJsonSchemaText(builtinPlugins));
    });
}
