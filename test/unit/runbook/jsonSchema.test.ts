import { readFile } from 'node:fs/promises';
import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import { builtinPlugins } from '../../../plugins/index';
import { definePlugin } from '../../../src/plugins/contract';
import { runbookJsonSchema, SCHEMA_ID } from '../../../src/runbook/jsonSchema';

type Schema = { properties?: Record<string, Schema>; description?: string; additionalProperties?: unknown; allOf?: Schema[]; if?: Schema; then?: { $ref: string }; const?: unknown; required?: string[] };

const providerSection = (schema: Record<string, unknown>) => (schema.properties as Record<string, Schema>).providers!.additionalProperties as Schema;
const defs = (schema: Record<string, unknown>) => schema.$defs as Record<string, Schema>;

/** The settings schema a provider section gets once `plugin: NAME` is chosen. */
function settingsFor(schema: Record<string, unknown>, name: string): Schema | undefined {
  const chosen = providerSection(schema).allOf?.find((c) => c.if?.properties?.plugin?.const === name);
  return chosen?.then ? defs(schema)[chosen.then.$ref.replace('#/$defs/', '')] : undefined;
}

describe('the runbook JSON Schema', () => {
  it('has a stable $id', () => {
    expect(runbookJsonSchema(builtinPlugins).$id).toBe('https://incident-cockpit.dev/schema/runbook-v1.json');
    expect(SCHEMA_ID).toBe('https://incident-cockpit.dev/schema/runbook-v1.json');
  });

  it("checks each provider section against its plugin's own settings, every field described", () => {
    const schema = runbookJsonSchema(builtinPlugins);
    for (const plugin of builtinPlugins) {
      const settings = settingsFor(schema, plugin.name);
      expect(settings, plugin.name).toBeDefined();
      expect(settings!.additionalProperties, plugin.name).toBe(false);
      for (const [key, field] of Object.entries(settings!.properties ?? {})) expect(field.description, `${plugin.name}.${key}`).toMatch(/\w/);
    }
    expect(Object.keys(settingsFor(schema, 'ecs')!.properties!)).toEqual(expect.arrayContaining(['plugin', 'drill_target', 'cluster', 'service', 'region']));
    expect(settingsFor(schema, 'ecs')!.required).toEqual(expect.arrayContaining(['cluster', 'service']));
    expect(Object.keys(settingsFor(schema, 'prometheus')!.properties!)).toEqual(expect.arrayContaining(['url', 'headers', 'bearer', 'timeout']));
    expect(Object.keys(settingsFor(schema, 'flagd')!.properties!)).toEqual(expect.arrayContaining(['file']));
  });

  it('an independent validator (@cfworker/json-schema, as an editor would) accepts the example runbooks and rejects a misspelt plugin setting', async () => {
    const validator = new Validator(runbookJsonSchema(builtinPlugins) as never, '2020-12', false);
    const runbook = parse(await readFile('runbooks/checkout-api.yaml', 'utf8')) as { providers: Record<string, Record<string, unknown>> };
    expect(validator.validate(runbook).valid).toBe(true);
    const deploys = runbook.providers.deploys!;
    const { cluster, ...rest } = deploys;
    runbook.providers.deploys = { ...rest, clustr: cluster };
    const errors = validator.validate(runbook).errors.map((e) => `${e.instanceLocation}: ${e.error}`);
    expect(errors.join('\n')).toMatch(/#\/providers\/deploys.*(cluster|clustr)/);
  });

  it('covers whatever plugins it is given, a third-party one included', () => {
    const statuspage = definePlugin({
      name: 'statuspage',
      description: 'post incident updates',
      config: z.strictObject({ page_id: z.string().describe('the status page') }),
      capabilities: [],
      actions: {},
      create: () => ({}),
    });
    const schema = runbookJsonSchema([...builtinPlugins, statuspage]);
    expect(settingsFor(schema, 'statuspage')).toMatchObject({ description: 'post incident updates', properties: { page_id: { type: 'string', description: 'the status page' } }, required: ['page_id'] });
  });
});
