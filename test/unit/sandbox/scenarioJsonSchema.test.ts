import { readFileSync } from 'node:fs';
import { Validator } from '@cfworker/json-schema';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../../src/plugins/registry';
import { formatProblem } from '../../../src/runbook/problem';
import { loadRunbookFile } from '../../../src/runbook/load';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../../src/sandbox/scenarioJsonSchema';
import { builtinScenario, listBuiltinScenarios } from '../../../src/sandbox/scenarioBuiltins';
import { BUILTIN_SCENARIO_TEXTS } from '../../../src/sandbox/scenarios/index';

/**
 * Issue #15: the scenario format has a JSON Schema like runbooks do. Checked by an independent
 * validator (@cfworker/json-schema, draft 2020-12), the way an editor would use it: every scenario
 * the cockpit accepts passes, what it rejects for shape fails, and every field says what it is.
 */

const validator = () => new Validator(scenarioJsonSchema() as never, '2020-12', false);
const problemsOf = (doc: unknown) => validator().validate(doc).errors.map((e) => `${e.instanceLocation}: ${e.error}`);

describe('the scenario JSON Schema', () => {
  it('the checked-in copy is what `cockpit schema --scenario` prints (run `npm run schema` after changing the format)', () => {
    expect(readFileSync('runbooks/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchemaText());
    expect(scenarioJsonSchema().$id).toBe('https://incident-cockpit.dev/schema/scenario-v1.json');
  });

  it.each(listBuiltinScenarios())('accepts the built-in %s as written', (name) => {
    expect(problemsOf(parse(BUILTIN_SCENARIO_TEXTS[name]!))).toEqual([]);
  });

  it.each(['runbooks/order-worker.yaml', 'runbooks/search-api.yaml'])('accepts every built-in bound to %s (what --init-scenario prints)', async (file) => {
    const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins) });
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    const bindTo = { runbook: loaded.runbook, file, text: readFileSync(file, 'utf8') };
    let fitted = 0;
    for (const name of listBuiltinScenarios()) {
      const bound = builtinScenario(name, bindTo);
      if (!bound?.ok) continue;
      fitted += 1;
      expect(problemsOf(parse(bound.loaded.text))).toEqual([]);
    }
    expect(fitted).toBeGreaterThan(0);
  });

  it('rejects what the cockpit rejects for shape: a time in the future, an unknown key, a verdict it does not know', () => {
    const good = parse(BUILTIN_SCENARIO_TEXTS['bad-deploy']!) as { deploys: { history: { at: string }[] }; mitigations: { verdict: string }[]; extra?: unknown };
    const future = structuredClone(good);
    future.deploys.history[0]!.at = '3h';
    expect(problemsOf(future).join('\n')).toMatch(/\/deploys\/history\/0\/at/);
    expect(problemsOf({ ...good, extra: 1 }).join('\n')).toMatch(/extra/);
    const verdict = structuredClone(good);
    verdict.mitigations[0]!.verdict = 'great';
    expect(problemsOf(verdict).join('\n')).toMatch(/\/mitigations\/0\/verdict/);
  });

  it('describes every field, so an editor completes and explains it', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as { properties?: Record<string, { description?: string }>; items?: unknown; additionalProperties?: unknown };
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (!property.description) undescribed.push(`${path}/${key}`);
        walk(property, `${path}/${key}`);
      }
      walk(schema.items, `${path}[]`);
      walk(schema.additionalProperties, `${path}/*`);
    };
    walk(scenarioJsonSchema(), '');
    expect(undescribed).toEqual([]);
  });
});
