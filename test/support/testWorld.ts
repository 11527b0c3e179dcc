import { z } from 'zod';
import { rollbackUndo } from '../../src/core/actions';
import { definePlugin, fail, ok, type ActionRunner, type Deploy, type Flag, type PluginDefinition, type SafetyVerdict } from '../../src/plugins/contract';

/**
 * In-process test providers under the built-in plugin names, so a real runbook
 * (runbooks/checkout-api.yaml) runs against a world the test controls: deploys, flags, error
 * ratios, and what a rollback does. Every call a provider receives is recorded.
 */
export class TestWorld {
  deploys: Deploy[] = [
    deploy('d-42', 'checkout-api:42', 'successful', true, { migration: 'expand_only' }),
    deploy('d-41', 'checkout-api:41', 'successful', false),
    deploy('d-40', 'checkout-api:40', 'successful', false),
  ];
  flags: Flag[] = [
    { key: 'checkout_v2', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'on' },
    { key: 'express_pay', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'off' },
  ];
  /** Error ratio by SLO name; a function of the window and the time asked about. */
  ratio: (slo: string, windowMs: number, at: Date) => number | null = () => 0.001;
  sloFailure: string | undefined;
  /** How far back the SLO data goes (`dataSince`), by SLO name and the time asked about; absent: the provider does not say. */
  dataSince: ((slo: string, at: Date) => number | null | Promise<number | null>) | undefined;
  safety: SafetyVerdict = { level: 'ok', reasons: [] };
  /** How long the rollback's verification waits (clock time), and whether execute hangs forever. */
  rollbackVerifyMs = 0;
  /** When the provider says the rollback's rollout completed (ActionOutcome.completedAt), if it says. */
  rollbackCompletedAt: string | undefined;
  rollbackHangs = false;
  /** What the rollback's verification answers instead of a pass, when set (once). */
  rollbackVerifyFailure: { readonly kind: 'unreachable' | 'timeout'; readonly message: string } | undefined;
  /** Awaited by the rollback's execute before it answers, when set: its change is made once it resolves. */
  rollbackExecuteGate: Promise<void> | undefined;
  /** Whether a rollback's plan, asked again just before it runs, waits until it is cancelled. */
  replanHangs = false;
  private rollbackPlans = 0;
  /** Whether a rollback offers its undo (a rollback to the revision it left). */
  rollbackUndoable = false;
  readonly calls: string[] = [];
  /** What each rollback verification was told of when its change was made (ActionIO.madeAt). */
  readonly verifyMadeAt: (string | undefined)[] = [];

  plugins(): PluginDefinition<unknown>[] {
    return [this.ecs(), this.flagd(), this.prometheus(), this.command()] as PluginDefinition<unknown>[];
  }

  private ecs() {
    const world = this;
    return definePlugin<Record<string, unknown>>({
      name: 'ecs',
      description: 'test deploys',
      config: z.looseObject({}),
      capabilities: ['deploys'],
      actions: { rollback: { description: 'roll back', params: z.looseObject({}), mutating: true, dangerous: true } },
      create: (_config, ctx) => {
        const rollback: ActionRunner = {
          async plan(_params, signal, context) {
            world.rollbackPlans += 1;
            if (world.replanHangs && world.rollbackPlans > 1) {
              if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
              return fail('cancelled', 'the request was cancelled');
            }
            const current = world.deploys.find((d) => d.current)!;
            const avoid = new Set(context?.avoid.map((k) => k.revision));
            const target = world.deploys.find((d) => !d.current && d.status === 'successful' && d.revision !== current.revision && !avoid.has(d.revision))!;
            return ok({
              action: 'deploys.rollback',
              summary: `Roll back ${current.revision} → ${target.revision}`,
              calls: [{ kind: 'api', operation: 'UpdateService', args: { taskDefinition: target.revision } }],
              facts: { currentRevision: current.revision, targetRevision: target.revision },
              observed: { 'current revision': current.revision },
            });
          },
          safety: () => world.safety,
          async execute(plan, io) {
            world.calls.push(`rollback:${String(plan.facts.targetRevision)}`);
            if (world.rollbackHangs) await new Promise(() => {});
            await world.rollbackExecuteGate;
            io.progress({ message: 'tasks 0/2 running, rollout IN_PROGRESS', done: 0, total: 2 });
            return ok({ summary: `UpdateService to ${String(plan.facts.targetRevision)}`, details: {} });
          },
          async verify(plan, io) {
            world.calls.push(`verify:${String(plan.facts.targetRevision)}`);
            world.verifyMadeAt.push(io.madeAt?.toISOString());
            if (world.rollbackVerifyMs > 0) {
              try {
                await ctx.clock.sleep(world.rollbackVerifyMs, io.signal);
              } catch {
                return fail('cancelled', 'verification cancelled');
              }
            }
            const failure = world.rollbackVerifyFailure;
            world.rollbackVerifyFailure = undefined;
            if (failure !== undefined) return fail(failure.kind, failure.message);
            world.deploys = [deploy('d-43', String(plan.facts.targetRevision), 'successful', true), ...world.deploys.map((d) => ({ ...d, current: false }))];
            io.progress({ message: 'tasks 2/2 running, rollout COMPLETED', done: 2, total: 2 });
            return ok({ summary: 'service stable', details: {}, ...(world.rollbackCompletedAt === undefined ? {} : { completedAt: world.rollbackCompletedAt }) });
          },
          undo: (facts) => (world.rollbackUndoable ? rollbackUndo(facts) : undefined),
        };
        return { deploys: { list: async () => ok(world.deploys) }, actions: { rollback } };
      },
    });
  }

