import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../../src/plugins/registry';
import { formatProblem } from '../../../src/runbook/problem';
import { loadRunbookFile } from '../../../src/runbook/load';
import type { Runbook } from '../../../src/runbook/schema';
import { checkScenarioAgainstRunbook, loadBoundScenario, loadScenarioText } from '../../../src/sandbox/scenario';
import { builtinScenario, builtinScenariosFor, listBuiltinScenarios, type DrilledRunbook } from '../../../src/sandbox/scenarioBuiltins';
import { readOwnFlags } from '../../../src/sandbox/runbookFlags';
import { bindTemplate } from '../../../src/sandbox/scenarioTemplate';
import { BUILTIN_SCENARIO_TEXTS } from '../../../src/sandbox/scenarios/index';

/** Issue #15, "Drills for every runbook": built-in scenarios bound to the runbook being drilled. */

async function drilled(file: string): Promise<DrilledRunbook> {
  const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins) });
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return { runbook: loaded.runbook, file, text: readFileSync(file, 'utf8'), flags: await readOwnFlags(loaded.runbook, file) };
}
const bound = (name: string, runbook: DrilledRunbook) => {
  const result = builtinScenario(name, runbook);
  if (!result?.ok) throw new Error(result ? result.problems.map(formatProblem).join('\n') : `no ${name}`);
  return result.loaded;
};
const withoutService = (runbook: Runbook, patch: Partial<Runbook>): Runbook => ({ ...runbook, ...patch });

