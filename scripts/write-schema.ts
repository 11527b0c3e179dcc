// Regenerates runbooks/runbook.schema.json; a test fails when the checked-in copy is out of date.
import { writeFileSync } from 'node:fs';
import { runbookJsonSchemaText } from '../src/runbook/jsonSchema';
import { builtinPlugins } from '../plugins/index';

writeFileSync(new URL('../runbooks/runbook.schema.json', import.meta.url), runbookJsonSchemaText(builtinPlugins));
