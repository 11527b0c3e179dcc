import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../src/plugins/registry';
import { loadRunbookFile } from '../../src/runbook/load';

const FIXTURES = new URL('../fixtures/plugins/', import.meta.url).pathname;

describe('plugin registry', () => {
  it('loads the built-ins and third-party plugins, isolating each failure', async () => {
    const loaded = await loadPlugins(['./statuspage.mjs', './throws-on-import.mjs', './not-a-plugin.mjs', './missing.mjs'], FIXTURES);
    expect(loaded.definitions.map((d) => d.name)).toEqual(['ecs', 'flagd', 'prometheus', 'command', 'statuspage']);
    expect(loaded.failures.map((f) => [f.index, f.message])).toEqual([
      [1, 'plugin `./throws-on-import.mjs` could not be loaded: this plugin cannot find its native module'],
      [2, 'plugin `./not-a-plugin.mjs` could not be loaded: not a plugin definition (config: must be a zod schema)'],
      [3, 'plugin `./missing.mjs` could not be loaded: no such file or package'],
    ]);
  });

  it('refuses a plugin that takes the name of another', async () => {
    const loaded = await loadPlugins(['./statuspage.mjs', './statuspage.mjs?again'], FIXTURES);
    expect(loaded.failures).toEqual([
      { index: 1, specifier: './statuspage.mjs?again', message: 'plugin `./statuspage.mjs?again` is named `statuspage`, which another plugin already uses' },
    ]);
  });

  it('lint reports broken plugins at their line and checks configs and actions with the plugin schemas', async () => {
    const result = await loadRunbookFile(`${FIXTURES}runbook.yaml`);
    expect(result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      '7:5: plugin `./throws-on-import.mjs` could not be loaded: this plugin cannot find its native module',
      '8:5: plugin `./not-a-plugin.mjs` could not be loaded: not a plugin definition (config: must be a zod schema)',
      '9:5: plugin `./missing.mjs` could not be loaded: no such file or package',
      '12:12: missing required field `page_id` in providers.status2',
      '12:34: unknown key `pageid` in providers.status2 (did you mean `page_id`?)',
      '19:10: missing required field `message` in first_actions[1].run',
      '19:33: unknown key `mesage` in first_actions[1].run (did you mean `message`?)',
    ]);
  });
});
