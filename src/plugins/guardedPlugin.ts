import * as z from 'zod';
import { firstLine, issueText, thrownMessage } from '../core/errorText';
import { fail, PROVIDER_ERROR_KINDS, type Result } from '../core/result';
import { DEPLOY_STATUSES } from '../core/deploys';
import type { ActionIO, ActionRunner, PluginDefinition, PluginInstance, SafetyVerdict } from './contract';
import { asPluginCall, outsidePluginCall } from './pluginCalls';
import { withinReadLimit } from './readLimit';

/**
 * A third-party plugin's answers, checked at the boundary before anything of the cockpit reads
 * them. The built-ins are typed and tested; a plugin loaded from a path is neither: its `flags.list`
 * answering `[null]` crashed `cockpit open` (exit 70, an incident left open with its lock), one
 * answering something that is not a Result left its panel waiting for ever, and one whose promise
 * never settled let `cockpit status` exit 0 with nothing printed. Each is now the plugin's failure,
 * named as such: its panel shows it, the rest of the cockpit goes on.
 */
export function guardedDefinition(definition: PluginDefinition<unknown>): PluginDefinition<unknown> {
  // Run as a call of the plugin's: what it starts there (a poll loop's timer) is the plugin's too (pluginCalls.ts).
  return { ...definition, create: async (config, ctx) => guardedInstance(definition.name, await asPluginCall(async () => definition.create(config, ctx))) };
}

const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), { error: 'must be an ISO date-time' });
const deploySchema = z.object({
  id: z.string(),
  revision: z.string(),
  artifacts: z.array(z.string()),
  status: z.enum(DEPLOY_STATUSES),
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  actor: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  current: z.boolean(),
  formerRevisions: z.array(z.string()).optional(),
  automaticRollback: z.object({ by: z.string(), reason: z.string() }).optional(),
});
const flagSchema = z.object({
  key: z.string(),
  state: z.enum(['ENABLED', 'DISABLED']),
  variants: z.array(z.string()),
  defaultVariant: z.string().nullable(),
  changedAt: isoTime.optional(),
  changedBy: z.string().optional(),
});
const ratioSchema = z.number().min(0).max(1).nullable();
const instantSchema = z.number().refine(Number.isFinite, { error: 'must be a finite number' }).nullable();
const callSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('api'), operation: z.string().min(1), args: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('argv'), argv: z.array(z.string()).min(1), cwd: z.string().optional(), timeoutMs: z.number().optional() }),
  z.object({ kind: z.literal('file'), path: z.string().min(1), change: z.string() }),
]);
const planSchema = z.object({ action: z.string(), summary: z.string(), calls: z.array(callSchema), facts: z.record(z.string(), z.unknown()), observed: z.record(z.string(), z.string()).optional() });
const outcomeSchema = z.object({ summary: z.string(), details: z.record(z.string(), z.unknown()), completedAt: isoTime.optional() });
const errorSchema = z.object({ kind: z.enum(PROVIDER_ERROR_KINDS), message: z.string(), code: z.string().optional() });
const verdictSchema = z.object({ level: z.enum(['ok', 'typed', 'blocked', 'unsupported']), reasons: z.array(z.string()) }).loose();

function guardedInstance(plugin: string, instance: PluginInstance): PluginInstance {
  const { deploys, flags, slo, actions } = instance;
  const read = <T>(what: string, schema: z.ZodType<T>, call: (signal: AbortSignal) => Promise<unknown>, signal: AbortSignal) => answer(`${plugin} ${what}`, schema, () => withinReadLimit(call, signal));
  return {
    ...(deploys ? { deploys: { list: (signal) => read('deploys.list', z.array(deploySchema), (limited) => deploys.list(limited), signal) } } : {}),
    ...(flags ? { flags: { list: (signal) => read('flags.list', z.array(flagSchema), (limited) => flags.list(limited), signal) } } : {}),
    ...(slo
      ? {
          slo: {
            errorRatio: (query, windowMs, at, signal) => read('slo.errorRatio', ratioSchema, (limited) => slo.errorRatio(query, windowMs, at, limited), signal),
            ...(slo.dataSince ? { dataSince: (query, withinMs, at, signal) => read('slo.dataSince', instantSchema, (limited) => slo.dataSince!(query, withinMs, at, limited), signal) } : {}),
          },
        }
      : {}),
    ...(actions ? { actions: Object.fromEntries(Object.entries(actions).map(([name, runner]) => [name, guardedRunner(`${plugin} ${name}`, runner)])) } : {}),
    ...(instance.close ? { close: () => instance.close!().catch(() => undefined) } : {}),
  };
}

