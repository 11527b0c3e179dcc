import { describe, expect, it } from 'vitest';
import { builtinScenario, listBuiltinScenarios } from '../../../src/sandbox/scenarioBuiltins';
import { flagStateFromFile, scenarioFlagFile } from '../../../src/sandbox/scenarioFlags';
import { scenarioHistory } from '../../../src/sandbox/traffic';

describe('the scenario flags as a flagd file', () => {
  it('writes what the traffic history has at the drill start, for every built-in', () => {
    for (const name of listBuiltinScenarios()) {
      const result = builtinScenario(name);
      if (!result?.ok) throw new Error(name);
      const file = JSON.parse(JSON.stringify(scenarioFlagFile(result.loaded.scenario)));
      const { scenario } = result.loaded;
      const toggle = scenario.flags.checkout_v2!.changed;
      expect(file.flags.checkout_v2, name).toEqual({
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'on',
        // the scenario's last toggle, recorded as flag tooling does, so "last changed" is per flag
        ...(toggle ? { metadata: { changedAt: new Date(scenario.start + toggle.at).toISOString(), changedBy: toggle.by } } : {}),
      });
      expect(flagStateFromFile(file), name).toEqual(scenarioHistory(result.loaded.scenario).at(-1)!.flags);
    }
  });

  it('reads a disabled flag, or one without a default, as DISABLED, and refuses what is not a flag file', () => {
    const file = {
      flags: {
        a: { state: 'DISABLED', variants: { on: true }, defaultVariant: 'on' },
        b: { state: 'ENABLED', variants: { on: true }, defaultVariant: null },
        c: { state: 'ENABLED', variants: { x: 1 }, defaultVariant: 'x' },
      },
    };
    expect(flagStateFromFile(file)).toEqual({ a: 'DISABLED', b: 'DISABLED', c: 'x' });
    expect(flagStateFromFile({ flags: { a: { state: 'MAYBE' } } })).toBeUndefined();
    expect(flagStateFromFile('{}')).toBeUndefined();
  });
});
