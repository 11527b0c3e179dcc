/**
 * An ECS-compatible endpoint on 127.0.0.1 speaking AWS JSON 1.1, so the real AWS SDK (and the
 * real `ecs` plugin) run against the sandbox world with an endpoint override. It records every
 * request for tests and the drill, and injects faults on request.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { thrownMessage } from '../../core/errorText';
import { runOperation } from './operations';
import type { EcsError, World } from './model';

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface RecordedRequest {
  readonly operation: string;
  readonly body: unknown;
  /** The endpoint clock's time when the request arrived. */
  readonly atMs: number;
  readonly status: number;
  /** The error `__type` answered, if any. */
  readonly errorType?: string;
}

/**
 * `throttle`: 400 ThrottlingException. `server-error`: 500 with an HTML body (not JSON).
 * `access-denied`: 400 AccessDeniedException. `latency`: answers normally after `ms` of wall time.
 */
export type FaultKind = 'throttle' | 'server-error' | 'access-denied' | 'latency';

export interface Fault {
  readonly kind: FaultKind;
  /** Only requests for this operation; every operation when left out. */
  readonly operation?: string;
  /** How many matching requests it affects; every one (until cleared) when left out. */
  readonly times?: number;
  /** For `latency`. */
  readonly ms?: number;
}

export interface EcsEndpointOptions {
  readonly world: World;
  /** The world's time in ms; the drill passes its virtual clock. */
  readonly clock: () => number;
  readonly port?: number;
}

export interface EcsEndpoint {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  world(): World;
  /** Replaces the world (scenario changes, `advance` to a virtual time). */
  update(change: (world: World) => World): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

interface ActiveFault {
  readonly fault: Fault;
  remaining: number;
}

type Reply = { readonly status: number; readonly contentType: string; readonly body: string; readonly errorType?: string };

const errorReply = (status: number, error: EcsError): Reply => ({
  status,
  contentType: JSON_CONTENT_TYPE,
  body: JSON.stringify({ __type: error.type, message: error.message }),
  errorType: error.type,
});

/** Errors that are the server's fault answer 500; everything else ECS reports is a 400. */
const statusOf = (error: EcsError) => (error.type === 'ServerException' ? 500 : 400);

function faultReply(kind: Exclude<FaultKind, 'latency'>, operation: string, accountId: string): Reply {
  switch (kind) {
    case 'throttle':
      return errorReply(400, { type: 'ThrottlingException', message: 'Rate exceeded' });
    case 'access-denied':
      return errorReply(400, {
        type: 'AccessDeniedException',
        message: `User: arn:aws:iam::${accountId}:user/sandbox is not authorized to perform: ecs:${operation}`,
      });
    case 'server-error':
      return { status: 500, contentType: 'text/html', body: '<html><body>Internal Server Error</body></html>', errorType: 'InternalFailure' };
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEcsEndpoint(options: EcsEndpointOptions): Promise<EcsEndpoint> {
  let world = options.world;
  const requests: RecordedRequest[] = [];
  let faults: ActiveFault[] = [];
  // Latency timers, each with its resolver so closing the endpoint releases a delayed request.
  const timers = new Map<NodeJS.Timeout, () => void>();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  /** Consumes the faults that match this request: total latency, then the first failing one. */
  function takeFaults(operation: string): { latencyMs: number; failure?: Exclude<FaultKind, 'latency'> } {
    let latencyMs = 0;
    let failure: Exclude<FaultKind, 'latency'> | undefined;
    for (const active of faults) {
      if (active.remaining <= 0 || (active.fault.operation !== undefined && active.fault.operation !== operation)) continue;
      if (active.fault.kind === 'latency') latencyMs += active.fault.ms ?? 0;
      else if (failure === undefined) failure = active.fault.kind;
      else continue;
      active.remaining -= 1;
    }
    faults = faults.filter((active) => active.remaining > 0);
    return failure === undefined ? { latencyMs } : { latencyMs, failure };
  }

  async function answer(request: IncomingMessage, text: string): Promise<{ operation: string; body: unknown; reply: Reply }> {
    const target = request.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      return { operation, body: text, reply: errorReply(400, { type: 'SerializationException', message: 'The request body is not JSON.' }) };
    }
    if (!String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
      return {
        operation,
        body,
        reply: errorReply(400, { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }),
      };
    }
    const { latencyMs, failure } = takeFaults(operation);
    if (latencyMs > 0) await wait(latencyMs);
    if (failure) return { operation, body, reply: faultReply(failure, operation, world.scope.accountId) };
    const result = runOperation(world, operation, body, options.clock());
    if ('error' in result) return { operation, body, reply: errorReply(statusOf(result.error), result.error) };
    world = result.world;
    return { operation, body, reply: { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(result.body) } };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const atMs = options.clock();
    const text = await readBody(request);
    const { operation, body, reply } = await answer(request, text);
    requests.push({ operation, body, atMs, status: reply.status, ...(reply.errorType ? { errorType: reply.errorType } : {}) });
    response.writeHead(reply.status, {
      'content-type': reply.contentType,
      'x-amzn-requestid': randomUUID(),
      'content-length': Buffer.byteLength(reply.body),
    });
    response.end(reply.body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in the sandbox: answer like AWS would, and keep the message for whoever reads the log.
      if (!response.headersSent) {
        const reply = errorReply(500, { type: 'ServerException', message: thrownMessage(error) });
        response.writeHead(reply.status, { 'content-type': reply.contentType });
        response.end(reply.body);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    world: () => world,
    update(change) {
      world = change(world);
    },
    injectFault(fault) {
      faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults = [];
    },
    async close() {
      for (const [timer, release] of timers) {
        clearTimeout(timer);
        release();
      }
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
