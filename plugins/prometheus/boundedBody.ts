import type { IncomingMessage } from 'node:http';

/** The body was larger than the limit; the response has been destroyed, nothing more is read. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
  }
}

/**
 * The response body as text, or BodyTooLarge as soon as it passes `limit` bytes (or announces
 * more in Content-Length): the connection is dropped there, so a runaway answer costs at most
 * `limit` bytes of memory instead of its whole size.
 */
export async function readBoundedText(response: IncomingMessage, limit: number): Promise<string> {
  const announced = Number(response.headers['content-length']);
  if (Number.isFinite(announced) && announced > limit) {
    response.destroy();
    throw new BodyTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) {
      response.destroy();
      throw new BodyTooLarge(limit);
    }
    chunks.push(chunk);
  }
  // Decoded once, whole: a multi-byte character split across chunks stays intact.
  return Buffer.concat(chunks, bytes).toString('utf8');
}
