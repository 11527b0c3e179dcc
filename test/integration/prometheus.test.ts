/**
 * The `prometheus` plugin against a real Prometheus (Debian package) loaded with generated history.
 * Every expected ratio is computed here, independently, from the generated samples.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import prometheusPlugin, { prometheusConfig } from '../../plugins/prometheus/index';
import { burnRate, STANDARD_WINDOWS_MS } from '../../src/core/burnRate';
import { formatDuration } from '../../src/core/duration';
import { evaluateTrigger, runbookTriggers, windowsFor } from '../../src/core/triggers';
import { fail, type PluginContext, type SloCapability, type SloQuery } from '../../src/plugins/contract';
import { checkoutHistory, END_S, HISTORY_S, IDLE_SINCE_S, INCIDENT } from '../fixtures/prometheus/checkoutHistory';
import { counterOpenMetrics, startPrometheus, type CounterSeries, type PrometheusServer } from '../support/prometheus';

const AUTH = { authorization: `Basic ${Buffer.from('cockpit:cockpit-test-password').toString('base64')}` };
const WEB_CONFIG = readFileSync(new URL('../fixtures/prometheus/web.yml', import.meta.url), 'utf8');
const OBJECTIVE = 99.9;
const errorRatioOf = (job: string) =>
  `sum(rate(http_requests_total{job="${job}",code=~"5.."}[$window])) / sum(rate(http_requests_total{job="${job}"}[$window]))`;
const CHECKOUT: SloQuery = { name: 'availability', errorRatio: errorRatioOf('checkout') };

// Query instants sit between sample timestamps (every 30 s from END), so no sample lies on a
// window boundary and the result cannot depend on whether a range is closed or open.
const AT_END = new Date((END_S + 7) * 1000); // 10 min after the incident ended
const AT_INCIDENT = new Date((INCIDENT.toS - 5 * 60 + 7) * 1000); // 5 min before it ended
const AT_BEFORE = new Date((INCIDENT.fromS - 2 * 3600 + 7) * 1000); // two hours before it started

let prometheus: PrometheusServer;
let history: CounterSeries[];

beforeAll(async () => {
  history = checkoutHistory();
  prometheus = await startPrometheus(counterOpenMetrics('http_requests', history), { webConfig: WEB_CONFIG, headers: AUTH });
});

afterAll(async () => {
  await prometheus?.stop();
});

/** increase(5xx) / increase(all) over (at − window, at], straight from the generated samples. */
function expectedRatio(job: string, at: Date, windowMs: number): number | null {
  const [from, to] = [(at.getTime() - windowMs) / 1000, at.getTime() / 1000];
  let errors = 0;
  let all = 0;
  for (const { labels, samples } of history.filter((s) => s.labels['job'] === job)) {
    const inWindow = samples.filter(([t]) => t > from && t <= to);
    const increase = inWindow.at(-1)![1] - inWindow[0]![1];
    all += increase;
    if (labels['code']!.startsWith('5')) errors += increase;
  }
  return all === 0 ? null : errors / all;
}

interface TestContext {
  readonly ctx: PluginContext;
  readonly warnings: unknown[];
}

function testContext(): TestContext {
  const warnings: unknown[] = [];
  const ctx: PluginContext = {
    signal: new AbortController().signal,
    clock: { now: () => new Date(), sleep: () => Promise.reject(new Error('the prometheus plugin does not sleep')) },
    log: { debug: () => {}, info: () => {}, warn: (message, fields) => warnings.push({ message, fields }) },
    exec: async () => fail('unsupported', 'the prometheus plugin runs no processes'),
    baseDir: process.cwd(),
    service: 'checkout-api',
    environment: 'test',
    sandboxed: false,
  };
  return { ctx, warnings };
}

async function sloFor(config: Record<string, unknown>, context = testContext()): Promise<SloCapability> {
  const instance = await prometheusPlugin.create(prometheusConfig.parse(config), context.ctx);
  return instance.slo!;
}

const authorized = () => sloFor({ url: prometheus.url, headers: AUTH });
const never = new AbortController().signal;

function expectWithinOnePercent(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.01 * Math.abs(expected));
}

