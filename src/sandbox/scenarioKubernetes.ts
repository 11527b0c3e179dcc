/**
 * The scenario's deploy history as the sandbox Kubernetes world's seed: one Deployment (or Argo Rollout) whose
 * ReplicaSets are the scenario's revisions (same numbers, times and images; the commit, actor and
 * migration as `cockpit.dev/*` pod-template annotations, which the `kubernetes` plugin reads back
 * as labels), and a deploy still rolling at the drill start left rolling.
 */
import type { WorldSeed } from './kubernetes/index';
import type { Scenario, ScenarioDeploy } from './scenarioSchema';

/** Where the runbook's `kubernetes` provider looks: the world must hold exactly that Deployment (or Rollout). */
export interface KubernetesPlacement {
  readonly namespace: string;
  /** The workload's name. */
  readonly deployment: string;
  /** `Rollout` for a runbook naming `rollout:` (Argo Rollouts). */
  readonly kind?: 'Deployment' | 'Rollout';
}

export function scenarioKubernetesSeed(scenario: Scenario, placement: KubernetesPlacement): WorldSeed {
  const { start, deploys } = scenario;
  const last = deploys.history.at(-1)!;
  return {
    msPerPod: deploys.task_start,
    // The scenario's bad builds (revisions it makes fail): a Rollout's analysis of one fails.
    failingAnalysis: scenario.failures.flatMap((f) => (f.revision === undefined ? [] : [f.revision])),
    deployments: [
      {
        ...(placement.kind === 'Rollout' ? { kind: 'Rollout' as const } : {}),
        namespace: placement.namespace,
        name: placement.deployment,
        replicas: deploys.desired_count,
        rolling: start + last.at + deploys.desired_count * deploys.task_start > start && deploys.history.length > 1,
        history: deploys.history.map((deploy) => ({
          revision: deploy.revision,
          createdAtMs: start + deploy.at,
          containers: Object.entries(deploy.images).map(([name, image]) => ({ name, image })),
          templateAnnotations: annotations(deploy),
          changeCause: `deploy ${deploy.commit ?? `revision ${deploy.revision}`} by ${deploy.actor}`,
        })),
      },
    ],
  };
}

function annotations(deploy: ScenarioDeploy): Record<string, string> {
  return {
    'cockpit.dev/actor': deploy.actor,
    ...(deploy.commit === undefined ? {} : { 'cockpit.dev/commit': deploy.commit }),
    ...(deploy.migration === undefined ? {} : { 'cockpit.dev/migration': deploy.migration }),
  };
}
