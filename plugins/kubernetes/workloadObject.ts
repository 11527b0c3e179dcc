import type { V1Deployment } from '@kubernetes/client-node';

/** A Deployment or an Argo Rollout: the parts they share (metadata, selector, template, replicas); `status` as each has it. */
export type WorkloadObject = Pick<V1Deployment, 'metadata' | 'spec'> & { readonly status?: unknown };