describe('error ratio and burn rate against real Prometheus', () => {
  const cases = [AT_INCIDENT, AT_END].flatMap((at) =>
    STANDARD_WINDOWS_MS.map((windowMs) => ({ at, windowMs, window: formatDuration(windowMs), instant: at.toISOString() })),
  );

  it.each(cases)('$window window at $instant matches the generated samples', async ({ at, windowMs }) => {
    const slo = await authorized();
    const result = await slo.errorRatio(CHECKOUT, windowMs, at, never);
    const expected = expectedRatio('checkout', at, windowMs)!;
    expect(result).toMatchObject({ ok: true });
    const ratio = result.ok ? result.value! : NaN;
    expectWithinOnePercent(ratio, expected);
    expectWithinOnePercent(burnRate(ratio, OBJECTIVE)!, expected / (1 - OBJECTIVE / 100));
  });

  it('sees the incident: the short window burns far hotter during it than after it', async () => {
    const slo = await authorized();
    const during = await slo.errorRatio(CHECKOUT, 5 * 60_000, AT_INCIDENT, never);
    const after = await slo.errorRatio(CHECKOUT, 5 * 60_000, AT_END, never);
    expect(during.ok && after.ok && during.value! > 10 * after.value!).toBe(true);
  });
});

// A Prometheus younger than the SLO's period (or keeping less of it) answers a 30d ratio from the
// data it has: the budget needs to know how much that is (a real rig with 7 hours read "-136% left").
describe('how far back the data goes, against real Prometheus', () => {
  const DAY = 86_400_000;
  it('a 30-day period: the history begins 74 hours before its end; the data is surely there by the step said, never before it began', async () => {
    const slo = await authorized();
    const since = await slo.dataSince!(CHECKOUT, 30 * DAY, AT_END, never);
    if (!since.ok || since.value === null) throw new Error(JSON.stringify(since));
    const begins = (END_S - HISTORY_S) * 1000;
    expect(since.value).toBeGreaterThanOrEqual(begins);
    // To the minute (a 2m window, a minute's step), not to the 10-minute step.
    expect(since.value).toBeLessThanOrEqual(begins + 3 * 60_000);
  });

  // A real rig: past a fresh Prometheus's first 10-minute mark, the data read as 27 seconds old
  // (the step), while it held 9 minutes: the windows, the budget and the postmortem followed it.
  it('past the first 10-minute step that has data: still within minutes of the first sample', async () => {
    const slo = await authorized();
    const begins = (END_S - HISTORY_S) * 1000;
    for (const minutes of [11, 15, 19, 29]) {
      const at = new Date(begins + minutes * 60_000 + 7_000);
      const since = await slo.dataSince!(CHECKOUT, 30 * DAY, at, never);
      if (!since.ok || since.value === null) throw new Error(JSON.stringify(since));
      expect(since.value).toBeGreaterThanOrEqual(begins);
      expect(since.value).toBeLessThanOrEqual(begins + 3 * 60_000);
    }
  });

  // Eleven seconds after a Prometheus started, its coverage said none, and the budget read "-5900% left".
  it('data younger than a minute\'s step: surely there by now, never "none"', async () => {
    const slo = await authorized();
    const begins = (END_S - HISTORY_S) * 1000;
    const at = new Date(begins + 45_000);
    const since = await slo.dataSince!(CHECKOUT, 30 * DAY, at, never);
    if (!since.ok || since.value === null) throw new Error(JSON.stringify(since));
    expect(since.value).toBeGreaterThanOrEqual(begins);
    expect(since.value).toBeLessThanOrEqual(at.getTime());
  });

  it('within a range the data fills: the range itself; a job with no series: null', async () => {
    const slo = await authorized();
    expect(await slo.dataSince!(CHECKOUT, 6 * 3_600_000, AT_END, never)).toEqual({ ok: true, value: AT_END.getTime() - 6 * 3_600_000 });
    expect(await slo.dataSince!({ name: 'ghost', errorRatio: errorRatioOf('ghost') }, 30 * DAY, AT_END, never)).toEqual({ ok: true, value: null });
  });

  // A Prometheus started minutes ago: no 10-minute step had data yet, and for ten minutes the
  // budget was read as the whole month's ("budget left 80.0%" after 90 seconds of data).
  it('data younger than a step: found minute by minute', async () => {
    const slo = await authorized();
    const young = new Date((END_S - HISTORY_S) * 1000 + 5 * 60_000 + 7_000);
    const since = await slo.dataSince!(CHECKOUT, 30 * DAY, young, never);
    if (!since.ok || since.value === null) throw new Error(JSON.stringify(since));
    expect(since.value).toBeGreaterThanOrEqual((END_S - HISTORY_S) * 1000);
    expect(young.getTime() - since.value).toBeGreaterThanOrEqual(2 * 60_000);
  });
});

