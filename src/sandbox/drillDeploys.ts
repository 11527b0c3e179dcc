/**
 * The deploys side of a drill world, by the plugin the runbook's deploys provider uses: an
 * ECS-compatible endpoint for `ecs` (the real plugin and AWS SDK), a Kubernetes-API-compatible
 * one for `kubernetes` (the real plugin and @kubernetes/client-node, through a kubeconfig in the
 * sandbox directory). Either way the runbook's provider is bound to the sandbox endpoint.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProviderSection } from '../core/runbookModel';
import { type DeploysDouble, ecsDouble, kubernetesDouble } from './deploysDouble';
import { type EcsEndpoint, startEcsEndpoint, type World as EcsWorld } from './ecs/index';
import { type KubernetesEndpoint, startKubernetesEndpoint, type World as KubernetesWorld } from './kubernetes/index';
import type { Scenario } from './scenarioSchema';

/** The deploys plugins the sandbox stands in for. */
export const DEPLOYS_DOUBLES: readonly string[] = ['ecs', 'kubernetes'];

export interface LiveDeploys {
  readonly ecs?: EcsEndpoint;
  readonly kubernetes?: KubernetesEndpoint;
  /** The runbook's provider section, bound to the sandbox endpoint. */
  readonly provider: ProviderSection;
  /** Moves the endpoint's world to `atMs` and says which revisions serve. */
  serving(atMs: number): Record<number, number>;
  close(): Promise<void>;
}

export interface DrillDeploys<W> {
  readonly double: DeploysDouble<W>;
  start(world: W, clock: () => number, sandboxDir: string): Promise<LiveDeploys>;
}

export function drillDeploys(scenario: Scenario, section: ProviderSection): DrillDeploys<EcsWorld> | DrillDeploys<KubernetesWorld> {
  return section.plugin === 'kubernetes' ? kubernetesDeploys(scenario, section) : ecsDeploys(scenario, section);
}

function ecsDeploys(scenario: Scenario, section: ProviderSection): DrillDeploys<EcsWorld> {
  // A runbook may leave the region to AWS_REGION or a profile; a drill depends on neither.
  const region = section.region === undefined ? 'us-east-1' : String(section.region);
  const placement = { cluster: String(section.cluster), service: String(section.service), region };
  const double = ecsDouble(scenario, placement);
  return {
    double,
    async start(world, clock) {
      const ecs = await startEcsEndpoint({ world, clock });
      return {
        ecs,
        provider: { ...section, region, endpoint: ecs.url, drill_target: true },
        serving(atMs) {
          ecs.update((w) => double.advance(w, atMs));
          return double.serving(ecs.world());
        },
        close: () => ecs.close(),
      };
    },
  };
}

function kubernetesDeploys(scenario: Scenario, section: ProviderSection): DrillDeploys<KubernetesWorld> {
  const context = section.context === undefined ? 'sandbox' : String(section.context);
  const namespace = section.namespace === undefined ? 'default' : String(section.namespace);
  const placement = section.rollout === undefined ? { namespace, deployment: String(section.deployment) } : { namespace, deployment: String(section.rollout), kind: 'Rollout' as const };
  const double = kubernetesDouble(scenario, placement);
  return {
    double,
    async start(world, clock, sandboxDir) {
      const kubernetes = await startKubernetesEndpoint({ world, clock });
      // The runbook's own context name, pointing at the sandbox: the plugin reads it as it would any kubeconfig.
      const kubeconfig = join(sandboxDir, 'kubeconfig');
      await writeFile(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          `clusters: [{ name: drill-sandbox, cluster: { server: "${kubernetes.url}", insecure-skip-tls-verify: true } }]`,
          'users: [{ name: drill, user: {} }]',
          `contexts: [{ name: ${JSON.stringify(context)}, context: { cluster: drill-sandbox, user: drill, namespace: ${JSON.stringify(namespace)} } }]`,
          `current-context: ${JSON.stringify(context)}`,
          '',
        ].join('\n'),
      );
      return {
        kubernetes,
        provider: { ...section, context, namespace, kubeconfig, drill_target: true },
        serving(atMs) {
          kubernetes.update((w) => double.advance(w, atMs));
          return double.serving(kubernetes.world());
        },
        close: () => kubernetes.close(),
      };
    },
  };
}
