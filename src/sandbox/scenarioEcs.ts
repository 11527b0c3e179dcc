/**
 * The scenario's deploy history as the sandbox ECS world's seed, so the world the `ecs` plugin
 * sees and the traffic model's history (`scenarioHistory`) tell the same story: same revisions,
 * same times, same rolling update, and a deploy still rolling at the drill start left live.
 */
import type { WorldSeed } from './ecs/index';
import type { Scenario, ScenarioDeploy } from './scenarioSchema';

/** Where the runbook's `ecs` provider looks: the world must hold exactly that cluster and service. */
export interface EcsPlacement {
  readonly cluster: string;
  readonly service: string;
  readonly region?: string;
}

export function scenarioEcsSeed(scenario: Scenario, placement: EcsPlacement): WorldSeed {
  const { start, deploys } = scenario;
  const family = placement.service;
  const last = deploys.history.length - 1;
  const rolledOutBy = (deploy: ScenarioDeploy) => start + deploy.at + deploys.desired_count * deploys.task_start;
  return {
    ...(placement.region === undefined ? {} : { region: placement.region }),
    msPerTask: deploys.task_start,
    pendingMs: 0,
    taskDefinitions: deploys.history.map((deploy) => ({
      family,
      revision: deploy.revision,
      containers: Object.entries(deploy.images).map(([name, image]) => ({ name, image })),
      tags: labels(deploy),
      registeredAtMs: start + deploy.at,
    })),
    services: [
      {
        cluster: placement.cluster,
        name: placement.service,
        desiredCount: deploys.desired_count,
        controller: deploys.controller,
        history: deploys.history.map((deploy, index) => ({
          taskDefinition: `${family}:${deploy.revision}`,
          createdAtMs: start + deploy.at,
          // The newest deploy stays live when its tasks were still starting at the drill start.
          ...(index === last && rolledOutBy(deploy) > start ? {} : { outcome: 'successful' as const }),
        })),
      },
    ],
  };
}

/** Task definition tags the `ecs` plugin reads back as deploy labels. */
function labels(deploy: ScenarioDeploy): Record<string, string> {
  return {
    actor: deploy.actor,
    ...(deploy.commit === undefined ? {} : { commit: deploy.commit }),
    ...(deploy.migration === undefined ? {} : { migration: deploy.migration }),
  };
}
