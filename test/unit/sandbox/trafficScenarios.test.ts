/**
 * The built-in scenarios against runbooks/checkout-api.yaml's triggers, through the burn maths:
 * which triggers fire at the drill start, and what the right and the wrong response do to them.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateTrigger, runbookTriggers, windowsFor, type TriggerRule } from '../../../src/core/triggers';
import { loadRunbookFile } from '../../../src/runbook/load';
import { formatProblem } from '../../../src/runbook/problem';
import type { Runbook } from '../../../src/runbook/schema';
import { builtinScenario } from '../../../src/sandbox/scenarioBuiltins';
import type { Scenario } from '../../../src/sandbox/scenarioSchema';
import { errorRatio, scenarioHistory, trafficModel, type WorldSegment } from '../../../src/sandbox/traffic';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../../src/plugins/registry';

const MINUTE = 60_000;
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

let runbook: Runbook;
let rules: TriggerRule[];

beforeAll(async () => {
  const result = await loadRunbookFile(join(REPO, 'runbooks/checkout-api.yaml'), { catalog: pluginCatalog(builtinPlugins) });
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  runbook = result.runbook;
  rules = runbookTriggers(runbook.rollback!.triggers);
});

function builtin(name: string): Scenario {
  const result = builtinScenario(name);
  if (!result?.ok) throw new Error(`built-in ${name} does not load`);
  return result.loaded.scenario;
}

/** Each trigger's state (by id) for the world `history` at `at`. */
function triggerStates(scenario: Scenario, history: readonly WorldSegment[], at: number): Record<string, string> {
  const model = trafficModel(scenario);
  const slo = runbook.slos[0]!;
  const ratios = new Map(windowsFor(rules).map((w) => [w, errorRatio(model, history, slo.name, w, at) ?? null]));
  return Object.fromEntries(rules.map((rule) => [rule.id, evaluateTrigger(rule, slo.objective, ratios).state]));
}

const PAGE = 'availability:1h/5m>14.4';
const SLOW = 'availability:6h/30m>6';

/** The live world after the start: a rollback from `from` to `to` beginning at `at` (one task per 10 s). */
function rollback(last: WorldSegment, from: number, to: number, at: number): WorldSegment[] {
  return [1, 2, 3, 4, 5, 6].map((k) => ({ from: at + k * 10_000, serving: k === 6 ? { [to]: 6 } : { [from]: 6 - k, [to]: k }, flags: last.flags }));
}

function setFlag(last: WorldSegment, variant: string, at: number): WorldSegment[] {
  return [{ from: at, serving: last.serving, flags: { ...last.flags, checkout_v2: variant } }];
}

describe('at the drill start', () => {
  it('bad-deploy, bad-flag and irreversible-migration fire the fast page trigger only', () => {
    for (const name of ['bad-deploy', 'bad-flag', 'irreversible-migration']) {
      const scenario = builtin(name);
      expect(triggerStates(scenario, scenarioHistory(scenario), scenario.start), name).toEqual({ [PAGE]: 'fired', [SLOW]: 'quiet' });
    }
  });

  it('slow-burn fires only the 6h+30m trigger: its 6h burn is above 6, its 1h burn below 14.4', () => {
    const scenario = builtin('slow-burn');
    const history = scenarioHistory(scenario);
    expect(triggerStates(scenario, history, scenario.start)).toEqual({ [PAGE]: 'quiet', [SLOW]: 'fired' });
    const budget = 1 - runbook.slos[0]!.objective / 100;
    const burn = (windowMs: number) => errorRatio(trafficModel(scenario), history, 'availability', windowMs, scenario.start)! / budget;
    expect(burn(6 * 60 * MINUTE)).toBeGreaterThan(6);
    expect(burn(30 * MINUTE)).toBeGreaterThan(6);
    expect(burn(60 * MINUTE)).toBeLessThan(14.4);
  });
});

describe('the response', () => {
  it('bad-deploy: the rollback to :41 clears the page once the 5m window is past it', () => {
    const scenario = builtin('bad-deploy');
    const before = scenarioHistory(scenario);
    const at = scenario.start + 2 * MINUTE;
    const after = [...before, ...rollback(before.at(-1)!, 42, 41, at)];
    expect(triggerStates(scenario, after, at + MINUTE)).toEqual({ [PAGE]: 'fired', [SLOW]: 'quiet' });
    expect(triggerStates(scenario, after, at + 7 * MINUTE)).toEqual({ [PAGE]: 'quiet', [SLOW]: 'quiet' });
    expect(errorRatio(trafficModel(scenario), after, 'availability', 5 * MINUTE, at + 7 * MINUTE)).toBeLessThan(0.005);
  });

  it('bad-flag: the rollback changes nothing, turning checkout_v2 off clears the page', () => {
    const scenario = builtin('bad-flag');
    const before = scenarioHistory(scenario);
    const at = scenario.start + 2 * MINUTE;
    const rolledBack = [...before, ...rollback(before.at(-1)!, 42, 41, at)];
    expect(triggerStates(scenario, rolledBack, at + 10 * MINUTE)[PAGE]).toBe('fired');
    const flagOff = [...before, ...setFlag(before.at(-1)!, 'off', at)];
    expect(triggerStates(scenario, flagOff, at + 6 * MINUTE)[PAGE]).toBe('quiet');
  });

  it('irreversible-migration: a forced rollback makes it worse, the flag fixes it', () => {
    const scenario = builtin('irreversible-migration');
    const before = scenarioHistory(scenario);
    const at = scenario.start + 2 * MINUTE;
    const model = trafficModel(scenario);
    const fiveMinutes = (history: WorldSegment[], t: number) => errorRatio(model, history, 'availability', 5 * MINUTE, t)!;
    const forced = [...before, ...rollback(before.at(-1)!, 42, 41, at)];
    expect(fiveMinutes(forced, at + 6 * MINUTE)).toBeGreaterThan(fiveMinutes(before, at));
    const flagOff = [...before, ...setFlag(before.at(-1)!, 'off', at)];
    expect(triggerStates(scenario, flagOff, at + 6 * MINUTE)[PAGE]).toBe('quiet');
  });

  it('slow-burn: the rollback clears the 6h trigger once its 30m window is past it', () => {
    const scenario = builtin('slow-burn');
    const before = scenarioHistory(scenario);
    const at = scenario.start + 5 * MINUTE;
    const after = [...before, ...rollback(before.at(-1)!, 42, 41, at)];
    expect(triggerStates(scenario, after, at + 4 * MINUTE)[SLOW]).toBe('fired');
    expect(triggerStates(scenario, after, at + 32 * MINUTE)[SLOW]).toBe('quiet');
  });
});

describe('determinism', () => {
  it('the same scenario and seed give the same ratios, to the bit', () => {
    const scenario = builtin('bad-deploy');
    const ratios = () => [5, 30, 60, 360, 1440].map((m) => errorRatio(trafficModel(scenario), scenarioHistory(scenario), 'availability', m * MINUTE, scenario.start + 12_345));
    expect(ratios()).toEqual(ratios());
    const other = () => [5, 30].map((m) => errorRatio(trafficModel(scenario, scenario.seed + 1), scenarioHistory(scenario), 'availability', m * MINUTE, scenario.start + 12_345));
    expect(other()).not.toEqual(ratios().slice(0, 2));
  });
});
