import { thrownMessage } from './errorText';

/**
 * Errors are values: every provider call (and every store read that can fail in an expected way)
 * returns a Result, never throws for an expected failure. The plugin contract re-exports these.
 */

export const PROVIDER_ERROR_KINDS = [
  'throttled',
  'unauthorized',
  'not-found',
  'unreachable',
  'timeout',
  'invalid-response',
  'conflict',
  'unsupported',
  'cancelled',
  'failed',
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

export interface ProviderError {
  readonly kind: ProviderErrorKind;
  /** One sentence a responder can act on; never a stack trace. */
  readonly message: string;
  /** Where it helps, the provider's own code (e.g. `ThrottlingException`, Prometheus `errorType`). */
  readonly code?: string;
}

/**
 * `warning`: the answer is true but partial, and why (ECS history read from DescribeServices
 * because ListServiceDeployments failed): its panel says so beside the data.
 */
export type Result<T> = { readonly ok: true; readonly value: T; readonly warning?: string } | { readonly ok: false; readonly error: ProviderError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** An answer that is true but partial: `warning` says what is missing, and why. */
export const partial = <T>(value: T, warning: string): Result<T> => ({ ok: true, value, warning });
export const fail = (kind: ProviderErrorKind, message: string, code?: string): Result<never> => ({
  ok: false,
  error: code === undefined ? { kind, message } : { kind, message, code },
});

/** Something thrown where a Result was expected (a bug in a provider): a `failed` Result with its message. */
export const failFromThrown = (error: unknown): Result<never> => fail('failed', thrownMessage(error));
