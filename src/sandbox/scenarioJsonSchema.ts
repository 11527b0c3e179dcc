import * as z from 'zod';
import { scenarioSchema } from './scenarioSchema';

export const SCENARIO_SCHEMA_ID = 'https://incident-cockpit.dev/schema/scenario-v1.json';

/** The drill scenario JSON Schema, derived from the zod schema `cockpit lint` and `cockpit drill` check scenarios with. */
export function scenarioJsonSchema(): Record<string, unknown> {
  // `input`: editors check what people write (`at: -3h`), before the schema turns it into numbers.
  return { ...z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }), $id: SCENARIO_SCHEMA_ID, title: 'incident-cockpit drill scenario' };
}

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
