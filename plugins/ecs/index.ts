import * as z from 'zod';
import { definePlugin, ok, partial } from '../../src/plugins/contract';
import { isLoopbackUrl } from '../../src/core/sandboxGuard';
import { resolveAwsSettings, settled } from './awsSettings';
import { connectEcs } from './client';
import { type EcsConfig, type EcsRunbookConfig, ecsConfig } from './config';
import { readHistory, toDeploy } from './history';
import { createListedDeployments } from './listedDeployments';
import { createRollbackRunner } from './rollback';

export { ecsConfig, type EcsConfig, type EcsRunbookConfig };

export default definePlugin<EcsRunbookConfig>({
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
  async create(runbookConfig, ctx) {
    if (ctx.sandboxed && !isLoopbackUrl(runbookConfig.endpoint)) {
      throw new Error(`a drill may only reach a loopback ECS endpoint, not ${runbookConfig.endpoint ?? `AWS in ${runbookConfig.region ?? 'the default region'}`}`);
    }
    const settings = await resolveAwsSettings(runbookConfig);
    if (settings instanceof Error) throw settings;
    const config: EcsConfig = settled(runbookConfig, settings);
    const api = await connectEcs(config, ctx.log);
    let loggedFallback: string | undefined;
    const listed = createListedDeployments(ctx.clock);
    return {
      deploys: {
        async list(signal) {
          const history = await readHistory(api, config, signal, listed);
          if (!history.ok) return history;
          const reason = history.value.fallbackReason;
          if (reason !== undefined) {
            // Said once (and again when the reason changes): the panel polls, the log should not fill.
            const line = `deploys from DescribeServices: ${reason}`;
            if (reason === loggedFallback) ctx.log.debug(line);
            else ctx.log.info(line);
            loggedFallback = reason;
          }
          const deploys = history.value.deploys.map(toDeploy);
          // The panel says the history is partial: a rollback target may then be what was registered, not what ran here.
          return reason === undefined ? ok(deploys) : partial(deploys, `history from DescribeServices only: ${reason}`);
        },
      },
      actions: { rollback: createRollbackRunner(api, config, ctx) },
      async close() {
        api.close();
      },
    };
  },
});
