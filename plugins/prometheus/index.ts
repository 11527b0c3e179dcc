import { z } from 'zod';
import { definePlugin } from '../../src/plugins/contract';
import { isDuration } from '../../src/core/duration';

export const prometheusConfig = z.strictObject({
  url: z.url(),
  /** Extra request headers; values may use ${ENV} and are then treated as secrets. */
  headers: z.record(z.string(), z.string()).optional(),
  bearer: z.string().optional(),
  timeout: z.string().refine(isDuration, { error: 'expected a duration like 10s' }).default('10s'),
});
export type PrometheusConfig = z.output<typeof prometheusConfig>;

export default definePlugin<PrometheusConfig>({
  name: 'prometheus',
  description: 'Prometheus HTTP API: SLO error ratios per window',
  config: prometheusConfig,
  capabilities: ['slo'],
  actions: {},
  create() {
    throw new Error('the prometheus plugin is built by the provider plugins issue');
  },
});
