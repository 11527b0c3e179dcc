import * as z from 'zod';
import { DURATION_BOUNDS, durationProblem, isDuration } from '../../src/core/duration';

const duration = (fallback: string) =>
  z
    .string()
    .refine(isDuration, { error: 'expected a duration like 10m' })
    .refine((text) => durationProblem(text, DURATION_BOUNDS.timeout) === undefined, { error: (issue) => durationProblem(String(issue.input), DURATION_BOUNDS.timeout) })
    .default(fallback);

export const ecsConfig = z.strictObject({
  // The descriptions are the runbook JSON Schema's: what an editor shows beside each key.
  region: z.string().min(1).optional().describe("AWS region; otherwise AWS_REGION, AWS_DEFAULT_REGION or the profile's region"),
  cluster: z.string().min(1).describe('ECS cluster name or ARN'),
  service: z.string().min(1).describe('ECS service name in that cluster'),
  endpoint: z.url().optional().describe("a local or VPC ECS endpoint URL; otherwise the environment's or the profile's endpoint_url (a drill sets its own)"),
  profile: z.string().optional().describe("a profile of the shared AWS config files (its credentials, region and endpoint_url); otherwise the SDK's default credential chain"),
  stable_timeout: duration('15m').describe('how long a rollback may take to reach steady state before verification gives up (default 15m)'),
  poll_interval: duration('5s').describe('how often verification polls the service (default 5s)'),
  request_timeout: duration('10s').describe('time limit of each HTTP request to ECS (default 10s)'),
  max_attempts: z.number().int().min(1).max(10).default(3).describe("the AWS SDK's attempts per call, retrying throttling and 5xx (default 3)"),
});
export type EcsRunbookConfig = z.output<typeof ecsConfig>;
/** The runbook's settings with the region settled: what the plugin's parts read. */
export type EcsConfig = EcsRunbookConfig & { readonly region: string };
