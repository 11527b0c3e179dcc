import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HugeBodyServer {
  readonly url: string;
  /** Bytes of body the server managed to write before the client went away (or all of them). */
  sent(): number;
  /** Resolves once the current response has ended or its client has hung up. */
  finished(): Promise<void>;
  close(): Promise<void>;
}

export interface HugeBodyOptions {
  readonly bytes: number;
  readonly status?: number;
  /** Announce the size up front (Content-Length) instead of streaming chunked. */
  readonly announce?: boolean;
  /** What the body starts with; the rest is padding that keeps it valid-looking JSON text. */
  readonly prefix?: string;
}

/**
 * An HTTP server on 127.0.0.1 that streams a body of `bytes` bytes, written as the client reads
 * (backpressure honoured), so the body never exists whole on the server side either.
 */
export async function startHugeBodyServer(options: HugeBodyOptions): Promise<HugeBodyServer> {
  const chunk = Buffer.alloc(1 << 20, 0x20);
  let sent = 0;
  let done: Promise<void> = Promise.resolve();
  const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    sent = 0;
    done = new Promise((resolve) => {
      response.on('close', () => resolve());
    });
    response.writeHead(options.status ?? 200, {
      'content-type': 'application/json',
      ...(options.announce ? { 'content-length': String(options.bytes) } : {}),
    });
    const prefix = Buffer.from(options.prefix ?? '{"status":"success","data":{"resultType":"scalar","result":[0,"');
    const write = (): void => {
      while (sent < options.bytes && !response.destroyed) {
        const piece = sent === 0 ? prefix : chunk.subarray(0, Math.min(chunk.length, options.bytes - sent));
        sent += piece.length;
        if (!response.write(piece)) {
          response.once('drain', write);
          return;
        }
      }
      if (!response.destroyed) response.end();
    };
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent: () => sent,
    finished: () => done,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
