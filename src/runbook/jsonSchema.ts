import * as z from 'zod';
import { runbookSchema } from './schema';

export const SCHEMA_ID = 'https://incident-cockpit.dev/schema/runbook-v1.json';

/** The runbook JSON Schema, derived from the zod schema that validates runbooks. */
export function runbookJsonSchema(): Record<string, unknown> {
  // `input`: editors check what people write, before defaults are applied.
  return { ...z.toJSONSchema(runbookSchema, { io: 'input', target: 'draft-2020-12' }), $id: SCHEMA_ID };
}

export function runbookJsonSchemaText(): string {
  return `${JSON.stringify(runbookJsonSchema(), null, 2)}\n`;
}