describe('triggers on real data', () => {
  const rules = runbookTriggers([{ slo: 'availability', burn_rate: 14.4, long: '1h', short: '5m' }]);
  const rule = rules[0]!;

  async function verdictAt(at: Date) {
    const slo = await authorized();
    const ratios = new Map<number, number | null>();
    for (const windowMs of windowsFor(rules)) {
      const result = await slo.errorRatio(CHECKOUT, windowMs, at, never);
      if (!result.ok) throw new Error(result.error.message);
      ratios.set(windowMs, result.value);
    }
    return evaluateTrigger(rule, OBJECTIVE, ratios);
  }

  it('fires during the incident (both windows above 14.4)', async () => {
    const verdict = await verdictAt(AT_INCIDENT);
    expect(verdict.state).toBe('fired');
    expect(verdict.longBurn).toBeGreaterThan(14.4);
    expect(verdict.shortBurn).toBeGreaterThan(14.4);
  });

  it('does not fire after the incident although the long window is still hot', async () => {
    const verdict = await verdictAt(AT_END);
    expect(verdict.longBurn).toBeGreaterThan(14.4);
    expect(verdict.shortBurn).toBeLessThan(14.4);
    expect(verdict.state).toBe('quiet');
  });

  it('does not fire before the incident', async () => {
    expect((await verdictAt(AT_BEFORE)).state).toBe('quiet');
  });

  it('reports no data for an SLO without traffic instead of firing', async () => {
    const slo = await authorized();
    const idle: SloQuery = { name: 'idle', errorRatio: errorRatioOf('idle') };
    const ratios = new Map<number, number | null>();
    for (const windowMs of windowsFor(rules)) {
      const result = await slo.errorRatio(idle, windowMs, AT_END, never);
      ratios.set(windowMs, result.ok ? result.value : -1);
    }
    expect(evaluateTrigger(rule, OBJECTIVE, ratios).state).toBe('no-data');
  });
});

describe('no data', () => {
  const idle: SloQuery = { name: 'idle', errorRatio: errorRatioOf('idle') };

  it('a window without traffic (0/0 = NaN) is null, not zero', async () => {
    const slo = await authorized();
    expect(await slo.errorRatio(idle, 5 * 60_000, AT_END, never)).toEqual({ ok: true, value: null });
  });

  it('the same query over a window that still had traffic is a number (the query itself is right)', async () => {
    const slo = await authorized();
    const windowMs = 3 * 3600_000;
    expect(END_S - IDLE_SINCE_S).toBeLessThan(windowMs / 1000);
    const result = await slo.errorRatio(idle, windowMs, AT_END, never);
    expectWithinOnePercent(result.ok ? result.value! : NaN, expectedRatio('idle', AT_END, windowMs)!);
  });

  it('a query that matches no series is null', async () => {
    const slo = await authorized();
    const result = await slo.errorRatio({ name: 'ghost', errorRatio: errorRatioOf('ghost') }, 5 * 60_000, AT_END, never);
    expect(result).toEqual({ ok: true, value: null });
  });

  it('the present, where backfilled history has nothing, is null', async () => {
    const slo = await authorized();
    expect(await slo.errorRatio(CHECKOUT, 5 * 60_000, new Date(), never)).toEqual({ ok: true, value: null });
  });
});

describe('errors are typed values', () => {
  it('bad PromQL surfaces Prometheus errorType and error', async () => {
    const slo = await authorized();
    const result = await slo.errorRatio({ name: 'broken', errorRatio: 'sum(rate(http_requests_total[$window]' }, 60_000, AT_END, never);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'failed', code: 'bad_data' });
    expect(result.error.message).toMatch(/parse error/);
  });

  it('an execution error (HTTP 422) keeps its errorType', async () => {
    const slo = await authorized();
    const query = 'http_requests_total + on() http_requests_total';
    const result = await slo.errorRatio({ name: 'many', errorRatio: query }, 60_000, AT_END, never);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'failed', code: 'execution', message: expect.stringMatching(/many-to-many/) });
  });

  it('several series are an invalid response that says how to fix the query', async () => {
    const slo = await authorized();
    const query = 'sum by (code) (rate(http_requests_total{job="checkout"}[$window]))';
    const result = await slo.errorRatio({ name: 'split', errorRatio: query }, 5 * 60_000, AT_END, never);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'invalid-response', message: expect.stringMatching(/3 series.*sum/) });
  });

  it('a value that is not a ratio (requests per second) is an invalid response', async () => {
    const slo = await authorized();
    const query = 'sum(rate(http_requests_total{job="checkout"}[$window]))';
    const result = await slo.errorRatio({ name: 'rps', errorRatio: query }, 5 * 60_000, AT_END, never);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'invalid-response', message: expect.stringMatching(/between 0 and 1/) });
  });

  it('a string result is an invalid response', async () => {
    const slo = await authorized();
    const result = await slo.errorRatio({ name: 'text', errorRatio: '"hello"' }, 5 * 60_000, AT_END, never);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'invalid-response', message: expect.stringMatching(/string/) });
  });

  it('missing or wrong credentials are unauthorized', async () => {
    for (const config of [{ url: prometheus.url }, { url: prometheus.url, bearer: 'not-the-password' }]) {
      const slo = await sloFor(config);
      const result = await slo.errorRatio(CHECKOUT, 5 * 60_000, AT_END, never);
      expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unauthorized', code: 'HTTP 401' });
    }
  });

  it('a server that is not listening is unreachable', async () => {
    const port = await closedPort();
    const slo = await sloFor({ url: `http://127.0.0.1:${port}` });
    const result = await slo.errorRatio(CHECKOUT, 5 * 60_000, AT_END, never);
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'unreachable', code: 'ECONNREFUSED' });
  });
});

