/**
 * The Prometheus HTTP API's instant query, with every failure turned into a typed ProviderError:
 * transport (refused, timed out, cancelled), HTTP status, and Prometheus' own error envelope.
 *
 * Over node:http rather than fetch: the cockpit's other HTTP (the AWS SDK, the drill sandbox)
 * already uses it, while fetch's first call loads undici, about 18 ms of the start-up before
 * the SLO panel can fill. Redirects are not followed: they are reported with where they lead.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as z from 'zod';
import { fail, ok, type ProviderErrorKind, type Result } from '../../src/plugins/contract';
import { boundText, formatBytes, formatCount, MB } from '../../src/core/bounds';
import { formatDuration } from '../../src/core/duration';
import { BodyTooLarge, readBoundedText } from './boundedBody';

export interface PrometheusEndpoint {
  /** Base URL, with or without a path prefix (`http://host:9090`, `https://gw/prometheus/`). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** The envelope's `data` of a successful query: `{resultType, result}`, not yet interpreted. */
export interface QueryData {
  readonly resultType: string;
  readonly result: unknown;
  readonly warnings: readonly string[];
}

/**
 * An instant query for one ratio answers in a few hundred bytes; a vector of thousands of series
 * (a query left unaggregated, refused as such) stays below this. More is something that is not
 * Prometheus, and reading it whole once took `cockpit status` to 2.6 GB (issue #11). Per response,
 * and an SLO's windows are asked at once (nine for `status`): at 10 MB, a flooding server took
 * `status` ~100 MB over its normal peak.
 */
export const MAX_BODY_BYTES = 1 * MB;

const envelope = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({ resultType: z.string(), result: z.unknown() }),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

/** Prometheus' errorType values (web/api/v1) mapped onto the contract's kinds. */
const ERROR_TYPE_KIND: ReadonlyMap<string, ProviderErrorKind> = new Map([
  ['timeout', 'timeout'],
  ['canceled', 'cancelled'],
  ['unavailable', 'unreachable'],
  ['not_found', 'not-found'],
]);

export async function instantQuery(
  endpoint: PrometheusEndpoint,
  query: string,
  at: Date,
  signal: AbortSignal,
): Promise<Result<QueryData>> {
  const url = new URL('api/v1/query', endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
  url.search = new URLSearchParams({
    query,
    time: String(at.getTime() / 1000),
    // Asks the server to give up too, instead of evaluating on after we stopped waiting.
    timeout: formatDuration(endpoint.timeoutMs),
  }).toString();
  const where = `Prometheus at ${endpoint.url}`;

  const attempt = new AbortController();
  const timer = setTimeout(() => attempt.abort(), endpoint.timeoutMs);
  const onCancel = (): void => attempt.abort();
  signal.addEventListener('abort', onCancel, { once: true });
  try {
    if (signal.aborted) return fail('cancelled', `query to ${where} was cancelled`);
    const response = await get(url, { accept: 'application/json', ...endpoint.headers }, attempt.signal);
    const text = await readBoundedText(response, MAX_BODY_BYTES);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      return fail('failed', `${where} redirects (HTTP ${status}) to ${response.headers.location ?? 'nowhere'}: set url to where it leads`, `HTTP ${status}`);
    }
    return interpret(status, text, where);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return fail('invalid-response', `${where} sent a response larger than ${formatBytes(error.limit)}`, 'body-too-large');
    }
    if (signal.aborted) return fail('cancelled', `query to ${where} was cancelled`);
    if (attempt.signal.aborted) {
      return fail('timeout', `${where} did not answer within ${formatDuration(endpoint.timeoutMs)}`);
    }
    const code = transportCode(error);
    return fail('unreachable', `cannot reach ${where}${code ? ` (${code})` : ''}`, code);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onCancel);
  }
}

function get(url: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { headers, signal }, resolve);
    request.on('error', reject);
    request.end();
  });
}

function interpret(status: number, text: string, where: string): Result<QueryData> {
  if (status === 401 || status === 403) {
    return fail('unauthorized', `${where} refused the request (HTTP ${status}): check headers/bearer`, `HTTP ${status}`);
  }
  const parsed = envelope.safeParse(parseJson(text));
  const body = parsed.success ? parsed.data : undefined;
  if (body?.status === 'error') {
    return fail(ERROR_TYPE_KIND.get(body.errorType) ?? 'failed', boundText(body.error), boundText(body.errorType, 100));
  }
  if (body?.status === 'success' && status >= 200 && status < 300) {
    return ok({ resultType: body.data.resultType, result: body.data.result, warnings: boundList(body.warnings ?? []) });
  }
  // No Prometheus envelope: a proxy or something that is not Prometheus answered.
  if (status === 404) return fail('not-found', `${where} has no query API (HTTP 404): check the url`, 'HTTP 404');
  if (status === 429) return fail('throttled', `${where} is rate limiting queries (HTTP 429)`, 'HTTP 429');
  if (status === 502 || status === 503 || status === 504) {
    return fail('unreachable', `${where} is unavailable (HTTP ${status})`, `HTTP ${status}`);
  }
  if (status >= 200 && status < 300) {
    return fail('invalid-response', `${where} answered with something that is not a Prometheus API response`);
  }
  return fail('failed', `${where} answered HTTP ${status}`, `HTTP ${status}`);
}

/** Warnings kept of one answer; they are logged on every poll, so a flood would fill the log. */
const MAX_WARNINGS = 10;

function boundList(warnings: readonly string[]): string[] {
  const kept = warnings.slice(0, MAX_WARNINGS).map((w) => boundText(w));
  const left = warnings.length - kept.length;
  return left > 0 ? [...kept, `… ${formatCount(left)} more warnings`] : kept;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** node:http reports connection failures with their errno as `code` (ECONNREFUSED, ENOTFOUND, ...). */
function transportCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
