import * as z from 'zod';
import { DURATION_BOUNDS, durationProblem, isDuration } from '../../src/core/duration';

const duration = (fallback: string) =>
  z
    .string()
    .refine(isDuration, { error: 'expected a duration like 10m' })
    .refine((text) => durationProblem(text, DURATION_BOUNDS.timeout) === undefined, { error: (issue) => durationProblem(String(issue.input), DURATION_BOUNDS.timeout) })
    .default(fallback);

export const ecsConfig = z.strictObject({
  /** Otherwise AWS_REGION, AWS_DEFAULT_REGION or the profile's region (see awsSettings.ts). */
  region: z.string().min(1).optional(),
  cluster: z.string().min(1),
  service: z.string().min(1),
  /** A local or VPC endpoint; the drill sandbox sets its own. Otherwise the environment's or the profile's `endpoint_url`. */
  endpoint: z.url().optional(),
  /** A profile of the shared AWS config files (its credentials, region and `endpoint_url`); otherwise the SDK's default credential chain. */
  profile: z.string().optional(),
  /** How long a rollback may take to reach steady state before verification gives up. */
  stable_timeout: duration('15m'),
  /** How often verification polls the service. */
  poll_interval: duration('5s'),
  /** Per HTTP request to ECS. */
  request_timeout: duration('10s'),
  /** The SDK's own attempts per call (retries on throttling and 5xx); the scheduler polls again anyway. */
  max_attempts: z.number().int().min(1).max(10).default(3),
});
export type EcsRunbookConfig = z.output<typeof ecsConfig>;
/** The runbook's settings with the region settled: what the plugin's parts read. */
export type EcsConfig = EcsRunbookConfig & { readonly region: string };
