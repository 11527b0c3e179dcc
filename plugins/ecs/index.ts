import { z } from 'zod';
import { definePlugin } from '../../src/plugins/contract';
import { isDuration } from '../../src/core/duration';

export const ecsConfig = z.strictObject({
  region: z.string().min(1),
  cluster: z.string().min(1),
  service: z.string().min(1),
  /** A local or VPC endpoint; the drill sandbox sets its own. */
  endpoint: z.url().optional(),
  profile: z.string().optional(),
  stable_timeout: z.string().refine(isDuration, { error: 'expected a duration like 10m' }).default('15m'),
});
export type EcsConfig = z.output<typeof ecsConfig>;

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
  create() {
    throw new Error('the ecs plugin is built by the provider plugins issue');
  },
});
