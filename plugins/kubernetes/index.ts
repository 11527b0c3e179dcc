import * as z from 'zod';
import { isInsideDir, isLoopbackUrl } from '../../src/core/sandboxGuard';
import { definePlugin, ok } from '../../src/plugins/contract';
import { connectKubernetes, loadKubeConfig } from './client';
import { type KubernetesConfig, kubernetesConfig } from './config';
import { readHistory, toDeploy } from './history';
import { createRollbackRunner } from './rollback';
import { workload } from './workload';

export { kubernetesConfig, type KubernetesConfig };

export default definePlugin<KubernetesConfig>({
  name: 'kubernetes',
  description:
    'Kubernetes Deployments and Argo Rollouts: revisions from their ReplicaSets, rollback as `kubectl rollout undo` (`kubectl argo rollouts undo`), verification as `kubectl rollout status` (a Rollout\'s phase and AnalysisRuns) plus the running images',
  config: kubernetesConfig,
  capabilities: ['deploys'],
  actions: {
    rollback: {
      description:
        'roll the Deployment or Rollout back to an earlier revision (`kubectl rollout undo --to-revision`, `kubectl argo rollouts undo --to-revision`: its pod template, as one JSON Patch guarded by the resourceVersion)',
      params: z.strictObject({ target: z.string().min(1).optional() }),
      mutating: true,
      dangerous: true,
    },
  },
  async create(config, ctx) {
    if (ctx.sandboxed && (config.kubeconfig === undefined || ctx.sandboxDir === undefined || !isInsideDir(ctx.sandboxDir, config.kubeconfig))) {
      throw new Error('a drill may only read a kubeconfig in its sandbox directory');
    }
    const connection = await loadKubeConfig(config, ctx.baseDir);
    if (connection instanceof Error) throw connection;
    if (ctx.sandboxed && !isLoopbackUrl(connection.server)) throw new Error(`a drill may only reach a loopback API server, not ${connection.server}`);
    const api = await connectKubernetes(connection, config);
    const watched = workload(api, config);
    return {
      deploys: {
        async list(signal) {
          const history = await readHistory(api, watched, signal);
          if (!history.ok) return history;
          return ok(history.value.revisions.map(toDeploy));
        },
      },
      actions: { rollback: createRollbackRunner(api, config, watched, ctx) },
      close: async () => api.close(),
    };
  },
});