  private flagd() {
    const world = this;
    return definePlugin<Record<string, unknown>>({
      name: 'flagd',
      description: 'test flags',
      config: z.looseObject({}),
      capabilities: ['flags'],
      actions: { set: { description: 'set', params: z.looseObject({}), mutating: true, dangerous: false } },
      create: () => ({
        flags: { list: async () => ok(world.flags) },
        actions: {
          set: {
            plan: async (params) =>
              ok({ action: 'flags.set', summary: `${String(params.flag)} → ${String(params.variant)}`, calls: [{ kind: 'file', path: 'flags.json', change: `${String(params.flag)}=${String(params.variant)}` }], facts: { ...params, ...flagChange(world, params) } }),
            safety: () => ({ level: 'ok', reasons: [] }),
            async execute(plan) {
              world.calls.push(`set:${String(plan.facts.flag)}=${String(plan.facts.variant)}`);
              world.flags = world.flags.map((f) => (f.key === plan.facts.flag ? { ...f, defaultVariant: String(plan.facts.variant) } : f));
              return ok({ summary: 'written', details: {} });
            },
            verify: async () => ok({ summary: 'flag file reloaded', details: {} }),
          },
        },
      }),
    });
  }

  private prometheus() {
    const world = this;
    return definePlugin<Record<string, unknown>>({
      name: 'prometheus',
      description: 'test SLO',
      config: z.looseObject({}),
      capabilities: ['slo'],
      actions: {},
      create: () => ({
        slo: {
          errorRatio: async (slo, windowMs, at) => (world.sloFailure ? fail('unreachable', world.sloFailure) : ok(world.ratio(slo.name, windowMs, at))),
          ...(world.dataSince === undefined ? {} : { dataSince: async (slo: { name: string }, _withinMs: number, at: Date) => ok(await world.dataSince!(slo.name, at)) }),
        },
      }),
    });
  }

  private command() {
    const world = this;
    return definePlugin<Record<string, unknown>>({
      name: 'command',
      description: 'test commands',
      config: z.looseObject({}),
      capabilities: [],
      actions: { run: { description: 'run', params: z.looseObject({}), mutating: false, dangerous: false } },
      create: (_config, ctx) => ({
        actions: {
          run: {
            plan: async (params) => {
              const vars = ctx.templateVars ?? {};
              const argv = (params.argv as string[]).map((a) => a.replace(/\{\{(\w+)\}\}/g, (_, n: string) => vars[n] ?? ''));
              return ok({ action: 'command.run', summary: argv.join(' '), calls: [{ kind: 'argv', argv }], facts: { argv } });
            },
            safety: () => ({ level: 'ok', reasons: [] }),
            async execute(plan, io) {
              world.calls.push(`run:${(plan.facts.argv as string[]).join(' ')}`);
              io.output('stdout', 'connections: 42/500\n');
              return ok({ summary: 'exit 0', details: { exitCode: 0 } });
            },
            verify: async () => ok({ summary: 'exit 0', details: {} }),
          },
        },
      }),
    });
  }
}

export function deploy(id: string, revision: string, status: Deploy['status'], current: boolean, labels: Record<string, string> = {}): Deploy {
  return { id, revision, artifacts: [`registry/checkout:${revision.split(':')[1]}`], status, startedAt: '2026-11-22T01:00:00.000Z', actor: 'ci', labels, current };
}

/** The facts the flagd plugin gives a flag change (field, before, after): what the session reads of who set a flag. */
function flagChange(world: TestWorld, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const before = world.flags.find((f) => f.key === params.flag)?.defaultVariant;
  return { field: 'defaultVariant', ...(before === undefined ? {} : { before }), after: params.variant };
}
