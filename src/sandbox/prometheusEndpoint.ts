/**
 * The drill's SLO source: enough of the Prometheus HTTP API on 127.0.0.1 for the real
 * `prometheus` plugin. It recognises the runbook's `error_ratio` expressions with any window
 * substituted for `$window` and answers them from the traffic model over the world's live
 * history; anything else gets Prometheus' own `bad_data` error. Faults can be injected so the
 * cockpit's handling of a failing provider can be tested against the real plugin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDuration } from '../core/duration';
import type { SloQuery } from '../plugins/contract';
import { errorRatio, type TrafficModel, type WorldHistory } from './traffic';

export interface SandboxPrometheusOptions {
  /** The runbook's SLOs: their `error_ratio` queries are the only ones answered. */
  readonly slos: readonly SloQuery[];
  readonly model: TrafficModel;
  /** The world's history so far; called on every query, so it may grow as the drill runs. */
  readonly history: () => WorldHistory;
  /** Evaluation time (ms) of a query that gives none: the drill's virtual now. */
  readonly now: () => number;
  /** Largest request body accepted (POSTed form queries). */
  readonly maxBodyBytes?: number;
}

/** Injected failures: each affects the next `count` queries (all of them when left out). */
export type Fault =
  | { readonly kind: 'unavailable'; readonly count?: number }
  | { readonly kind: 'latency'; readonly ms: number; readonly count?: number };

