// Regenerates the checked-in JSON Schemas; a test fails when a copy is out of date.
import { writeFileSync } from 'node:fs';
import { runbookJsonSchemaText } from '../src/runbook/jsonSchema';
import { scenarioJsonSchemaText } from '../src/sandbox/scenarioJsonSchema';
import { builtinPlugins } from '../plugins/index';

writeFileSync(new URL('../runbooks/runbook.schema.json', import.meta.url), runbookJsonSchemaText(builtinPlugins));
writeFileSync(new URL('../runbooks/scenario.schema.json', import.meta.url), scenarioJsonSchemaText());
