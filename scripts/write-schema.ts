// Regenerates the checked-in JSON Schemas; a test fails when a copy is out of date.
import { writeFileSync } from 'node:fs';
import { runbookJsonSchemaText } from '../src/runbook/jsonSchema';
import { scenarioJsonSchemaText } from '../src/sandbox/scenarioJsonSchema';

writeFileSync(new URL('../runbooks/runbook.schema.json', import.meta.url), runbookJsonSchemaText());
writeFileSync(new URL('../runbooks/scenario.schema.json', import.meta.url), scenarioJsonSchemaText());
