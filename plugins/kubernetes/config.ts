import * as z from 'zod';
import { DURATION_BOUNDS, durationProblem, isDuration } from '../../src/core/duration';

const duration = (fallback: string, description: string) =>
  z
    .string()
    .refine(isDuration, { error: 'expected a duration like 10m' })
    .refine((text) => durationProblem(text, DURATION_BOUNDS.timeout) === undefined, { error: (issue) => durationProblem(String(issue.input), DURATION_BOUNDS.timeout) })
    .default(fallback)
    .describe(description);

const name = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'expected a Kubernetes object name (lower-case letters, digits, "-" and ".")' });

export const kubernetesConfig = z
  .strictObject({
    context: z.string().min(1).optional().describe('kubeconfig context, as `kubectl --context`; the current context when left out'),
    namespace: name.optional().describe("the workload's namespace; the context's namespace, else `default`, when left out"),
    deployment: name.optional().describe('the apps/v1 Deployment to watch and roll back (or `rollout`)'),
    rollout: name.optional().describe('the Argo Rollouts Rollout to watch and roll back (or `deployment`)'),
    kubeconfig: z.string().min(1).optional().describe('a kubeconfig file, as `kubectl --kubeconfig` (relative to the runbook); otherwise KUBECONFIG, ~/.kube/config or the in-cluster service account, as kubectl finds them'),
    rollout_timeout: duration('10m', 'how long a rollback may take to roll out before verification gives up'),
    poll_interval: duration('5s', 'how often verification reads the workload'),
    request_timeout: duration('10s', 'per HTTP request to the API server'),
  })
  .refine((config) => (config.deployment === undefined) !== (config.rollout === undefined), {
    error: 'name exactly one workload: `deployment: NAME` or `rollout: NAME`',
  });
export type KubernetesConfig = z.output<typeof kubernetesConfig>;
