/**
 * The sandbox's Prometheus-compatible SLO source, queried by the REAL `prometheus` plugin over
 * HTTP: each built-in scenario at the drill start, the triggers it fires, live history, error
 * envelopes and injected faults.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import prometheusPlugin, { prometheusConfig } from '../../plugins/prometheus/index';
import { formatDuration } from '../../src/core/duration';
import { evaluateTrigger, runbookTriggers, windowsFor, type TriggerRule } from '../../src/core/triggers';
import { fail, type PluginContext, type SloCapability, type SloQuery } from '../../src/plugins/contract';
import { loadRunbookFile } from '../../src/runbook/load';
import { formatProblem } from '../../src/runbook/problem';
import type { Runbook } from '../../src/runbook/schema';
import { startSandboxPrometheus, type SandboxPrometheus } from '../../src/sandbox/prometheusEndpoint';
import { builtinScenario, listBuiltinScenarios } from '../../src/sandbox/scenarioBuiltins';
import type { Scenario } from '../../src/sandbox/scenarioSchema';
import { errorRatio, scenarioHistory, trafficModel, type WorldSegment } from '../../src/sandbox/traffic';
import { builtinPlugins } from '../../plugins/index';
import { pluginCatalog } from '../../src/plugins/registry';

const MINUTE = 60_000;
const REPO = fileURLToPath(new URL('../../', import.meta.url));

let runbook: Runbook;
let rules: TriggerRule[];
let queries: SloQuery[];
const servers: SandboxPrometheus[] = [];

beforeAll(async () => {
  const result = await loadRunbookFile(join(REPO, 'runbooks/checkout-api.yaml'), { catalog: pluginCatalog(builtinPlugins) });
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  runbook = result.runbook;
  rules = runbookTriggers(runbook.rollback!.triggers);
  queries = runbook.slos.map((slo) => ({ name: slo.name, errorRatio: slo.error_ratio }));
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function builtin(name: string): Scenario {
  const result = builtinScenario(name);
  if (!result?.ok) throw new Error(`built-in ${name} does not load`);
  return result.loaded.scenario;
}

function pluginContext(): PluginContext {
  return {
    signal: new AbortController().signal,
    clock: { now: () => new Date(), sleep: () => Promise.reject(new Error('the prometheus plugin does not sleep')) },
    log: { debug: () => {}, info: () => {}, warn: () => {} },
    exec: async () => fail('unsupported', 'the prometheus plugin runs no processes'),
    baseDir: REPO,
    service: 'checkout-api',
    environment: 'drill',
    sandboxed: true,
  };
}

interface Rig {
  readonly server: SandboxPrometheus;
  readonly slo: SloCapability;
  readonly history: WorldSegment[];
  readonly scenario: Scenario;
}

async function rig(scenario: Scenario, timeout = '5s'): Promise<Rig> {
  const history = scenarioHistory(scenario);
  const server = await startSandboxPrometheus({ slos: queries, model: trafficModel(scenario), history: () => history, now: () => scenario.start });
  servers.push(server);
  const instance = await prometheusPlugin.create(prometheusConfig.parse({ url: server.url, timeout }), pluginContext());
  return { server, slo: instance.slo!, history, scenario };
}

async function ratioVia(slo: SloCapability, windowMs: number, at: number): Promise<number | null> {
  const result = await slo.errorRatio(queries[0]!, windowMs, new Date(at), new AbortController().signal);
  if (!result.ok) throw new Error(`query failed: ${result.error.message}`);
  return result.value;
}

describe('each built-in scenario at the drill start, through the real prometheus plugin', () => {
  it.each([
    ['bad-deploy', { 'availability:1h/5m>14.4': 'fired', 'availability:6h/30m>6': 'quiet' }],
    ['bad-flag', { 'availability:1h/5m>14.4': 'fired', 'availability:6h/30m>6': 'quiet' }],
    ['irreversible-migration', { 'availability:1h/5m>14.4': 'fired', 'availability:6h/30m>6': 'quiet' }],
    ['slow-burn', { 'availability:1h/5m>14.4': 'quiet', 'availability:6h/30m>6': 'fired' }],
  ])('%s', async (name, expected) => {
    const { slo, server, history, scenario } = await rig(builtin(name));
    const model = trafficModel(scenario);
    const windows = windowsFor(rules);
    const ratios = new Map<number, number | null>();
    for (const windowMs of windows) {
      const ratio = await ratioVia(slo, windowMs, scenario.start);
      // The ratio survives the trip through the Prometheus envelope exactly.
      expect(ratio).toBe(errorRatio(model, history, 'availability', windowMs, scenario.start));
      ratios.set(windowMs, ratio);
    }
    expect(server.queriesReceived).toBe(windows.length);
    const states = Object.fromEntries(rules.map((rule) => [rule.id, evaluateTrigger(rule, runbook.slos[0]!.objective, ratios).state]));
    expect(states).toEqual(expected);
  });

  it('covers every built-in', () => {
    expect(listBuiltinScenarios()).toEqual(['bad-deploy', 'bad-flag', 'irreversible-migration', 'slow-burn']);
  });
});

describe('answers', () => {
  it('recognises any window, compound ones included', async () => {
    const { slo, history, scenario } = await rig(builtin('bad-deploy'));
    const model = trafficModel(scenario);
    for (const windowMs of [90 * MINUTE, 2 * 24 * 60 * MINUTE + 30_000, 1_500]) {
      expect(formatDuration(windowMs)).toMatch(/^\d+\w+\d/); // a compound duration reached the endpoint
      expect(await ratioVia(slo, windowMs, scenario.start)).toBe(errorRatio(model, history, 'availability', windowMs, scenario.start));
    }
  });

  it("answers the plugin's data coverage query: the world's traffic reaches as far back as asked", async () => {
    const { slo, scenario } = await rig(builtin('bad-deploy'));
    const period = 30 * 24 * 60 * MINUTE;
    const since = await slo.dataSince!(queries[0]!, period, new Date(scenario.start), new AbortController().signal);
    expect(since.ok && since.value !== null && since.value <= scenario.start - period).toBe(true);
  });

  it('follows the live history it is given', async () => {
    const { slo, history, scenario } = await rig(builtin('bad-deploy'));
    const before = (await ratioVia(slo, 5 * MINUTE, scenario.start))!;
    const last = history.at(-1)!;
    history.push({ from: scenario.start + 10_000, serving: { 41: 6 }, flags: last.flags });
    const after = (await ratioVia(slo, 5 * MINUTE, scenario.start + 6 * MINUTE))!;
    expect(before).toBeGreaterThan(0.072);
    expect(after).toBeLessThan(0.001);
  });

  it('answers NaN when there is no traffic, which the plugin reads as no data', async () => {
    const idle = { ...builtin('bad-deploy'), baseline: { availability: { requests_per_second: 0, error_ratio: 0.0005 } } };
    const { slo, scenario } = await rig(idle);
    expect(await ratioVia(slo, 5 * MINUTE, scenario.start)).toBeNull();
  });

  it('answers POSTed form queries and the time defaults to the drill clock', async () => {
    const { server, history, scenario } = await rig(builtin('slow-burn'));
    const query = queries[0]!.errorRatio.replaceAll('$window', '30m');
    const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; data: { resultType: string; result: { value: [number, string] }[] } };
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('vector');
    expect(body.data.result[0]!.value).toEqual([scenario.start / 1000, String(errorRatio(trafficModel(scenario), history, 'availability', 30 * MINUTE, scenario.start))]);
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(200);
  });

  it('takes the time as unix seconds or RFC 3339, and refuses anything else', async () => {
    const { server, scenario } = await rig(builtin('bad-deploy'));
    const query = queries[0]!.errorRatio.replaceAll('$window', '5m');
    const at = async (time: string) => {
      const response = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query, time })}`);
      return { status: response.status, body: (await response.json()) as { data?: { result: { value: [number, string] }[] }; errorType?: string } };
    };
    const unix = await at(String(scenario.start / 1000 - 600));
    const rfc = await at(new Date(scenario.start - 600_000).toISOString());
    expect(rfc.body.data!.result[0]!.value).toEqual(unix.body.data!.result[0]!.value);
    expect(await at('last tuesday')).toMatchObject({ status: 400, body: { errorType: 'bad_data' } });
    expect((await fetch(`${server.url}/api/v1/query`, { method: 'PUT' })).status).toBe(405);
  });

  it('matches the expression whatever its whitespace, but only with one window throughout', async () => {
    const { server, history, scenario } = await rig(builtin('bad-deploy'));
    const ask = async (query: string) => {
      const response = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query, time: String(scenario.start / 1000) })}`);
      return { status: response.status, body: (await response.json()) as { data?: { result: { value: [number, string] }[] }; errorType?: string } };
    };
    const reflowed = queries[0]!.errorRatio.replaceAll('$window', '1h').replace(' / ', '\n  /\n  ').replaceAll(',', ', ');
    const answer = await ask(`  ${reflowed}  `);
    expect(answer.status).toBe(200);
    expect(Number(answer.body.data!.result[0]!.value[1])).toBe(errorRatio(trafficModel(scenario), history, 'availability', 60 * MINUTE, scenario.start));
    const mixed = queries[0]!.errorRatio.replace('$window', '5m').replace('$window', '1h');
    expect(await ask(mixed)).toMatchObject({ status: 400, body: { errorType: 'bad_data' } });
    expect(await ask(queries[0]!.errorRatio.replaceAll('$window', '1y'))).toMatchObject({ status: 400, body: { errorType: 'bad_data' } });
  });

  it('refuses a query it does not know with a Prometheus bad_data error', async () => {
    const { server, slo, scenario } = await rig(builtin('bad-deploy'));
    const response = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query: 'up{job="checkout"}', time: '1700000000' })}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 'error', errorType: 'bad_data' });
    const other: SloQuery = { name: 'latency', errorRatio: 'sum(rate(slow_total[$window])) / sum(rate(all_total[$window]))' };
    const result = await slo.errorRatio(other, 5 * MINUTE, new Date(scenario.start), new AbortController().signal);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('bad_data');
    expect(!result.ok && result.error.message).toMatch(/unknown query/);
  });
});

describe('injected faults', () => {
  it('HTTP 503 for the next queries, then answers again', async () => {
    const { server, slo, scenario } = await rig(builtin('bad-deploy'));
    server.injectFault({ kind: 'unavailable', count: 2 });
    for (let i = 0; i < 2; i++) {
      const result = await slo.errorRatio(queries[0]!, 5 * MINUTE, new Date(scenario.start), new AbortController().signal);
      expect(result.ok ? 'ok' : result.error.kind).toBe('unreachable');
    }
    expect(await ratioVia(slo, 5 * MINUTE, scenario.start)).toBeGreaterThan(0);
    expect(server.queriesReceived).toBe(3);
  });

  // 'timeout', not the answer 5 s later: the plugin's 150 ms timeout ended it (no wall-clock bound).
  it('latency beyond the plugin\'s timeout, until cleared', { timeout: 60_000 }, async () => {
    const { server, slo, scenario } = await rig(builtin('bad-deploy'), '150ms');
    server.injectFault({ kind: 'latency', ms: 5_000 });
    const result = await slo.errorRatio(queries[0]!, 5 * MINUTE, new Date(scenario.start), new AbortController().signal);
    expect(result.ok ? 'ok' : result.error.kind).toBe('timeout');
    server.clearFaults();
    expect(await ratioVia(slo, 5 * MINUTE, scenario.start)).toBeGreaterThan(0);
  });

  it('latency within the timeout only delays the answer', async () => {
    const { server, slo, scenario } = await rig(builtin('bad-deploy'));
    server.injectFault({ kind: 'latency', ms: 120, count: 1 });
    const started = performance.now();
    expect(await ratioVia(slo, 5 * MINUTE, scenario.start)).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });
});
