// Regenerates runbooks/runbook.schema.json; a test fails when the checked-in copy is out of date.
import { writeFileSync } from 'node:fs';
import { runbookJsonSchemaText } from '../src/runbook/jsonSchema';

writeFileSync(new URL('../runbooks/runbook.schema.json', import.meta.url), runbookJsonSchemaText());
