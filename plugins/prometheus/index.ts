import * as z from 'zod';
import { definePlugin } from '../../src/plugins/contract';
import { isLoopbackUrl } from '../../src/core/sandboxGuard';
import { DURATION_BOUNDS, durationProblem, isDuration, parseDuration } from '../../src/core/duration';

const hasAuthorization = (headers: Readonly<Record<string, string>> | undefined): boolean =>
  Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization');

export const prometheusConfig = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://prometheus:9090' })
      .superRefine((url, ctx) => {
        // zod's URL check is looser than the WHATWG parser fetch uses (e.g. a port with letters).
        if (!URL.canParse(url)) {
          ctx.addIssue({ code: 'custom', message: 'not a valid URL', input: url });
          return;
        }
        // Node's fetch refuses URLs with user:password, and a URL is shown in messages: keep secrets out.
        const { username, password } = new URL(url);
        if (username !== '' || password !== '') {
          ctx.addIssue({ code: 'custom', message: 'put credentials in headers or bearer (as ${ENV}), not in the url', input: url });
        }
      })
      .describe('base URL of the Prometheus HTTP API, e.g. http://prometheus:9090'),
    headers: z.record(z.string(), z.string()).optional().describe('extra request headers; values may use ${ENV} and are then treated as secrets'),
    bearer: z.string().optional().describe('sent as `Authorization: Bearer <token>`; write it as ${ENV} so it stays a secret'),
    timeout: z
      .string()
      .refine((text) => isDuration(text) && parseDuration(text)! > 0, { error: 'expected a duration like 10s' })
      .refine((text) => durationProblem(text, DURATION_BOUNDS.timeout) === undefined, { error: (issue) => durationProblem(String(issue.input), DURATION_BOUNDS.timeout) })
      .default('10s')
      .describe('time limit of each query (default 10s)'),
  })
  .refine((config) => config.bearer === undefined || !hasAuthorization(config.headers), {
    error: 'give either bearer or an Authorization header, not both',
    path: ['bearer'],
  });
export type PrometheusConfig = z.output<typeof prometheusConfig>;

export default definePlugin<PrometheusConfig>({
  name: 'prometheus',
  description: 'Prometheus HTTP API: SLO error ratios per window',
  config: prometheusConfig,
  capabilities: ['slo'],
  actions: {},
  async create(config, ctx) {
    if (ctx.sandboxed && !isLoopbackUrl(config.url)) throw new Error(`a drill may only reach a loopback Prometheus, not ${config.url}`);
    // Loaded here, not at the top, so `cockpit lint` reads the definition without the HTTP client.
    const { prometheusSlo } = await import('./errorRatio');
    const headers = { ...config.headers, ...(config.bearer === undefined ? {} : { authorization: `Bearer ${config.bearer}` }) };
    return { slo: prometheusSlo({ url: config.url, headers, timeoutMs: parseDuration(config.timeout)! }, ctx.log) };
  },
});