describe('timeout and cancellation (a TCP server that accepts and never answers)', () => {
  let silent: { url: string; connections: Socket[]; close(): Promise<void> };

  beforeAll(async () => {
    const connections: Socket[] = [];
    const server = createTcpServer((socket) => connections.push(socket));
    const port = await listen(server);
    silent = {
      url: `http://127.0.0.1:${port}`,
      connections,
      close: () => {
        for (const socket of connections) socket.destroy();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  });

  afterAll(async () => {
    await silent.close();
  });

  // A lower bound only: it waited the timeout out. That it gave up at all is the test not timing out.
  it('gives up after the configured timeout', { timeout: 60_000 }, async () => {
    const slo = await sloFor({ url: silent.url, timeout: '300ms' });
    const started = performance.now();
    const result = await slo.errorRatio(CHECKOUT, 5 * 60_000, AT_END, never);
    const elapsed = performance.now() - started;
    expect(result.ok ? undefined : result.error).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/300ms/) });
    expect(elapsed).toBeGreaterThanOrEqual(290);
  });

  it('stops when the caller aborts', async () => {
    const slo = await sloFor({ url: silent.url, timeout: '60s' });
    const controller = new AbortController();
    const before = silent.connections.length;
    const pending = slo.errorRatio(CHECKOUT, 5 * 60_000, AT_END, controller.signal);
    await waitFor(() => silent.connections.length > before);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });
});

