/**
 * A Kubernetes-API-compatible endpoint on 127.0.0.1: discovery, apps/v1 Deployments (get, list,
 * watch, patch) and ReplicaSets (get, list, watch), v1 Pods (get, list), Argo Rollouts'
 * argoproj.io/v1alpha1 Rollouts (get, list, watch, patch) and AnalysisRuns (get, list, watch), with `Status` errors as
 * the API server writes them. The real `kubectl` and `@kubernetes/client-node` both talk to it.
 * It records every request for tests and injects faults on request.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { thrownMessage } from '../../core/errorText';
import { discovery } from './discovery';
import { findDeployment } from './lookups';
import type { JsonObject, KubeError, World } from './model';
import { fieldMatcher, labelMatcher } from './selectors';
import { analysisRunView, rolloutView } from './argoViews';
import { deploymentView, podViews, replicaSetView } from './views';
import { advance, patchDeployment } from './world';

export type Verb = 'get' | 'list' | 'watch' | 'patch';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly verb?: Verb;
  readonly resource?: string;
  readonly contentType?: string;
  readonly body?: unknown;
  readonly status: number;
  readonly atMs: number;
  /** Which TCP connection it came on (1 for the server's first), as a server's access log tells kept-alive requests apart. */
  readonly connection: number;
}

/** `forbidden`: 403 as RBAC answers. `server-error`: 500 with a non-Status body. */
export interface Fault {
  readonly kind: 'forbidden' | 'server-error';
  readonly verb?: Verb;
  readonly resource?: string;
  readonly times?: number;
}

export interface KubernetesEndpointOptions {
  readonly world: World;
  readonly clock: () => number;
  /** The bearer token a request must carry; any (or none) when left out. */
  readonly token?: string;
}

