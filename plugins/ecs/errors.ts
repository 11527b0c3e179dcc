/** AWS SDK failures as the contract's typed errors, with a sentence a responder can act on. */
import { boundError } from '../../src/core/bounds';
import { firstLine } from '../../src/core/errorText';
import type { ProviderError, ProviderErrorKind } from '../../src/plugins/contract';

const KIND_BY_NAME: Readonly<Record<string, ProviderErrorKind>> = {
  ThrottlingException: 'throttled',
  TooManyRequestsException: 'throttled',
  RequestLimitExceeded: 'throttled',
  AccessDeniedException: 'unauthorized',
  UnrecognizedClientException: 'unauthorized',
  ExpiredTokenException: 'unauthorized',
  InvalidSignatureException: 'unauthorized',
  MissingAuthenticationTokenException: 'unauthorized',
  ServiceNotFoundException: 'not-found',
  ClusterNotFoundException: 'not-found',
  ServiceNotActiveException: 'not-found',
  ServiceDeploymentNotFoundException: 'not-found',
  ConflictException: 'conflict',
  UnsupportedFeatureException: 'unsupported',
  TimeoutError: 'timeout',
  RequestTimeout: 'timeout',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

const HINTS: Partial<Record<ProviderErrorKind, string>> = {
  throttled: 'ECS is throttling requests; the cockpit retries on its next poll',
  unauthorized: 'the AWS credentials were refused; check the profile or role for this environment',
  'not-found': 'ECS does not know it; check cluster, service and region in the runbook',
  conflict: 'the service changed since the plan was made; plan again',
  unsupported: 'ECS cannot do this for this service',
};

interface AwsLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** First line only: SDK messages sometimes append hints about hidden fields. */

/** Where the plugin talked to: the endpoint (or `ECS in REGION`) and the runbook's profile. */
export interface ErrorScope {
  readonly endpoint: string;
  readonly profile?: string | undefined;
}

/** Bounded: an SDK error can carry a whole unparsed response body in its message. */
export function toProviderError(error: unknown, signal: AbortSignal | undefined, scope: ErrorScope): ProviderError {
  return boundError(describeSdkError(error, signal, scope));
}

function describeSdkError(error: unknown, signal: AbortSignal | undefined, { endpoint, profile }: ErrorScope): ProviderError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as AwsLikeError;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? firstLine(e.message).trim() : '';
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;

  if (signal?.aborted || name === 'AbortError') return { kind: 'cancelled', message: 'the ECS request was cancelled' };
  // The SDK found nothing to sign with: nothing was sent, so nothing was refused.
  if (name === 'CredentialsProviderError') {
    const where = profile === undefined ? 'in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...) or the default profile' : `for profile ${profile}`;
    return { kind: 'unauthorized', message: `no AWS credentials found ${where} (${message || name})`, code: name };
  }
  if (code && NETWORK_CODES.has(code)) {
    return { kind: 'unreachable', message: `cannot reach ECS at ${endpoint} (${code})`, code };
  }
  if (name === 'ResponseTooLarge') return { kind: 'invalid-response', message: `ECS at ${endpoint} sent ${message}`, code: name };
  if (code === 'ETIMEDOUT') return { kind: 'timeout', message: `ECS at ${endpoint} did not answer in time`, code };
  const kind = KIND_BY_NAME[name];
  if (kind) {
    const hint = HINTS[kind];
    return { kind, message: `${message || name} (ECS at ${endpoint}${hint ? `: ${hint}` : ''})`, code: name };
  }
  if (status !== undefined && status >= 500) {
    const body = name === 'SyntaxError' ? 'a body that is not an ECS response' : `${name}: ${message}`;
    return { kind: 'invalid-response', message: `ECS at ${endpoint} answered HTTP ${status} with ${body}`, code: `HTTP ${status}` };
  }
  if (name === 'SyntaxError') return { kind: 'invalid-response', message: `ECS at ${endpoint} sent a response that is not JSON: ${message}` };
  return { kind: 'failed', message: `${name} from ${endpoint}: ${message}`, code: name };
}
