import * as z from 'zod';
import type { ValuePath } from './positions';
import { providerSection, runbookSchema, runSpec } from './schema';

/**
 * What the cross-checks read, salvaged from a runbook that may be invalid elsewhere, so lint
 * reports every problem in one pass. Each item keeps only the fields the cross-checks need and
 * drops a field that is itself invalid (the schema reports that one). Lists keep their original
 * indices (an item with no usable fields becomes a hole, which array methods skip), so
 * positions stay right.
 */
const looseStep = z.looseObject({
  id: z.string().optional().catch(undefined),
  run: runSpec.optional().catch(undefined),
  verify: z.looseObject({ slo: z.string() }).optional().catch(undefined),
  reverses: z.string().optional().catch(undefined),
});
const looseSlo = z.looseObject({ name: z.string(), error_ratio: z.string().optional().catch(undefined) });
const looseTrigger = z.looseObject({ slo: z.string(), long: z.string().optional().catch(undefined), short: z.string().optional().catch(undefined) });

export type SalvagedStep = z.output<typeof looseStep>;

export interface CrossCheckInput {
  readonly providers: Record<string, z.output<typeof providerSection>>;
  readonly environments?: z.output<typeof runbookSchema.shape.environments>;
  readonly vars?: z.output<typeof runbookSchema.shape.vars>;
  readonly slos: readonly z.output<typeof looseSlo>[];
  readonly triggers: readonly z.output<typeof looseTrigger>[];
  readonly first_actions: readonly SalvagedStep[];
  readonly recovery: readonly SalvagedStep[];
}

const shape = runbookSchema.shape;

export function salvage(value: Record<string, unknown>): CrossCheckInput {
  const providers = Object.fromEntries(
    Object.entries(isRecord(value.providers) ? value.providers : {}).flatMap(([key, section]) => {
      const parsed = providerSection.safeParse(section);
      return parsed.success ? [[key, parsed.data]] : [];
    }),
  );
  return {
    providers,
    environments: whole(shape.environments, value.environments),
    vars: whole(shape.vars, value.vars),
    slos: items(looseSlo, value.slos),
    triggers: isRecord(value.rollback) ? items(looseTrigger, value.rollback.triggers) : [],
    first_actions: items(looseStep, value.first_actions),
    recovery: items(looseStep, value.recovery),
  };
}

/** Every step with its path, first actions then recovery. */
export function allSteps(runbook: CrossCheckInput): { step: SalvagedStep; path: ValuePath }[] {
  // flatMap skips the holes of salvaged lists (a spread of map() would make them undefined).
  return [
    ...runbook.first_actions.flatMap((step, index) => [{ step, path: ['first_actions', index] }]),
    ...runbook.recovery.flatMap((step, index) => [{ step, path: ['recovery', index] }]),
  ];
}

function items<S extends z.ZodType>(schema: S, list: unknown): z.output<S>[] {
  const out: z.output<S>[] = [];
  if (!Array.isArray(list)) return out;
  list.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) out[index] = parsed.data;
  });
  return out;
}

function whole<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | undefined {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
