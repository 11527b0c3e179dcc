import * as z from 'zod';
import { CAPABILITIES, type PluginDescription } from './contract';
import { firstLine, issueText, thrownMessage } from '../core/errorText';

/**
 * A plugin's static manifest: what lint knows of a third-party plugin without importing it.
 * The config and action parameters are JSON Schemas, turned into validators here; a plugin
 * loaded with --trust-plugins is described the same way (src/plugins/probe.ts derives its
 * manifest), so lint checks every third-party plugin through this one path.
 */

/** Bigger manifests are refused unread: a description of settings is a few KB. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

const jsonSchema = z.union([z.boolean(), z.record(z.string(), z.unknown())]);

export const manifestShape = z.object({
  cockpitPlugin: z.literal(1, { error: 'cockpitPlugin must be 1 (the manifest format version)' }),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'name must be lower-case letters, digits and "-"' }),
  description: z.string().max(500),
  capabilities: z.array(z.enum(CAPABILITIES)),
  config: jsonSchema,
  actions: z.record(
    z.string().regex(/^[A-Za-z0-9_-]+$/),
    z.object({ description: z.string().max(500), mutating: z.boolean(), dangerous: z.boolean(), params: jsonSchema }),
  ),
});
export type PluginManifest = z.output<typeof manifestShape>;

export type Described = { readonly ok: true; readonly description: PluginDescription } | { readonly ok: false; readonly message: string };

/** A parsed manifest (JSON value) as a plugin description, or why it is not one. */
export function describeFromManifest(value: unknown): Described {
  const checked = manifestShape.safeParse(value);
  if (!checked.success) {
    return { ok: false, message: issueText(checked.error.issues[0]!) };
  }
  const manifest = checked.data;
  try {
    const actions = Object.fromEntries(
      Object.entries(manifest.actions).map(([verb, action]) => [verb, { ...action, params: fromSchema(action.params) }]),
    );
    return { ok: true, description: { ...manifest, config: fromSchema(manifest.config), actions } };
  } catch (error) {
    return { ok: false, message: `a schema in it cannot be used: ${firstLine(thrownMessage(error))}` };
  }
}

function fromSchema(schema: boolean | Record<string, unknown>): z.ZodType {
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]) as z.ZodType;
}
