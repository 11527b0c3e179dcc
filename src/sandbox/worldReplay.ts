/**
 * What a drill's responder already did to its sandbox, read back from the timeline: a resumed
 * drill rebuilds its world from the scenario and re-applies these, so the sandbox shows the
 * rollback or the kill switch that happened before the crash. Pure: events in, changes out.
 *
 * Only actions that succeeded are re-applied. An action the crash interrupted is shown as such
 * by the session; whether it took effect is for the responder to verify, as in production.
 */
import * as z from 'zod';
import type { StoredEvent } from '../core/events';
import type { Runbook } from '../core/runbookModel';

export type WorldChange =
  | {
      readonly kind: 'rollback';
      readonly atMs: number;
      /** ECS's two ways, or the `kubernetes` plugin's `kubectl rollout undo`. */
      readonly path: 'stop-service-deployment' | 'update-service' | 'rollout-undo';
      /** `family:N` */
      readonly targetRevision: string;
      readonly serviceDeploymentArn?: string;
      /** The JSON Patch a `kubernetes` rollback sent, as its plan recorded it: the template and the annotations kubectl sets. */
      readonly patch?: readonly unknown[];
    }
  | { readonly kind: 'flag'; readonly atMs: number; readonly flag: string; readonly field: 'state' | 'defaultVariant'; readonly value: string | null; readonly by: string };

// The facts the built-in plugins record with their plans (plugins/ecs/rollbackPlan.ts, plugins/kubernetes/rollbackPlan.ts,
// plugins/flagd/actions.ts), read loosely: only what the world needs.
const rollbackFacts = z.object({
  path: z.enum(['stop-service-deployment', 'update-service', 'rollout-undo']),
  targetRevision: z.string(),
  serviceDeploymentArn: z.string().optional(),
});
const flagFacts = z.object({ flag: z.string(), field: z.enum(['state', 'defaultVariant']), after: z.string().nullable() });

export function worldChangesFromLog(events: readonly StoredEvent[], runbook: Runbook): WorldChange[] {
  const planned = new Map<string, { name: string; facts: Readonly<Record<string, unknown>>; patch?: readonly unknown[] }>();
  const started = new Map<string, StoredEvent>();
  const changes: WorldChange[] = [];
  for (const event of events) {
    if (event.kind === 'action.planned') planned.set(event.data.action, { name: event.data.name, facts: event.data.facts ?? {}, ...patchOf(event.data.calls) });
    else if (event.kind === 'action.started') started.set(event.data.action, event);
    else if (event.kind === 'action.succeeded') {
      const plan = planned.get(event.data.action);
      const start = started.get(event.data.action);
      if (!plan || !start) continue;
      const change = changeOf(plan.name, plan.facts, Date.parse(start.at), start.actor, runbook);
      if (change) changes.push(change.kind === 'rollback' && plan.patch !== undefined ? { ...change, patch: plan.patch } : change);
    }
  }
  return changes.sort((a, b) => a.atMs - b.atMs);
}

/** The patch of a plan's one API call, when it has one (`args.patch`). */
function patchOf(calls: readonly { readonly kind: string; readonly args?: Readonly<Record<string, unknown>> }[]): { patch?: readonly unknown[] } {
  const patch = calls[0]?.kind === 'api' ? calls[0].args?.patch : undefined;
  return Array.isArray(patch) ? { patch } : {};
}

function changeOf(name: string, facts: Readonly<Record<string, unknown>>, atMs: number, by: string, runbook: Runbook): WorldChange | undefined {
  const [providerKey = '', verb = ''] = name.split('.');
  const plugin = runbook.providers[providerKey]?.plugin;
  if ((plugin === 'ecs' || plugin === 'kubernetes') && verb === 'rollback') {
    const parsed = rollbackFacts.safeParse(facts);
    if (!parsed.success) return undefined;
    const { path, targetRevision, serviceDeploymentArn } = parsed.data;
    return { kind: 'rollback', atMs, path, targetRevision, ...(serviceDeploymentArn === undefined ? {} : { serviceDeploymentArn }) };
  }
  if (plugin === 'flagd') {
    const parsed = flagFacts.safeParse(facts);
    if (!parsed.success) return undefined;
    return { kind: 'flag', atMs, flag: parsed.data.flag, field: parsed.data.field, value: parsed.data.after, by };
  }
  return undefined;
}
