/**
 * What a drill needs of the world behind its deploys provider, whichever it stands in for: the
 * world seeded from the scenario, moved on in time, which revisions serve traffic, whether a
 * rollout is still going, and the responder's rollback re-applied on a resumed drill. Pure.
 */
import * as ecs from './ecs/index';
import * as kubernetes from './kubernetes/index';
import { scenarioEcsSeed, type EcsPlacement } from './scenarioEcs';
import { scenarioKubernetesSeed, type KubernetesPlacement } from './scenarioKubernetes';
import type { Scenario } from './scenarioSchema';
import { servingFromTasks } from './traffic';
import type { WorldChange } from './worldReplay';

export type RollbackChange = Extract<WorldChange, { kind: 'rollback' }>;

export interface DeploysDouble<W> {
  readonly initial: W;
  advance(world: W, atMs: number): W;
  /** Serving pods or tasks by scenario revision. */
  serving(world: W): Record<number, number>;
  rolling(world: W): boolean;
  /** The same change the plugin made, for a resumed drill. */
  rolledBack(world: W, change: RollbackChange, atMs: number): W;
}

export function ecsDouble(scenario: Scenario, placement: EcsPlacement): DeploysDouble<ecs.World> {
  return {
    initial: ecs.createWorld(scenarioEcsSeed(scenario, placement)),
    advance: ecs.advance,
    serving: (world) => servingFromTasks(ecs.servingTasks(world, placement.cluster, placement.service)),
    rolling: (world) => world.services.some((s) => s.rollout !== null),
    rolledBack(world, change, atMs) {
      // A deployment that cannot be stopped any more is rolled back the other way.
      if (change.path === 'stop-service-deployment' && change.serviceDeploymentArn !== undefined) {
        const stopped = ecs.stopServiceDeployment(world, { serviceDeploymentArn: change.serviceDeploymentArn }, atMs);
        if (stopped.ok) return stopped.world;
      }
      const updated = ecs.updateService(world, { cluster: placement.cluster, service: placement.service, taskDefinition: change.targetRevision }, atMs);
      return updated.ok ? updated.world : world;
    },
  };
}

export function kubernetesDouble(scenario: Scenario, placement: KubernetesPlacement): DeploysDouble<kubernetes.World> {
  const { namespace, deployment } = placement;
  const kind = placement.kind ?? 'Deployment';
  return {
    initial: kubernetes.createWorld(scenarioKubernetesSeed(scenario, placement)),
    advance: kubernetes.advance,
    serving: (world) => servingFromTasks(kubernetes.servingByOrigin(world, namespace, deployment, kind)),
    rolling: (world) => world.deployments.some((d) => d.rollout !== null),
    rolledBack(world, change, atMs) {
      // `kubectl rollout undo --to-revision` (or Argo's): the target revision's template, as the plugin patched it.
      // The patch as sent, but its resourceVersion guard (the rebuilt world counts its own): the
      // template alone left the Deployment's change-cause as :42's, and kubectl said :43 was :42's deploy.
      const sent = change.patch?.filter((op) => (op as { path?: unknown }).path !== '/metadata/resourceVersion');
      const template = sent === undefined ? kubernetes.templateOfRevision(world, namespace, deployment, Number(change.targetRevision.split(':').at(-1)), kind) : undefined;
      if (sent === undefined && !template) return world;
      const patch = sent ?? [{ op: 'replace', path: '/spec/template', value: template }];
      const patched = kubernetes.patchDeployment(world, namespace, deployment, 'application/json-patch+json', patch, atMs, kind);
      return patched.ok ? patched.world : world;
    },
  };
}