describe('built-in scenarios bound to a runbook', () => {
  it('order-worker: its service, its SLO with the same burn (99.9% → a fifth of the error ratios), its images', async () => {
    const orderWorker = await drilled('runbooks/order-worker.yaml');
    const loaded = bound('bad-deploy', orderWorker);
    const { scenario } = loaded;
    expect(scenario.service).toBe('order-worker');
    expect(Object.keys(scenario.baseline)).toEqual(['processing']);
    expect(scenario.baseline.processing!.error_ratio).toBeCloseTo(0.0001, 10);
    expect(scenario.failures).toEqual([expect.objectContaining({ slo: 'processing', revision: 42, error_ratio: 0.016 })]);
    expect(scenario.deploys.history.at(-1)!.images.app).toMatch(/\/order-worker:c42d4c3$/);
    // Its own flag file's flag, as the file has it (a drill of it showed `FLAGS no flags`); none of checkout-api's.
    expect(scenario.flags).toEqual({ batch_writes: { state: 'ENABLED', variants: { on: true, off: false }, default_variant: 'on' } });
    expect(checkScenarioAgainstRunbook(loaded, orderWorker.runbook)).toEqual([]);
    // The bound text is what the drill records (and resumes from): it says what it is.
    expect(loaded.text.split('\n').slice(0, 3)).toEqual([
      '# Built-in scenario bad-deploy, bound to order-worker (runbooks/order-worker.yaml): its service and SLOs.',
      "# Error ratios (and the description's percentages) are the template's ×0.2, for the same burn on processing's objective.",
      "# time_to_recover is the template's plus the 5m more that order-worker's recovery check holds.",
    ]);
    // Its check holds 15m, 5m longer than the template's 10m: 5m more than the template's 30m.
    expect(scenario.targets.time_to_recover).toBe(35 * 60_000);
  });

  it('a bound built-in, checked from the data it was written from, is the scenario its recorded text loads as (what a resumed drill runs)', async () => {
    for (const file of ['runbooks/checkout-api.yaml', 'runbooks/order-worker.yaml', 'runbooks/search-api.yaml', 'runbooks/payments-api.yaml']) {
      const runbook = await drilled(file);
      for (const name of builtinScenariosFor(runbook)) {
        const loaded = bound(name, runbook);
        const fromText = loadScenarioText(loaded.text, 'recorded');
        expect(fromText.ok && fromText.loaded.scenario, `${name} on ${file}`).toEqual(loaded.scenario);
        // Positions, parsed when asked for, point into the bound text as a file's would.
        expect(loaded.map.locate(['failures', 0, 'slo'])).toEqual(fromText.ok && fromText.loaded.map.locate(['failures', 0, 'slo']));
      }
    }
  });

  it('bound data that does not check is loaded from its text, so its problems are located like a file\'s', async () => {
    const checkout = await drilled('runbooks/checkout-api.yaml');
    const good = bindTemplate(BUILTIN_SCENARIO_TEXTS['bad-deploy']!, checkout.runbook, checkout.file);
    if (!good.ok) throw new Error('bad-deploy binds to checkout-api');
    const broken = { ...(good.value as object), failures: [{ revision: 7, slo: 'availability', error_ratio: 0.08, why: 'no such revision' }] };
    const text = good.text.replace('revision: 42\n    slo:', 'revision: 7\n    slo:');
    const result = loadBoundScenario(broken, text, 'bound');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([expect.stringMatching(/^bound:\d+:\d+: revision 7 is not in deploys\.history/)]);
  });

  it('each example runbook gets only the scenarios that fit it', async () => {
    expect(builtinScenariosFor(await drilled('runbooks/checkout-api.yaml'))).toEqual(listBuiltinScenarios());
    expect(builtinScenariosFor(await drilled('runbooks/order-worker.yaml'))).toEqual(['bad-deploy', 'slow-burn']);
    expect(builtinScenariosFor(await drilled('runbooks/search-api.yaml'))).toEqual(['bad-deploy', 'slow-burn']);
  });

  it('a scenario that does not fit names the runbook\'s line, never a path inside the tool', async () => {
    const search = await drilled('runbooks/search-api.yaml');
    const result = builtinScenario('bad-flag', search);
    expect(result?.ok).toBe(false);
    const lines = result && !result.ok ? result.problems.map(formatProblem) : [];
    expect(lines).toEqual(['runbooks/search-api.yaml:11:3: scenario bad-flag is caused by a feature flag, and this runbook has no flags provider (flagd)']);
    const orderWorker = await drilled('runbooks/order-worker.yaml');
    const flagless = builtinScenario('irreversible-migration', orderWorker);
    expect(flagless && !flagless.ok ? flagless.problems.map(formatProblem) : []).toEqual([
      expect.stringMatching(/^runbooks\/order-worker\.yaml:32:3: scenario irreversible-migration is caused by a feature flag, and no step of this runbook sets a flag/),
    ]);
  });

  it('a runbook without a deploys provider gets no rollback scenario', async () => {
    const { runbook } = await drilled('runbooks/checkout-api.yaml');
    const { deploys: _deploys, ...providers } = runbook.providers;
    const result = bindTemplate(BUILTIN_SCENARIO_TEXTS['bad-deploy']!, withoutService(runbook, { providers }), 'flags-only.yaml');
    expect(result).toEqual({ ok: false, problems: [{ path: ['providers'], message: expect.stringMatching(/fixed by a rollback, and this runbook has no deploys provider/) }] });
  });

  it('the kill switch binds to the runbook\'s flag and the variant its step sets', async () => {
    const { runbook } = await drilled('runbooks/checkout-api.yaml');
    const renamed = withoutService(runbook, {
      service: 'cart',
      first_actions: runbook.first_actions.map((step) => (step.run?.action === 'flags.set' ? { ...step, run: { ...step.run, flag: 'new_cart', variant: 'legacy' } } : step)),
    });
    const result = bindTemplate(BUILTIN_SCENARIO_TEXTS['bad-flag']!, renamed, 'cart.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.text).toContain('new_cart:');
    expect(result.text).not.toContain('checkout_v2:');
    expect(result.text).not.toMatch(/express_pay|fraud_threshold/);
    expect(result.text).toMatch(/variant: legacy\n\s+verdict: right/);
  });

  it('the story is told in the runbook\'s words: its kill-switch flag, and pods on Kubernetes', async () => {
    // A payments drill's report said ":41 has the same checkout_v2 code path; the rollback replaces every task".
    const payments = await drilled('runbooks/payments-api.yaml');
    const { scenario } = bound('bad-flag', payments);
    const texts = [scenario.description, ...(scenario.failures ?? []).map((f) => f.why ?? ''), ...(scenario.mitigations ?? []).map((m) => m.why)].join('\n');
    expect(texts).not.toMatch(/checkout|\btasks?\b/);
    expect(texts).toContain('every build back to :39 has the same instant_payouts code path; a rollback replaces every pod and fixes nothing');
    // No built-in tells another service's story in checkout's words (a payments-api drill read "the old checkout flow",
    // "writes orders in the new format before the payment service reads it").
    for (const name of builtinScenariosFor(payments)) {
      const other = bound(name, payments).scenario;
      const words = [other.description, ...(other.failures ?? []).map((f) => f.why ?? ''), ...(other.mitigations ?? []).map((m) => m.why)].join('\n');
      expect(words, name).not.toMatch(/checkout|orders|card processor/);
    }
    expect(scenario.description).toContain('turning instant_payouts on adds');
  });

  it('the description\'s numbers are the bound error ratios, in the SLO\'s own terms; no ECS controller on Kubernetes', async () => {
    // A responder read "raises 5xx to 8%" beside a 1.6% burn, of a latency SLO; and `controller: ECS` for a Rollout.
    const payments = await drilled('runbooks/payments-api.yaml');
    const badDeploy = bound('bad-deploy', payments);
    expect(badDeploy.scenario.description).toBe('payments-api:42 raises 5xx to 1.6% while it serves traffic; rolling back to :41 fixes it.');
    expect(badDeploy.scenario.failures?.[0]?.error_ratio).toBe(0.016);
    const initText = bindTemplate(BUILTIN_SCENARIO_TEXTS['bad-deploy']!, payments.runbook, payments.file);
    expect(initText.ok && initText.text).toMatch(/desired_count: 6/);
    expect(initText.ok && initText.text).not.toMatch(/controller:/);
    const search = await drilled('runbooks/search-api.yaml');
    expect(bound('bad-deploy', search).scenario.description).toBe('search-api:42 raises latency failures to 16% while it serves traffic; rolling back to :41 fixes it.');
  });

  it('bound to checkout-api, the world is the template\'s own', async () => {
    const checkout = await drilled('runbooks/checkout-api.yaml');
    for (const name of listBuiltinScenarios()) {
      const template = builtinScenario(name);
      if (!template?.ok) throw new Error(name);
      expect(bound(name, checkout).scenario).toEqual(template.loaded.scenario);
    }
  });
});
