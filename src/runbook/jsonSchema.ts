import * as z from 'zod';
import type { PluginDescription } from '../plugins/contract';
import { runbookSchema } from './schema';

/** Stable: editors and the checked-in runbooks' modeline refer to it; a new format gets a new id. */
export const SCHEMA_ID = 'https://incident-cockpit.dev/schema/runbook-v1.json';

type JsonSchema = Record<string, unknown>;

// `input`: editors check what people write, before defaults are applied.
const asJsonSchema = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;

/**
 * The runbook JSON Schema, derived from the zod schema that validates runbooks, with each
 * plugin's own settings (from its zod `config` schema) checked in the provider sections that name
 * it: an editor completes and checks `cluster`, `region`, `url`, `file`, … for the plugin chosen.
 */
export function runbookJsonSchema(plugins: readonly PluginDescription[]): JsonSchema {
  const base = asJsonSchema(runbookSchema);
  const properties = base.properties as Record<string, JsonSchema>;
  const section = (properties.providers!.additionalProperties ?? {}) as JsonSchema;
  const cockpitKeys = section.properties as Record<string, JsonSchema>;
  const defs: Record<string, JsonSchema> = {};
  const cases = plugins.map((plugin) => {
    const name = `plugin-${plugin.name}`;
    const { $schema: _, ...settings } = asJsonSchema(plugin.config);
    // The section is the plugin's settings plus the cockpit's own keys (`plugin`, `drill_target`).
    defs[name] = { ...settings, description: plugin.description, properties: { ...cockpitKeys, ...(settings.properties as JsonSchema | undefined) } };
    return { if: { properties: { plugin: { const: plugin.name } }, required: ['plugin'] }, then: { $ref: `#/$defs/${name}` } };
  });
  const providers = { ...properties.providers, additionalProperties: { ...section, required: ['plugin'], allOf: cases } };
  return { ...base, properties: { ...properties, providers }, $defs: { ...(base.$defs as JsonSchema | undefined), ...defs }, $id: SCHEMA_ID };
}

export function runbookJsonSchemaText(plugins: readonly PluginDescription[]): string {
  return `${JSON.stringify(runbookJsonSchema(plugins), null, 2)}\n`;
}
