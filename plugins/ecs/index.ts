import * as z from 'zod';
import { definePlugin, ok } from '../../src/plugins/contract';
import { isLoopbackUrl } from '../../src/core/sandboxGuard';
import { connectEcs } from './client';
import { type EcsConfig, ecsConfig } from './config';
import { readHistory, toDeploy } from './history';
import { createRollbackRunner } from './rollback';

export { ecsConfig, type EcsConfig };

export default definePlugin<EcsConfig>({
  name: 'ecs',
  description: 'AWS ECS services: deployments, rollback to the previous task definition, steady-state verification',
  config: ecsConfig,
  capabilities: ['deploys'],
  actions: {
    rollback: {
      description: 'roll the service back (StopServiceDeployment ROLLBACK while a deployment is in progress, otherwise UpdateService to the target task definition)',
      params: z.strictObject({ target: z.string().min(1).optional() }),
      mutating: true,
      dangerous: true,
    },
  },
  async create(config, ctx) {
    if (ctx.sandboxed && !isLoopbackUrl(config.endpoint)) {
      throw new Error(`a drill may only reach a loopback ECS endpoint, not ${config.endpoint ?? `AWS in ${config.region}`}`);
    }
    const api = await connectEcs(config, ctx.log);
    return {
      deploys: {
        async list(signal) {
          const history = await readHistory(api, config, signal);
          if (!history.ok) return history;
          if (history.value.fallbackReason) ctx.log.debug(`deploys from DescribeServices: ${history.value.fallbackReason}`);
          return ok(history.value.deploys.map(toDeploy));
        },
      },
      actions: { rollback: createRollbackRunner(api, config, ctx) },
      async close() {
        api.close();
      },
    };
  },
});