describe('the request on the wire (a recording HTTP server)', () => {
  type Reply = { status: number; body: string; headers?: Record<string, string> };
  let recorder: { url: string; requests: IncomingMessage[]; reply: Reply; close(): Promise<void> };

  beforeAll(async () => {
    const requests: IncomingMessage[] = [];
    const state = { reply: { status: 200, body: '' } as Reply };
    const server = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
      requests.push(request);
      response.writeHead(state.reply.status, { 'content-type': 'application/json', ...state.reply.headers }).end(state.reply.body);
    });
    const port = await listen(server);
    recorder = {
      url: `http://127.0.0.1:${port}/prom`,
      requests,
      get reply() {
        return state.reply;
      },
      set reply(value: Reply) {
        state.reply = value;
      },
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  });

  afterAll(async () => {
    await recorder.close();
  });

  const envelope = (data: unknown, extra: object = {}) => JSON.stringify({ status: 'success', data, ...extra });

  it('sends the substituted query, the instant in unix seconds, the timeout and the bearer token', async () => {
    recorder.reply = { status: 200, body: envelope({ resultType: 'scalar', result: [1, '0.25'] }) };
    const slo = await sloFor({ url: recorder.url, bearer: 'token-123', timeout: '4s' });
    const at = new Date(Date.UTC(2026, 10, 1, 12, 0, 0, 250));
    const result = await slo.errorRatio({ name: 'x', errorRatio: 'a[$window] / b[$window]' }, 90 * 60_000, at, never);
    expect(result).toEqual({ ok: true, value: 0.25 });
    const request = recorder.requests.at(-1)!;
    const url = new URL(request.url!, 'http://recorder');
    expect(url.pathname).toBe('/prom/api/v1/query');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      query: `a[${formatDuration(90 * 60_000)}] / b[${formatDuration(90 * 60_000)}]`,
      time: String(at.getTime() / 1000),
      timeout: '4s',
    });
    expect(url.searchParams.get('query')).toBe('a[1h30m] / b[1h30m]');
    expect(request.headers['authorization']).toBe('Bearer token-123');
  });

  it('passes configured headers and logs Prometheus warnings', async () => {
    recorder.reply = { status: 200, body: envelope({ resultType: 'vector', result: [] }, { warnings: ['partial response'] }) };
    const context = testContext();
    const slo = await sloFor({ url: recorder.url, headers: { 'X-Scope-OrgID': 'tenant-7' } }, context);
    expect(await slo.errorRatio(CHECKOUT, 60_000, AT_END, never)).toEqual({ ok: true, value: null });
    expect(recorder.requests.at(-1)!.headers['x-scope-orgid']).toBe('tenant-7');
    expect(context.warnings).toEqual([expect.objectContaining({ fields: expect.objectContaining({ warnings: ['partial response'] }) })]);
  });

  it.each([
    { status: 503, body: JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }), kind: 'timeout', code: 'timeout' },
    { status: 503, body: JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'not ready' }), kind: 'unreachable', code: 'unavailable' },
    { status: 403, body: 'forbidden', kind: 'unauthorized', code: 'HTTP 403' },
    { status: 404, body: 'not found', kind: 'not-found', code: 'HTTP 404' },
    { status: 429, body: 'slow down', kind: 'throttled', code: 'HTTP 429' },
    { status: 502, body: '<html>bad gateway</html>', kind: 'unreachable', code: 'HTTP 502' },
    { status: 500, body: 'oops', kind: 'failed', code: 'HTTP 500' },
    { status: 400, body: JSON.stringify({ status: 'error', errorType: 'constructor', error: 'odd' }), kind: 'failed', code: 'constructor' },
    { status: 200, body: '<html>login</html>', kind: 'invalid-response', code: undefined },
    { status: 200, body: envelope({ resultType: 'vector', result: [{ metric: {}, value: [1, '+Inf'] }] }), kind: 'invalid-response', code: undefined },
  ])('HTTP $status "$body" becomes $kind', async ({ status, body, kind, code }) => {
    recorder.reply = { status, body };
    const slo = await sloFor({ url: recorder.url });
    const result = await slo.errorRatio(CHECKOUT, 60_000, AT_END, never);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe(kind);
    expect(result.error.code).toBe(code);
    expect(result.error.message).not.toMatch(/\n\s+at /);
  });

  it('a redirect is not followed: it is an error that says where it leads', async () => {
    recorder.reply = { status: 302, body: '', headers: { location: 'https://sso.example.com/login' } };
    const before = recorder.requests.length;
    const slo = await sloFor({ url: recorder.url });
    const result = await slo.errorRatio(CHECKOUT, 60_000, AT_END, never);
    expect(result).toMatchObject({ ok: false, error: { kind: 'failed', code: 'HTTP 302', message: expect.stringContaining('https://sso.example.com/login') } });
    expect(recorder.requests.length).toBe(before + 1);
  });

  it('the error message of an envelope is Prometheus own error text', async () => {
    recorder.reply = { status: 422, body: JSON.stringify({ status: 'error', errorType: 'execution', error: 'vector cannot contain metrics with the same labelset' }) };
    const slo = await sloFor({ url: recorder.url });
    const result = await slo.errorRatio(CHECKOUT, 60_000, AT_END, never);
    expect(result).toEqual({ ok: false, error: { kind: 'failed', code: 'execution', message: 'vector cannot contain metrics with the same labelset' } });
  });
});

describe('the test harness', () => {
  it('says how to get Prometheus when it is not installed', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      await expect(startPrometheus('# EOF\n')).rejects.toThrow(/`(prometheus|promtool)` is not installed: run as root .*apt-get install/);
    } finally {
      process.env['PATH'] = path;
    }
  });

  it('refuses millisecond timestamps, which promtool would file in the far future', () => {
    expect(() => counterOpenMetrics('x', [{ labels: {}, samples: [[END_S * 1000, 1]] }])).toThrow(/seconds/);
  });
});

describe('config', () => {
  it('refuses a bearer token together with an Authorization header', () => {
    const parsed = prometheusConfig.safeParse({ url: 'http://p:9090', bearer: 'x', headers: { Authorization: 'Basic y' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['bearer'] });
  });

  it('refuses credentials in the url and non-http schemes', () => {
    expect(prometheusConfig.safeParse({ url: 'http://user:secret@p:9090' }).error?.issues[0]?.message).toMatch(/headers or bearer/);
    expect(prometheusConfig.safeParse({ url: 'ftp://p:9090' }).success).toBe(false);
  });

  it('refuses a zero timeout and defaults to 10s', () => {
    expect(prometheusConfig.safeParse({ url: 'http://p:9090', timeout: '0s' }).success).toBe(false);
    expect(prometheusConfig.parse({ url: 'http://p:9090' }).timeout).toBe('10s');
  });
});

function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): AddressInfo | string | null }): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
