/**
 * The AWS SDK reads every response body whole before parsing it, and has no setting for a
 * maximum size. This middleware sits between the HTTP handler and the SDK's deserializer and
 * hands the deserializer a body that errors as soon as it passes the limit (or refuses one that
 * announces more in Content-Length), so a runaway answer costs at most the limit in memory.
 */
import { Readable, Transform } from 'node:stream';
import { formatBytes, MB } from '../../src/core/bounds';

/** ECS answers (DescribeServices with its 100 events, a page of deployments) are tens of KB. */
export const MAX_ECS_RESPONSE_BYTES = 10 * MB;

export class ResponseTooLarge extends Error {
  override readonly name = 'ResponseTooLarge';
  constructor(limit: number) {
    super(`a response larger than ${formatBytes(limit)}`);
  }
}

interface HttpResponseLike {
  headers?: Record<string, string | undefined>;
  body?: unknown;
}

type Next = (args: unknown) => Promise<{ response: unknown }>;

/** The part of the SDK client's middleware stack used here. */
export interface MiddlewareStackLike {
  add(middleware: (next: Next) => Next, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
}

export function limitResponses(stack: MiddlewareStackLike, limit = MAX_ECS_RESPONSE_BYTES): void {
  // `deserialize` with low priority: inside the SDK's deserializer, so it sees the raw body first.
  stack.add(
    (next) => async (args) => {
      const out = await next(args);
      const response = out.response as HttpResponseLike;
      if (!(response.body instanceof Readable)) return out;
      const body = response.body;
      const announced = Number(response.headers?.['content-length']);
      if (Number.isFinite(announced) && announced > limit) {
        body.destroy();
        throw new ResponseTooLarge(limit);
      }
      response.body = bounded(body, limit);
      return out;
    },
    { step: 'deserialize', priority: 'low', name: 'cockpitResponseLimit' },
  );
}

function bounded(body: Readable, limit: number): Readable {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= limit) return done(null, chunk);
      body.destroy();
      done(new ResponseTooLarge(limit));
    },
  });
  body.once('error', (error) => limited.destroy(error));
  return body.pipe(limited);
}