export interface SandboxPrometheus {
  readonly url: string;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Queries answered or failed so far (for tests and the drill's own diagnostics). */
  readonly queriesReceived: number;
  close(): Promise<void>;
}

interface Matcher {
  readonly slo: string;
  readonly pattern: RegExp;
}

const DURATION_SOURCE = '(?:\\d+(?:ms|s|m|h|d|w|y))+';

/**
 * The expression as a pattern over squeezed text: literal text, and `$window` as a duration (the
 * same one wherever it recurs).
 */
function queryPattern(expression: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = squeeze(expression)
    .split('$window')
    .map(escape)
    .reduce((acc, part, index) => `${acc}${index === 1 ? `(?<window>${DURATION_SOURCE})` : '\\k<window>'}${part}`);
  return new RegExp(`^${body}$`);
}

/**
 * PromQL without the whitespace between its tokens, which it ignores (and YAML folding or a
 * client's formatting changes); whitespace inside string literals is kept.
 */
function squeeze(promql: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < promql.length; i++) {
    const c = promql[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && quote !== '`') out += promql[++i] ?? '';
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/** The prometheus plugin's data coverage query (plugins/prometheus `dataSinceQuery`), squeezed: the SLO's query, the range and the step. */
const COVERAGE_RE = /^min\(min_over_time\(timestamp\(\((.*)\)\)\[(\w+):(\w+)\]\)\)$/;

/** The SLO and window a query asks for; `undefined` when it is none of the runbook's expressions. */
function recogniseQuery(matchers: readonly Matcher[], query: string): { slo: string; windowMs: number | undefined } | undefined {
  const squeezed = squeeze(query);
  for (const { slo, pattern } of matchers) {
    const match = pattern.exec(squeezed);
    if (match) return { slo, windowMs: match.groups?.['window'] === undefined ? undefined : parseDuration(match.groups['window']) };
  }
  return undefined;
}

export async function startSandboxPrometheus(options: SandboxPrometheusOptions): Promise<SandboxPrometheus> {
  const matchers: Matcher[] = options.slos.map((slo) => ({ slo: slo.name, pattern: queryPattern(slo.errorRatio) }));
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  let faults: { fault: Fault; left: number }[] = [];
  let queries = 0;
  const timers = new Set<NodeJS.Timeout>();

  /** The fault that applies to this query, consuming one use of it. */
  const takeFault = (): Fault | undefined => {
    const entry = faults[0];
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) faults = faults.slice(1);
    return entry.fault;
  };

  const answerQuery = (params: URLSearchParams, response: ServerResponse): void => {
    queries += 1;
    const fault = takeFault();
    if (fault?.kind === 'unavailable') return send(response, 503, { status: 'error', errorType: 'unavailable', error: 'sandbox: injected fault (HTTP 503)' });
    const reply = () => evaluate(params, response);
    if (fault?.kind === 'latency') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        reply();
      }, fault.ms);
      timers.add(timer);
      // A client that gave up (the plugin's timeout) needs no answer; drop the timer with it.
      response.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    reply();
  };

  const evaluate = (params: URLSearchParams, response: ServerResponse): void => {
    if (response.destroyed) return;
    const query = params.get('query');
    if (!query) return badData(response, 'invalid parameter "query": query must not be empty');
    const time = parseTime(params.get('time'), options.now());
    if (time === undefined) return badData(response, `invalid parameter "time": cannot parse ${JSON.stringify(params.get('time'))} to a valid timestamp`);
    const coverage = COVERAGE_RE.exec(squeeze(query));
    if (coverage) return answerCoverage(coverage, time, response);
    const recognised = recogniseQuery(matchers, query);
    if (!recognised) {
      return badData(response, `sandbox: unknown query ${JSON.stringify(query)}; it answers only the runbook's error_ratio expressions (${matchers.map((m) => m.slo).join(', ')})`);
    }
    if (recognised.windowMs === undefined || recognised.windowMs <= 0) return badData(response, 'sandbox: the window must be a positive duration in ms, s, m, h, d or w');
    const ratio = errorRatio(options.model, options.history(), recognised.slo, recognised.windowMs, time * 1000);
    // An SLO the scenario has no traffic for is a series that does not exist: an empty vector.
    const result = ratio === undefined ? [] : [{ metric: {}, value: [time, ratio === null ? 'NaN' : String(ratio)] }];
    send(response, 200, { status: 'success', data: { resultType: 'vector', result } });
  };

  /**
   * How far back an SLO's query has data (the prometheus plugin's `dataSince`): the world has
   * traffic as far back as asked, so the earliest step of the range, as Prometheus aligns them.
   */
  const answerCoverage = (match: RegExpExecArray, time: number, response: ServerResponse): void => {
    const [, inner = '', range = '', step = ''] = match;
    const recognised = recogniseQuery(matchers, inner);
    const rangeMs = parseDuration(range);
    const stepMs = parseDuration(step);
    if (!recognised || rangeMs === undefined || stepMs === undefined || stepMs <= 0) return badData(response, `sandbox: unknown query ${JSON.stringify(match[0])}`);
    const known = errorRatio(options.model, options.history(), recognised.slo, stepMs, time * 1000) !== undefined;
    const first = Math.ceil((time * 1000 - rangeMs) / stepMs) * stepMs;
    send(response, 200, { status: 'success', data: { resultType: 'vector', result: known ? [{ metric: {}, value: [time, String(first / 1000)] }] : [] } });
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    if (url.pathname === '/-/ready' || url.pathname === '/-/healthy') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Prometheus Server is Ready.\n');
      return;
    }
    if (url.pathname !== '/api/v1/query') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    if (request.method === 'GET') return answerQuery(url.searchParams, response);
    if (request.method === 'POST') {
      readForm(request, maxBody).then(
        (form) => {
          if (form === undefined) return send(response, 413, { status: 'error', errorType: 'bad_data', error: 'request body too large' });
          // Prometheus merges URL and form parameters; the form wins.
          for (const [key, value] of form) url.searchParams.set(key, value);
          answerQuery(url.searchParams, response);
        },
        () => response.destroy(),
      );
      return;
    }
    response.writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    injectFault(fault) {
      if (fault.count !== undefined && fault.count <= 0) return;
      faults = [...faults, { fault, left: fault.count ?? Number.POSITIVE_INFINITY }];
    },
    clearFaults() {
      faults = [];
    },
    get queriesReceived() {
      return queries;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Unix seconds (`1700000000.5`) or RFC 3339, as Prometheus accepts; `now` when absent. */
function parseTime(text: string | null, nowMs: number): number | undefined {
  if (text === null || text === '') return nowMs / 1000;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return seconds;
  const ms = Date.parse(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(ms) ? ms / 1000 : undefined;
}

function readForm(request: IncomingMessage, maxBytes: number): Promise<URLSearchParams | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.once('error', reject);
  });
}

function badData(response: ServerResponse, error: string): void {
  send(response, 400, { status: 'error', errorType: 'bad_data', error });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
