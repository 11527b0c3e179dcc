import * as z from 'zod';
import { DURATION_BOUNDS, DURATION_HINT, DURATION_RE, durationProblem, type DurationBound } from '../core/duration';
import { SEVERITIES } from '../core/runbookModel';

export { SEVERITIES } from '../core/runbookModel';
export type { ProviderSection, Runbook, RunbookStep, RunSpec, Severity, SloSpec, TriggerSpec, VerifySpec } from '../core/runbookModel';

/**
 * The runbook format v1. This one zod schema is the validator and (through zod's JSON Schema
 * output) the schema editors use. The TypeScript types are the domain's, in
 * src/core/runbookModel.ts: the schema's output must be exactly them, which
 * test/unit/runbook/schemaTypes.test.ts checks at compile time, so the three cannot drift.
 */

const duration = z
  .string({ error: `expected ${DURATION_HINT}` })
  .regex(DURATION_RE, { error: (issue) => `bad duration ${JSON.stringify(issue.input)}: expected ${DURATION_HINT}` })
  .meta({ description: DURATION_HINT, examples: ['30s', '5m', '1h', '30d'] });

/** A duration within what its use allows (a timer cannot hold more than 24.8 days). */
const durationWithin = (bound: DurationBound) =>
  duration.refine((text) => durationProblem(text, bound) === undefined, { error: (issue) => durationProblem(String(issue.input), bound) });

/** A service's id is part of its incidents' directory names (255 bytes at most): one of 300 letters failed `drill` with ENAMETOOLONG after a clean lint. */
const ID_MAX = 100;

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'ids are lower-case letters, digits, "-" and "_"' })
  .max(ID_MAX, { error: `ids are at most ${ID_MAX} characters (a service's is part of its incidents' directory names)` });

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

export const severity = z.enum(SEVERITIES, { error: (issue) => `bad severity ${JSON.stringify(issue.input)}: expected one of ${SEVERITIES.join(', ')}` });

/** A provider section: which plugin, plus that plugin's own settings (checked by the plugin's schema). */
export const providerSection = z
  .object({
    plugin: nonEmpty.meta({ description: 'plugin name: ecs, flagd, prometheus, command, or a third-party plugin' }),
    drill_target: z
      .boolean()
      .optional()
      .meta({ description: 'this provider points at a rehearsal target (staging): `open --drill` may run mutating actions against it' }),
  })
  .catchall(z.unknown());

/** Keys of a provider section that belong to the cockpit, not to the plugin's own settings. */
export const COCKPIT_PROVIDER_KEYS = ['plugin', 'drill_target'] as const;

/** The plugin's own settings of a provider section. */
export function pluginSettings(section: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(section).filter(([key]) => !(COCKPIT_PROVIDER_KEYS as readonly string[]).includes(key)));
}

/** `run:` names `<provider>.<action>`; the remaining keys are that action's parameters. */
export const runSpec = z
  .object({ action: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: 'action must be written provider.action, e.g. deploys.rollback' }) })
  .catchall(z.unknown());

export const verifySpec = z.strictObject({
  slo: nonEmpty,
  burn_below: z.number().positive(),
  for: durationWithin(DURATION_BOUNDS.verify),
});

export const step = z.strictObject({
  id,
  title: nonEmpty,
  hint: z.string().optional(),
  run: runSpec.optional(),
  confirm: z.boolean().optional().meta({ description: 'ask for confirmation even when the action is not marked dangerous' }),
  verify: verifySpec.optional(),
  reverses: id
    .optional()
    .meta({ description: 'the id of an earlier step this one takes back (resume what a step paused): once a mitigation was made it is next if that step was done, never passed over; passed over if it was not' }),
});

export const slo = z.strictObject({
  name: id,
  description: z.string().optional(),
  objective: z
    .number()
    .gt(0, { error: (issue) => `must be a percentage strictly between 0 and 100, got ${String(issue.input)}` })
    .lt(100, { error: (issue) => `must be a percentage strictly between 0 and 100, got ${String(issue.input)}` }),
  period: durationWithin(DURATION_BOUNDS.period).default('30d'),
  error_ratio: nonEmpty.meta({ description: 'PromQL giving the error ratio (0..1); $window is replaced by the window (5m, 1h, ...)' }),
});

export const trigger = z.strictObject({
  slo: nonEmpty,
  burn_rate: z.number().positive(),
  long: durationWithin(DURATION_BOUNDS.window),
  short: durationWithin(DURATION_BOUNDS.window),
});

export const runbookSchema = z
  .strictObject({
    version: z.literal(1, { error: 'version must be 1' }),
    service: id,
    owner: nonEmpty,
    severity,
    description: z.string().optional(),
    escalation: z.array(nonEmpty).optional(),
    links: z.record(z.string(), z.string()).optional(),
    vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
    secrets: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'secrets lists environment variable names: letters, digits and "_"' }))
      .optional()
      .meta({
        description:
          'environment variables whose values are secrets (redacted whole wherever the cockpit writes or draws), besides ${NAME} uses whose name looks like a credential (TOKEN, SECRET, PASSWORD, KEY, ...); a secret must be at least 8 characters',
      }),
    plugins: z.array(nonEmpty).optional().meta({ description: 'third-party plugins: paths (relative to the runbook) or package names' }),
    environments: z.record(id, z.record(z.string(), z.record(z.string(), z.unknown()))).optional(),
    providers: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), providerSection).default({}),
    slos: z.array(slo).default([]),
    rollback: z
      .strictObject({
        target: z.string().default('previous').meta({ description: '"previous" (one revision back) or an explicit revision' }),
        triggers: z.array(trigger).default([]),
      })
      .optional(),
    first_actions: z.array(step).min(1, { error: 'a runbook needs at least one first action' }),
    recovery: z.array(step).default([]),
    communication: z
      .strictObject({
        channel: nonEmpty,
        status_page_after: durationWithin(DURATION_BOUNDS.reminder).optional(),
      })
      .optional(),
  })
  .meta({ title: 'incident-cockpit runbook v1' });
