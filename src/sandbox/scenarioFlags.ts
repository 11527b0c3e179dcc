/**
 * The scenario's flags as a flagd flag definition file (what the drill writes for the real
 * `flagd` plugin), and that file read back as the traffic model's flag state.
 */
import * as z from 'zod';
import type { Scenario } from './scenarioSchema';

export const FLAGD_SCHEMA_URL = 'https://flagd.dev/schema/v0/flags.json';

export interface FlagdFile {
  readonly $schema: string;
  readonly flags: Record<
    string,
    {
      readonly state: 'ENABLED' | 'DISABLED';
      readonly variants: Readonly<Record<string, unknown>>;
      readonly defaultVariant: string;
      readonly metadata?: { readonly changedAt: string; readonly changedBy: string };
    }
  >;
}

/** A toggle the scenario records is written as the flag's `metadata.changedAt`/`changedBy`, as flag tooling does. */
export function scenarioFlagFile(scenario: Scenario): FlagdFile {
  return {
    $schema: FLAGD_SCHEMA_URL,
    flags: Object.fromEntries(
      Object.entries(scenario.flags).map(([key, flag]) => [
        key,
        {
          state: flag.state,
          variants: flag.variants,
          defaultVariant: flag.default_variant,
          ...(flag.changed ? { metadata: { changedAt: new Date(scenario.start + flag.changed.at).toISOString(), changedBy: flag.changed.by } } : {}),
        },
      ]),
    ),
  };
}

const flagFile = z.object({
  flags: z.record(z.string(), z.object({ state: z.enum(['ENABLED', 'DISABLED']), defaultVariant: z.string().nullable().optional() })),
});

/**
 * Per flag key, the variant it evaluates to or `DISABLED` (a flag without a default variant
 * evaluates to nothing, which no failure names: recorded as DISABLED too). `undefined` when the
 * content is not a flag file; the drill then keeps the state it had.
 */
export function flagStateFromFile(content: unknown): Record<string, string> | undefined {
  const parsed = flagFile.safeParse(content);
  if (!parsed.success) return undefined;
  return Object.fromEntries(
    Object.entries(parsed.data.flags).map(([key, flag]) => [key, flag.state === 'ENABLED' && flag.defaultVariant ? flag.defaultVariant : 'DISABLED']),
  );
}
