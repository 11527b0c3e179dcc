/**
 * Issue #11: what the prometheus plugin reads and keeps is bounded, against real HTTP servers on
 * 127.0.0.1 that stream far more than any Prometheus answer should be.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { instantQuery, MAX_BODY_BYTES } from '../../plugins/prometheus/http';
import { prometheusSlo } from '../../plugins/prometheus/errorRatio';
import { MAX_MESSAGE_CHARS } from '../../src/core/bounds';
import type { Logger } from '../../src/plugins/contract';
import { startHugeBodyServer, type HugeBodyServer } from '../support/hugeBodyServer';

const MB = 1_000_000;
const AT = new Date(Date.UTC(2026, 10, 22, 2, 0, 0));
let server: HugeBodyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const endpoint = (url: string) => ({ url, headers: {}, timeoutMs: 20_000 });

describe('a response body over the limit', () => {
  it('streamed (no Content-Length): the read stops early with a typed error', async () => {
    server = await startHugeBodyServer({ bytes: 200 * MB });
    const answer = await instantQuery(endpoint(server.url), 'up', AT, new AbortController().signal);
    expect(answer).toEqual({ ok: false, error: { kind: 'invalid-response', message: `Prometheus at ${server.url} sent a response larger than 1 MB`, code: 'body-too-large' } });
    await server.finished();
    // The limit plus what loopback socket buffers held when the read stopped; never the whole body.
    expect(server.sent()).toBeLessThan(MAX_BODY_BYTES + 30 * MB);
  });

  it('announced by Content-Length: refused before the body is read', async () => {
    server = await startHugeBodyServer({ bytes: 50 * MB, announce: true });
    const answer = await instantQuery(endpoint(server.url), 'up', AT, new AbortController().signal);
    expect(answer.ok || answer.error.message).toBe(`Prometheus at ${server.url} sent a response larger than 1 MB`);
    await server.finished();
    expect(server.sent()).toBeLessThan(MAX_BODY_BYTES + 30 * MB);
  });

  it('an error status with a huge body is bounded the same way', async () => {
    server = await startHugeBodyServer({ bytes: 100 * MB, status: 500, prefix: '<html>' });
    const answer = await instantQuery(endpoint(server.url), 'up', AT, new AbortController().signal);
    expect(answer.ok || answer.error.code).toBe('body-too-large');
  });

  it('a body just under the limit is still read and interpreted', async () => {
    const padding = ' '.repeat(MAX_BODY_BYTES - 200);
    const body = `{"status":"success","data":{"resultType":"scalar","result":[0,"0.25"]}${padding}}`;
    const http = createServer((_req, res) => res.end(body));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const answer = await instantQuery(endpoint(url), 'up', AT, new AbortController().signal);
      expect(answer).toEqual({ ok: true, value: { resultType: 'scalar', result: [0, '0.25'], warnings: [] } });
    } finally {
      http.close();
    }
  });
});

describe('error texts and warnings kept in memory', () => {
  const serve = async (body: unknown, status = 200) => {
    const http = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => http.close() };
  };

  it("Prometheus' own error text is cut to one message's length, keeping its start and end", async () => {
    const error = `parse error: ${'x'.repeat(200_000)} at char 9`;
    const http = await serve({ status: 'error', errorType: 'bad_data', error }, 400);
    try {
      const answer = await instantQuery(endpoint(http.url), 'up', AT, new AbortController().signal);
      expect(answer.ok).toBe(false);
      const message = answer.ok ? '' : answer.error.message;
      expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(message).toMatch(/^parse error: x+ … 199,\d{3} characters cut … x+ at char 9$/);
    } finally {
      http.close();
    }
  });

  it('warnings are logged bounded in number and length, saying how many were left out', async () => {
    const warnings = Array.from({ length: 400 }, (_, i) => `warning ${i}: ${'w'.repeat(2_000)}`);
    const http = await serve({ status: 'success', data: { resultType: 'scalar', result: [0, '0.5'] }, warnings });
    const logged: Record<string, unknown>[] = [];
    const log: Logger = { debug() {}, info() {}, warn: (_message, fields) => logged.push(fields ?? {}) };
    try {
      const answer = await prometheusSlo(endpoint(http.url), log).errorRatio({ name: 'availability', errorRatio: 'up' }, 300_000, AT, new AbortController().signal);
      expect(answer).toEqual({ ok: true, value: 0.5 });
      expect(logged).toHaveLength(1);
      const kept = logged[0]!['warnings'] as string[];
      expect(kept.length).toBeLessThanOrEqual(11);
      expect(kept.every((w) => w.length <= MAX_MESSAGE_CHARS)).toBe(true);
      expect(kept[0]).toMatch(/^warning 0: w+ … /);
      expect(kept.at(-1)).toBe('… 390 more warnings');
    } finally {
      http.close();
    }
  });
});
