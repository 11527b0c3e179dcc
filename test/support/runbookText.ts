import { builtinPlugins } from '../../plugins/index';
import { loadRunbookText, type LoadResult } from '../../src/runbook/load';

/** A valid runbook to start from; tests replace or append lines to break one thing at a time. */
export const VALID = `version: 1
service: checkout-api
owner: commerce-platform
severity: SEV2
providers:
  deploys: { plugin: ecs, cluster: prod, service: checkout-api, region: us-east-1 }
  flags: { plugin: flagd, file: ./flags/checkout.flagd.json }
  slo: { plugin: prometheus, url: "http://prometheus.internal:9090" }
slos:
  - name: availability
    objective: 99.5
    period: 30d
    error_ratio: >-
      sum(rate(http_requests_total{job="checkout",code=~"5.."}[$window]))
      / sum(rate(http_requests_total{job="checkout"}[$window]))
rollback:
  triggers:
    - { slo: availability, burn_rate: 14.4, long: 1h, short: 5m }
first_actions:
  - id: disable-flag
    title: Turn off checkout_v2
    run: { action: flags.set, flag: checkout_v2, variant: "off" }
    confirm: true
  - id: page-db
    title: Check the primary database
    run: { action: command.run, argv: ["./db-health.sh", "--service", "{{service}}"], timeout: 30s }
recovery:
  - id: burn-normal
    title: Burn under 1x for 10m
    verify: { slo: availability, burn_below: 1, for: 10m }
`;

export function load(text: string, env?: Record<string, string>): LoadResult {
  return loadRunbookText(text, 'rb.yaml', { plugins: builtinPlugins, ...(env ? { env } : {}) });
}

/** Problems as `line:col: message`, the part of lint's output a test asserts on. */
export function problemsOf(text: string): string[] {
  const result = load(text);
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

/** VALID with the first occurrence of `from` replaced (the test fails loudly if it is not there). */
export function variant(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return VALID.replace(from, to);
}
