import { describe, expect, it } from 'vitest';
import ecs from '../../../plugins/ecs/index';
import flagd from '../../../plugins/flagd/index';
import prometheus from '../../../plugins/prometheus/index';
import { ManualClock } from '../../../src/plugins/clock';
import type { PluginContext } from '../../../src/plugins/contract';
import { startDrillWorld } from '../../../src/sandbox/drillWorld';
import { builtinScenario } from '../../../src/sandbox/scenarioBuiltins';
import { loadCheckout, quietLog } from '../../support/sessionHarness';

const sandboxed = (sandboxDir: string): PluginContext => ({
  signal: new AbortController().signal,
  clock: new ManualClock(0),
  log: quietLog,
  exec: () => {
    throw new Error('not used');
  },
  baseDir: '/work',
  service: 'checkout-api',
  environment: 'sandbox',
  sandboxed: true,
  sandboxDir,
});

describe('a drill reaches nothing but the sandbox', () => {
  it('the ecs plugin refuses an endpoint that is not loopback', async () => {
    const config = ecs.config.parse({ region: 'us-east-1', cluster: 'prod', service: 'checkout-api', endpoint: 'https://ecs.us-east-1.amazonaws.com' });
    await expect(ecs.create(config, sandboxed('/tmp/sb'))).rejects.toThrow('a drill may only reach a loopback ECS endpoint, not https://ecs.us-east-1.amazonaws.com');
    const noEndpoint = ecs.config.parse({ region: 'us-east-1', cluster: 'prod', service: 'checkout-api' });
    await expect(ecs.create(noEndpoint, sandboxed('/tmp/sb'))).rejects.toThrow('not AWS in us-east-1');
  });

  it('the prometheus plugin refuses a server that is not loopback', async () => {
    const config = prometheus.config.parse({ url: 'http://prometheus.internal:9090' });
    await expect(prometheus.create(config, sandboxed('/tmp/sb'))).rejects.toThrow('a drill may only reach a loopback Prometheus, not http://prometheus.internal:9090');
  });

  it('the flagd plugin refuses a flag file outside the sandbox directory', async () => {
    await expect(Promise.resolve().then(() => flagd.create(flagd.config.parse({ file: '/work/main/runbooks/flags/checkout.flagd.json' }), sandboxed('/tmp/sb')))).rejects.toThrow(
      'a drill may only use a flag file inside its sandbox directory, not /work/main/runbooks/flags/checkout.flagd.json',
    );
    expect(() => flagd.create(flagd.config.parse({ file: '/tmp/sb/flags.json' }), sandboxed('/tmp/sb'))).not.toThrow();
  });

  it('the drill world refuses a provider it cannot stand in for', async () => {
    const runbook = await loadCheckout();
    const scenario = builtinScenario('bad-deploy');
    if (!scenario?.ok) throw new Error('scenario');
    const withPager = { ...runbook, providers: { ...runbook.providers, pager: { plugin: 'pagerduty', token: 'x' } } };
    const started = await startDrillWorld({ scenario: scenario.loaded.scenario, runbook: withPager, clock: new ManualClock(0), signal: new AbortController().signal });
    expect(started).toEqual({ ok: false, message: 'a drill may only use providers the sandbox stands in for (ecs, kubernetes, flagd, prometheus, command); `pager` uses `pagerduty`' });
  });

  it('binds every provider to the sandbox: loopback endpoints and a flag file in the sandbox dir', async () => {
    const runbook = await loadCheckout();
    const scenario = builtinScenario('bad-deploy');
    if (!scenario?.ok) throw new Error('scenario');
    const stop = new AbortController();
    const started = await startDrillWorld({ scenario: scenario.loaded.scenario, runbook, clock: new ManualClock(scenario.loaded.scenario.start), signal: stop.signal });
    if (!started.ok) throw new Error(started.message);
    try {
      const { providers } = started.world.runbook;
      expect(providers.deploys).toMatchObject({ plugin: 'ecs', endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(providers.slo).toMatchObject({ plugin: 'prometheus', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
      expect(String(providers.flags?.file).startsWith(started.world.sandboxDir)).toBe(true);
      expect(started.world.runbook.environments).toEqual({});
    } finally {
      stop.abort();
      await started.world.close();
    }
  });
});