export interface KubernetesEndpoint {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  world(): World;
  update(change: (world: World) => World): void;
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

const ROUTE = /^\/(api\/v1|apis\/apps\/v1|apis\/argoproj\.io\/v1alpha1)\/namespaces\/([^/]+)\/(deployments|replicasets|pods|rollouts|analysisruns)(?:\/([^/]+))?$/;
const GROUPS: Record<string, string> = { deployments: 'apps', replicasets: 'apps', pods: '', rollouts: 'argoproj.io', analysisruns: 'argoproj.io' };
const KINDS: Record<string, string> = { deployments: 'Deployment', replicasets: 'ReplicaSet', pods: 'Pod', rollouts: 'Rollout', analysisruns: 'AnalysisRun' };
const GROUP_VERSIONS: Record<string, string> = { '': 'v1', apps: 'apps/v1', 'argoproj.io': 'argoproj.io/v1alpha1' };
const PATCHABLE: Record<string, 'Deployment' | 'Rollout'> = { deployments: 'Deployment', rollouts: 'Rollout' };
/** The resource's own group path: `/apis/apps/v1/.../rollouts` is no route. */
const inItsGroup = (prefix: string, resource: string) => `${prefix.startsWith('apis/') ? prefix.slice(5, prefix.lastIndexOf('/')) : ''}` === GROUPS[resource];

type Reply = { readonly status: number; readonly body: unknown };

function statusReply(error: KubeError): Reply {
  return {
    status: error.code,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: error.message, reason: error.reason, ...(error.details ? { details: error.details } : {}), code: error.code },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startKubernetesEndpoint(options: KubernetesEndpointOptions): Promise<KubernetesEndpoint> {
  let world = options.world;
  const requests: RecordedRequest[] = [];
  let faults: { fault: Fault; remaining: number }[] = [];
  const watches = new Set<() => void>();
  const now = () => {
    world = advance(world, options.clock());
    return world;
  };

  function takeFault(verb: Verb, resource: string): Fault | undefined {
    const active = faults.find((f) => f.remaining > 0 && (f.fault.verb ?? verb) === verb && (f.fault.resource ?? resource) === resource);
    if (!active) return undefined;
    active.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return active.fault;
  }

  /** The objects of `resource` in `namespace`, as the API lists them. */
  function objects(resource: string, namespace: string): { view: JsonObject; name: string; labels: Record<string, string>; rv: number }[] {
    const w = now();
    if (resource === 'deployments' || resource === 'rollouts') {
      const kind = PATCHABLE[resource]!;
      return w.deployments
        .filter((d) => d.namespace === namespace && d.kind === kind)
        .map((d) => ({ view: kind === 'Rollout' ? rolloutView(w, d) : deploymentView(w, d), name: d.name, labels: d.labels, rv: d.resourceVersion }));
    }
    if (resource === 'analysisruns') {
      return w.analysisRuns
        .filter((a) => a.namespace === namespace)
        .map((a) => {
          const view = analysisRunView(w, a);
          return { view, name: a.name, labels: (view.metadata as { labels: Record<string, string> }).labels, rv: a.resourceVersion };
        });
    }
    const sets = w.replicaSets.filter((rs) => rs.namespace === namespace);
    if (resource === 'replicasets') {
      return sets.map((rs) => {
        const view = replicaSetView(w, rs);
        return { view, name: rs.name, labels: (view.metadata as { labels: Record<string, string> }).labels, rv: rs.resourceVersion };
      });
    }
    return sets.flatMap((rs) =>
      podViews(w, rs).map((view) => {
        const metadata = view.metadata as { name: string; labels: Record<string, string> };
        return { view, name: metadata.name, labels: metadata.labels, rv: rs.resourceVersion };
      }),
    );
  }

  function forbidden(verb: Verb, resource: string, namespace: string, name?: string): KubeError {
    const group = GROUPS[resource] ?? '';
    const what = `${resource}${group ? `.${group}` : ''}${name ? ` "${name}"` : ''}`;
    return {
      code: 403,
      reason: 'Forbidden',
      message: `${what} is forbidden: User "system:serviceaccount:${namespace}:cockpit" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${namespace}"`,
      details: { ...(name ? { name } : {}), group, kind: resource },
    };
  }

  function selected(resource: string, namespace: string, query: URLSearchParams): ReturnType<typeof objects> | KubeError {
    const labels = labelMatcher(query.get('labelSelector'));
    const fields = fieldMatcher(query.get('fieldSelector'));
    if (typeof labels === 'string') return { code: 400, reason: 'BadRequest', message: labels };
    if (typeof fields === 'string') return { code: 400, reason: 'BadRequest', message: fields };
    return objects(resource, namespace).filter((o) => labels(o.labels) && fields({ name: o.name, namespace }));
  }

  /** A watch: the matching objects newer than `resourceVersion`, then each change as it happens. */
  function watch(response: ServerResponse, resource: string, namespace: string, query: URLSearchParams): void {
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // A client waits for the headers before it reads events; a quiet watch must still answer.
    response.flushHeaders();
    const sent = new Map<string, number>();
    const since = Number(query.get('resourceVersion') ?? 0);
    const send = () => {
      const found = selected(resource, namespace, query);
      if (!Array.isArray(found)) return;
      for (const o of found) {
        const last = sent.get(o.name) ?? since;
        if (o.rv <= last && sent.has(o.name)) continue;
        if (!sent.has(o.name) && since > 0 && o.rv <= since) {
          sent.set(o.name, o.rv);
          continue;
        }
        response.write(`${JSON.stringify({ type: sent.has(o.name) || since > 0 ? 'MODIFIED' : 'ADDED', object: o.view })}\n`);
        sent.set(o.name, o.rv);
      }
    };
    send();
    const timer = setInterval(send, 50);
    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
    const stop = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      watches.delete(stop);
      response.end();
    };
    const deadline = setTimeout(stop, timeoutSeconds > 0 ? timeoutSeconds * 1000 : 300_000);
    watches.add(stop);
    response.on('close', stop);
  }

  function answer(method: string, url: URL, contentType: string, body: unknown): Reply | { watch: true; resource: string; namespace: string } {
    const served = method === 'GET' ? discovery(url.pathname, `127.0.0.1:${port}`) : undefined;
    if (served !== undefined) return { status: 200, body: served };
    const route = ROUTE.exec(url.pathname);
    if (!route || !inItsGroup(route[1]!, route[3]!)) return statusReply({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
    const [, , namespace, resource, name] = route as unknown as [string, string, string, string, string | undefined];
    const watching = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    const verb: Verb = method === 'PATCH' ? 'patch' : watching ? 'watch' : name ? 'get' : 'list';
    if ((method !== 'GET' && method !== 'PATCH') || (verb === 'patch' && (PATCHABLE[resource] === undefined || !name))) {
      return statusReply({ code: 405, reason: 'MethodNotAllowed', message: `the server does not allow this method on the requested resource` });
    }
    const fault = takeFault(verb, resource);
    if (fault?.kind === 'forbidden') return statusReply(forbidden(verb, resource, namespace, name));
    if (fault?.kind === 'server-error') return { status: 500, body: 'Internal Server Error' };
    if (verb === 'watch') return { watch: true, resource, namespace };
    if (verb === 'patch') {
      const kind = PATCHABLE[resource]!;
      const patched = patchDeployment(now(), namespace, name!, contentType, body, options.clock(), kind);
      if (!patched.ok) return statusReply(patched.error);
      world = patched.world;
      const d = findDeployment(world, namespace, name!, kind)!;
      return { status: 200, body: kind === 'Rollout' ? rolloutView(world, d) : deploymentView(world, d) };
    }
    if (name) {
      const found = objects(resource, namespace).find((o) => o.name === name);
      const group = GROUPS[resource] ?? '';
      if (!found) return statusReply({ code: 404, reason: 'NotFound', message: `${resource}${group ? `.${group}` : ''} "${name}" not found`, details: { name, group, kind: resource } });
      return { status: 200, body: found.view };
    }
    const found = selected(resource, namespace, url.searchParams);
    if (!Array.isArray(found)) return statusReply(found);
    const apiVersion = GROUP_VERSIONS[GROUPS[resource] ?? ''];
    return { status: 200, body: { apiVersion, kind: `${KINDS[resource]}List`, metadata: { resourceVersion: String(world.resourceVersion) }, items: found.map((o) => o.view) } };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const atMs = options.clock();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(request);
    const contentType = String(request.headers['content-type'] ?? '');
    let body: unknown;
    let reply: ReturnType<typeof answer>;
    try {
      body = text === '' ? undefined : JSON.parse(text);
      reply =
        options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`
          ? statusReply({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' })
          : answer(request.method ?? 'GET', url, contentType, body);
    } catch {
      body = text;
      reply = statusReply({ code: 400, reason: 'BadRequest', message: 'the request body is not JSON' });
    }
    const recorded = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      ...(contentType ? { contentType } : {}),
      ...(body === undefined ? {} : { body }),
      atMs,
      connection: connectionOf.get(request.socket) ?? 0,
    };
    if ('watch' in reply) {
      requests.push({ ...recorded, verb: 'watch', resource: reply.resource, status: 200 });
      watch(response, reply.resource, reply.namespace, url.searchParams);
      return;
    }
    const route = ROUTE.exec(url.pathname);
    const verb: Verb | undefined = route ? (request.method === 'PATCH' ? 'patch' : route[4] ? 'get' : 'list') : undefined;
    requests.push({ ...recorded, ...(verb ? { verb, resource: route![3]! } : {}), status: reply.status });
    const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    response.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', 'content-length': Buffer.byteLength(payload) });
    response.end(payload);
  }

  const connectionOf = new WeakMap<Socket, number>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        const reply = statusReply({ code: 500, reason: 'BadRequest', message: thrownMessage(error) });
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify(reply.body));
      }
    });
  });
  let connections = 0;
  server.on('connection', (socket: Socket) => connectionOf.set(socket, ++connections));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    world: () => now(),
    update(change) {
      world = change(world);
    },
    injectFault(fault) {
      faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    async close() {
      for (const stop of [...watches]) stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
