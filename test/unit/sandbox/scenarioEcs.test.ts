/**
 * The scenario seeds the sandbox ECS world so that it and the traffic model's history agree on
 * which revision serves at the drill start, rollout included.
 */
import { describe, expect, it } from 'vitest';
import { advance, createWorld, findService, servingTasks } from '../../../src/sandbox/ecs/index';
import { builtinScenario, listBuiltinScenarios } from '../../../src/sandbox/scenarioBuiltins';
import { scenarioEcsSeed } from '../../../src/sandbox/scenarioEcs';
import type { Scenario } from '../../../src/sandbox/scenarioSchema';
import { scenarioHistory, servingFromTasks } from '../../../src/sandbox/traffic';
import { scenario as built } from '../../fixtures/scenarios/build';

const PLACEMENT = { cluster: 'prod', service: 'checkout-api' };

function builtin(name: string): Scenario {
  const result = builtinScenario(name);
  if (!result?.ok) throw new Error(`built-in ${name} does not load`);
  return result.loaded.scenario;
}

function servingAtStart(scenario: Scenario): Record<number, number> {
  const world = advance(createWorld(scenarioEcsSeed(scenario, PLACEMENT)), scenario.start);
  return servingFromTasks(servingTasks(world, PLACEMENT.cluster, PLACEMENT.service));
}

describe('the ECS world seeded from a scenario', () => {
  it('serves at the drill start what the traffic history says, for every built-in', () => {
    for (const name of listBuiltinScenarios()) {
      const scenario = builtin(name);
      expect(servingAtStart(scenario), name).toEqual(scenarioHistory(scenario).at(-1)!.serving);
    }
  });

  it('leaves a deploy still rolling at the start live, one task every task_start, as the history does', () => {
    const base = built();
    const rolling = built({ deploys: { ...base.deploys, history: [base.deploys.history[0]!, { revision: 42, images: { app: 'a' }, actor: 'dave', at: -25_000 }] } });
    expect(servingAtStart(rolling)).toEqual({ 41: 4, 42: 2 });
    expect(scenarioHistory(rolling).at(-1)!.serving).toEqual({ 41: 4, 42: 2 });
    const world = advance(createWorld(scenarioEcsSeed(rolling, PLACEMENT)), rolling.start + 60_000);
    expect(servingFromTasks(servingTasks(world, 'prod', 'checkout-api'))).toEqual({ 42: 6 });
  });

  it('carries images, labels and the deployment controller', () => {
    const scenario = builtin('irreversible-migration');
    const seed = scenarioEcsSeed({ ...scenario, deploys: { ...scenario.deploys, controller: 'CODE_DEPLOY' } }, { ...PLACEMENT, region: 'eu-west-1' });
    const world = createWorld(seed);
    const latest = world.taskDefinitions.find((td) => td.revision === 42)!;
    expect(latest.arn).toBe('arn:aws:ecs:eu-west-1:000000000000:task-definition/checkout-api:42');
    expect(latest.tags).toEqual({ actor: 'dave', commit: 'c42d4c3', migration: 'contract' });
    expect(latest.containers.map((c) => c.name)).toEqual(['app', 'envoy']);
    expect(findService(world, 'prod', 'checkout-api')?.controller).toBe('CODE_DEPLOY');
    expect(findService(world, 'prod', 'checkout-api')?.desiredCount).toBe(scenario.deploys.desired_count);
  });
});
