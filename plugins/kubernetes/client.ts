/**
 * The plugin's only door to the API server: `@kubernetes/client-node` configured as kubectl is
 * (a kubeconfig file, KUBECONFIG, ~/.kube/config or the in-cluster service account; a context),
 * every call cancellable and bounded in time, every failure a typed Result.
 */
import { resolve } from 'node:path';
import type { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, RequestContext, V1Deployment, V1ObjectMeta, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { parseDuration } from '../../src/core/duration';
import { type Result, ok } from '../../src/plugins/contract';
import { KeepAliveAgents } from './agents';
import type { KubernetesConfig } from './config';
import { toProviderError } from './errors';
import type { WorkloadObject } from './workloadObject';

/** One JSON Patch operation (RFC 6902), as `kubectl rollout undo` sends them. */
export interface JsonPatchOperation {
  readonly op: 'replace' | 'add' | 'remove' | 'test';
  readonly path: string;
  readonly value?: unknown;
}

/** An Argo Rollouts AnalysisRun: the fields the cockpit reads. */
export interface AnalysisRun {
  readonly metadata?: V1ObjectMeta;
  readonly status?: { readonly phase?: string; readonly message?: string };
}

/** Argo Rollouts' API group, as its CRDs are served. */
const ARGO = { group: 'argoproj.io', version: 'v1alpha1' } as const;

export interface KubernetesApi {
  /** The API server's URL, for messages. */
  readonly server: string;
  readonly namespace: string;
  readDeployment(name: string, signal: AbortSignal): Promise<Result<V1Deployment>>;
  listReplicaSets(labelSelector: string, signal: AbortSignal): Promise<Result<V1ReplicaSet[]>>;
  listPods(labelSelector: string, signal: AbortSignal): Promise<Result<V1Pod[]>>;
  patchDeployment(name: string, patch: readonly JsonPatchOperation[], signal: AbortSignal): Promise<Result<V1Deployment>>;
  readRollout(name: string, signal: AbortSignal): Promise<Result<WorkloadObject>>;
  patchRollout(name: string, patch: readonly JsonPatchOperation[], signal: AbortSignal): Promise<Result<WorkloadObject>>;
  listAnalysisRuns(labelSelector: string, signal: AbortSignal): Promise<Result<AnalysisRun[]>>;
  /** Closes the kept-alive connections to the API server. */
  close(): void;
}

export interface Connection {
  readonly kubeConfig: KubeConfig;
  readonly server: string;
  readonly namespace: string;
}

/** Reads the kubeconfig as kubectl would; an Error says what is missing. */
export async function loadKubeConfig(config: KubernetesConfig, baseDir: string): Promise<Connection | Error> {
  const { KubeConfig } = await import('./sdk');
  const kubeConfig = new KubeConfig();
  try {
    if (config.kubeconfig !== undefined) kubeConfig.loadFromFile(resolve(baseDir, config.kubeconfig));
    else kubeConfig.loadFromDefault();
  } catch (error) {
    return new Error(`cannot read the kubeconfig${config.kubeconfig ? ` ${config.kubeconfig}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Finding none, client-node makes one up (context "loaded-context", http://localhost:8080): said
  // as "no context prod in the kubeconfig (it has loaded-context)", naming a context nobody wrote.
  if (config.kubeconfig === undefined && kubeConfig.getCurrentContext() === 'loaded-context' && kubeConfig.getCurrentCluster()?.server === 'http://localhost:8080') {
    return new Error('no kubeconfig found: the runbook names none (`kubeconfig`), KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod with a service account');
  }
  if (config.context !== undefined) {
    if (!kubeConfig.getContextObject(config.context)) {
      const known = kubeConfig.getContexts().map((c) => c.name);
      return new Error(`no context ${config.context} in the kubeconfig (it has ${known.length === 0 ? 'none' : known.join(', ')})`);
    }
    kubeConfig.setCurrentContext(config.context);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) return new Error(`the kubeconfig's context ${kubeConfig.getCurrentContext() || '(none)'} names no cluster`);
  const namespace = config.namespace ?? kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
  return { kubeConfig, server: cluster.server, namespace };
}

export async function connectKubernetes(connection: Connection, config: KubernetesConfig): Promise<KubernetesApi> {
  const { AppsV1Api: Apps, CoreV1Api: Core, CustomObjectsApi: Custom, PatchStrategy } = await import('./sdk');
  const apps: AppsV1Api = connection.kubeConfig.makeApiClient(Apps);
  const core: CoreV1Api = connection.kubeConfig.makeApiClient(Core);
  const custom: CustomObjectsApi = connection.kubeConfig.makeApiClient(Custom);
  const { server, namespace } = connection;
  const timeoutMs = parseDuration(config.request_timeout)!;
  const [{ Agent: HttpAgent }, { Agent: HttpsAgent }] = await Promise.all([import('node:http'), import('node:https')]);
  const agents = new KeepAliveAgents({ http: HttpAgent, https: HttpsAgent });

  /** One request: cancelled with the caller's signal or after `request_timeout`; `contentType` for a PATCH. */
  async function call<T>(signal: AbortSignal, run: (options: never) => Promise<T>, contentType?: string): Promise<Result<T>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = AbortSignal.any([signal, timeout]);
    // The object API runs middleware the Observable way (client-node's own rxjs stand-in): `toPromise()`.
    const settled = <T>(value: T) => ({ toPromise: () => Promise.resolve(value) });
    const middleware = {
      pre: (context: RequestContext) => {
        context.setSignal(both);
        const agent = agents.reuse(context.getAgent());
        if (agent) context.setAgent(agent);
        if (contentType !== undefined) context.setHeaderParam('Content-Type', contentType);
        return settled(context);
      },
      post: (response: unknown) => settled(response),
    };
    try {
      return ok(await run({ middleware: [middleware], middlewareMergeStrategy: 'append' } as never));
    } catch (error) {
      return { ok: false, error: toProviderError(error, signal, server, timeout.aborted && !signal.aborted) };
    }
  }

  return {
    server,
    namespace,
    readDeployment: (name, signal) => call(signal, (options) => apps.readNamespacedDeployment({ name, namespace }, options)),
    listReplicaSets: (labelSelector, signal) =>
      call(signal, async (options) => (await apps.listNamespacedReplicaSet({ namespace, labelSelector }, options)).items),
    listPods: (labelSelector, signal) => call(signal, async (options) => (await core.listNamespacedPod({ namespace, labelSelector }, options)).items),
    patchDeployment: (name, patch, signal) =>
      call(signal, (options) => apps.patchNamespacedDeployment({ name, namespace, body: patch }, options), PatchStrategy.JsonPatch),
    readRollout: (name, signal) =>
      call(signal, async (options) => (await custom.getNamespacedCustomObject({ ...ARGO, namespace, plural: 'rollouts', name }, options)) as WorkloadObject),
    patchRollout: (name, patch, signal) =>
      call(
        signal,
        async (options) => (await custom.patchNamespacedCustomObject({ ...ARGO, namespace, plural: 'rollouts', name, body: patch }, options)) as WorkloadObject,
        PatchStrategy.JsonPatch,
      ),
    listAnalysisRuns: (labelSelector, signal) =>
      call(signal, async (options) => ((await custom.listNamespacedCustomObject({ ...ARGO, namespace, plural: 'analysisruns', labelSelector }, options)) as { items?: AnalysisRun[] }).items ?? []),
    close: () => agents.close(),
  };
}
