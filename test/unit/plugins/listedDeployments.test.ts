import { describe, expect, it } from 'vitest';
import { LIST_MAX_AGE_MS, createListedDeployments } from '../../../plugins/ecs/listedDeployments';
import { manualClock } from '../../support/pluginContext';

const at = new Date('2026-03-14T02:00:00Z');
const service = (current: string | undefined, ids: string[]) => ({
  ...(current === undefined ? {} : { currentServiceDeployment: current }),
  deployments: ids.map((id) => ({ id, status: 'PRIMARY', rolloutState: 'COMPLETED' as const, taskDefinition: `td/${id}`, createdAt: at })),
});

describe('the deploys panel memory of ListServiceDeployments', () => {
  it('gives the list back while the service looks the same, and not once a deployment is added or changes state', () => {
    const memory = createListedDeployments(manualClock(at.getTime()));
    expect(memory.holdsOne).toBe(false);
    memory.remember(service('sd-2', ['ecs-svc/2']), ['sd-2', 'sd-1']);
    expect(memory.recall(service('sd-2', ['ecs-svc/2']))).toEqual(['sd-2', 'sd-1']);
    expect(memory.recall(service('sd-3', ['ecs-svc/3', 'ecs-svc/2']))).toBeUndefined();
    const rolledBack = service('sd-2', ['ecs-svc/2']);
    expect(memory.recall({ ...rolledBack, deployments: [{ ...rolledBack.deployments[0]!, rolloutState: 'FAILED' }] })).toBeUndefined();
  });

  it('does not keep a list that lags the service: one without the deployment ECS names as current', () => {
    const memory = createListedDeployments(manualClock(at.getTime()));
    memory.remember(service('sd-3', ['ecs-svc/3']), ['sd-2', 'sd-1']);
    expect(memory.holdsOne).toBe(false);
    expect(memory.recall(service('sd-3', ['ecs-svc/3']))).toBeUndefined();
  });

  it('keeps a list for a service ECS names no current deployment of (one made before the API)', () => {
    const memory = createListedDeployments(manualClock(at.getTime()));
    memory.remember(service(undefined, ['ecs-svc/1']), []);
    expect(memory.recall(service(undefined, ['ecs-svc/1']))).toEqual([]);
  });

  it('lets a list age out after its bound', () => {
    const clock = manualClock(at.getTime());
    const memory = createListedDeployments(clock);
    memory.remember(service('sd-2', ['ecs-svc/2']), ['sd-2']);
    clock.advance(LIST_MAX_AGE_MS);
    expect(memory.recall(service('sd-2', ['ecs-svc/2']))).toBeUndefined();
  });
});