function guardedRunner(what: string, runner: ActionRunner): ActionRunner {
  return {
    plan: (params, signal, context) => answer(`${what} plan`, planSchema, () => runner.plan(params, signal, context)),
    safety: (plan) => safetyOf(`${what} safety`, () => runner.safety(plan)),
    execute: async (plan, io) => recordable(await answer(`${what} execute`, outcomeSchema, () => runner.execute(plan, cockpitCallbacks(io)))),
    verify: async (plan, io) => recordable(await answer(`${what} verify`, outcomeSchema, () => runner.verify(plan, cockpitCallbacks(io)))),
    ...(runner.undo ? { undo: (facts) => runner.undo!(facts) } : {}),
  };
}

/** `io` whose callbacks (they redraw the screen) run as the cockpit's, not as the plugin's call (pluginCalls.ts). */
function cockpitCallbacks(io: ActionIO): ActionIO {
  return { ...io, progress: outsidePluginCall(io.progress), output: outsidePluginCall(io.output) };
}

/** A Result whose value `schema` accepts, or the plugin's failure saying what it answered instead. */
async function answer<T>(what: string, schema: z.ZodType<T>, call: () => Promise<unknown>): Promise<Result<T>> {
  let answered: unknown;
  try {
    answered = await asPluginCall(call);
  } catch (error) {
    return fail('failed', `${what} threw: ${firstLine(thrownMessage(error))}`);
  }
  const shape = answered as { ok?: unknown; value?: unknown; error?: unknown; warning?: unknown } | null;
  if (typeof shape !== 'object' || shape === null || typeof shape.ok !== 'boolean') return fail('invalid-response', `${what} answered something that is not a Result ({ ok: true, value } or { ok: false, error })`);
  if (!shape.ok) {
    const error = errorSchema.safeParse(shape.error);
    return error.success ? { ok: false, error: error.data } : fail('invalid-response', `${what} failed with an error that is not { kind, message }: ${issueText(error.error.issues[0]!, 'error')}`);
  }
  const value = schema.safeParse(shape.value);
  if (!value.success) return fail('invalid-response', `${what} answered a value the cockpit cannot read: ${issueText(value.error.issues[0]!, 'value')}`);
  return { ok: true, value: value.data, ...(typeof shape.warning === 'string' ? { warning: shape.warning } : {}) };
}

/**
 * An outcome whose details the timeline cannot hold (a cycle, a BigInt) keeps its summary and says why its details are
 * not there: the change was made, and an outcome that could not be written left `action.started` alone on the log and
 * the step reading `not started`, inviting the change a second time.
 */
function recordable<T extends z.infer<typeof outcomeSchema>>(result: Result<T>): Result<T> {
  if (!result.ok) return result;
  try {
    JSON.stringify(result.value.details);
    return result;
  } catch (error) {
    return { ...result, value: { ...result.value, details: { unrecorded: `its details could not be recorded: ${firstLine(thrownMessage(error))}` } } };
  }
}

function safetyOf(what: string, call: () => SafetyVerdict): SafetyVerdict {
  try {
    const verdict = verdictSchema.safeParse(call());
    return verdict.success ? (verdict.data as SafetyVerdict) : { level: 'unsupported', reasons: [`${what} answered a verdict the cockpit cannot read: ${issueText(verdict.error.issues[0]!, 'verdict')}`] };
  } catch (error) {
    return { level: 'unsupported', reasons: [`${what} threw: ${firstLine(thrownMessage(error))}`] };
  }
}
