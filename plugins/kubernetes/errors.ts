/** API server and transport failures as the contract's typed errors, with a sentence a responder can act on. */
import { boundError } from '../../src/core/bounds';
import { firstLine } from '../../src/core/errorText';
import type { ProviderError, ProviderErrorKind } from '../../src/plugins/contract';

const KIND_BY_STATUS: Readonly<Record<number, ProviderErrorKind>> = {
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'not-found',
  409: 'conflict',
  429: 'throttled',
  504: 'timeout',
};

const HINTS: Partial<Record<ProviderErrorKind, string>> = {
  unauthorized: 'the credentials of this kubeconfig context were refused; check its user and RBAC for this namespace',
  'not-found': 'the API server does not know it; check context, namespace and name in the runbook',
  conflict: 'the workload changed since the plan was made; plan again',
  throttled: 'the API server is throttling requests; the cockpit retries on its next poll',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT']);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  body?: unknown;
  type?: unknown;
}

/** A `Status` body's message and reason, when the server sent one. */
function status(body: unknown): { message?: string; reason?: string } {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const { message, reason } = parsed as { message?: unknown; reason?: unknown };
  return { ...(typeof message === 'string' ? { message } : {}), ...(typeof reason === 'string' ? { reason } : {}) };
}

/** Bounded: an API error can carry a whole response body. */
export function toProviderError(error: unknown, signal: AbortSignal | undefined, server: string, timedOut: boolean): ProviderError {
  return boundError(describe(error, signal, server, timedOut));
}

function describe(error: unknown, signal: AbortSignal | undefined, server: string, timedOut: boolean): ProviderError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? e.code : undefined;
  if (timedOut) return { kind: 'timeout', message: `the API server at ${server} did not answer in time` };
  if (signal?.aborted || name === 'AbortError' || e.type === 'aborted') return { kind: 'cancelled', message: 'the Kubernetes request was cancelled' };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return { kind: 'unreachable', message: `cannot reach the API server at ${server} (${code})`, code };
  if (typeof code === 'number') {
    const { message, reason } = status(e.body);
    const kind = KIND_BY_STATUS[code] ?? (code >= 500 ? 'invalid-response' : 'failed');
    const hint = HINTS[kind];
    const said = message ? firstLine(message).trim() : `HTTP ${code}`;
    return { kind, message: `${said} (Kubernetes at ${server}${hint ? `: ${hint}` : ''})`, code: reason ?? `HTTP ${code}` };
  }
  const message = typeof e.message === 'string' ? firstLine(e.message).trim() : '';
  return { kind: 'failed', message: `${name} from ${server}: ${message}`, ...(code === undefined ? {} : { code: String(code) }) };
}
