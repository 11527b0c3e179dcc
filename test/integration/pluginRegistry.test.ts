import { describe, expect, it } from 'vitest';
import { loadPlugins } from '../../src/plugins/registry';
import { describeFromManifest } from '../../src/plugins/manifest';
import { lintRunbookFile, loadRunbookFile } from '../../src/runbook/load';
import { builtinPlugins } from '../../plugins/index';
import { pluginCatalog } from '../../src/plugins/registry';

const FIXTURES = new URL('../fixtures/plugins/', import.meta.url).pathname;

describe('plugin registry', () => {
  it('loads the built-ins and third-party plugins, isolating each failure', async () => {
    const loaded = await loadPlugins(['./statuspage.mjs', './throws-on-import.mjs', './not-a-plugin.mjs', './missing.mjs'], FIXTURES, builtinPlugins);
    expect(loaded.definitions.map((d) => d.name)).toEqual(['ecs', 'kubernetes', 'flagd', 'prometheus', 'command', 'statuspage']);
    expect(loaded.failures.map((f) => [f.index, f.message])).toEqual([
      [1, 'plugin `./throws-on-import.mjs` could not be loaded: this plugin cannot find its native module'],
      [2, 'plugin `./not-a-plugin.mjs` could not be loaded: not a plugin definition (config: must be a zod schema)'],
      [3, 'plugin `./missing.mjs` could not be loaded: no such file or package'],
    ]);
  });

  it('gives a plugin that exists but fails to load its own error, not "no such file or package"', async () => {
    const missing = `Cannot find package 'cockpit-plugin-helpers-not-installed' imported from ${FIXTURES}missing-dependency.mjs`;
    const loaded = await loadPlugins(['./missing-dependency.mjs', 'no-such-cockpit-plugin-package'], FIXTURES, builtinPlugins);
    expect(loaded.failures.map((f) => f.message)).toEqual([
      `plugin \`./missing-dependency.mjs\` could not be loaded: ${missing}`,
      'plugin `no-such-cockpit-plugin-package` could not be loaded: no such file or package',
    ]);
    const described = await pluginCatalog(builtinPlugins).describe(['./missing-dependency.mjs'], FIXTURES, true, builtinPlugins);
    expect(described.failures.map((f) => f.message)).toEqual([`plugin \`./missing-dependency.mjs\` could not be loaded: ${missing}`]);
  });

  it('refuses a plugin that takes the name of another', async () => {
    const loaded = await loadPlugins(['./statuspage.mjs', `${FIXTURES}statuspage.mjs`], FIXTURES, builtinPlugins);
    expect(loaded.failures).toEqual([
      { index: 1, specifier: `${FIXTURES}statuspage.mjs`, message: `plugin \`${FIXTURES}statuspage.mjs\` is named \`statuspage\`, which another plugin already uses` },
    ]);
  });

  it('lint reports broken plugins at their line and checks configs and actions with the plugin schemas', async () => {
    const result = await loadRunbookFile(`${FIXTURES}runbook.yaml`, { catalog: pluginCatalog(builtinPlugins) });
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

  it('lint checks configs and actions against a plugin\'s manifest, and runs no plugin code', async () => {
    const problems = await lintRunbookFile(`${FIXTURES}runbook.yaml`, { catalog: pluginCatalog(builtinPlugins) });
    const noManifest = (file: string) =>
      `plugin \`./${file}.mjs\` has no manifest (${file}.cockpit.json beside it, or a \`cockpit\` field in its package.json), so its settings cannot be checked without running it; \`cockpit lint --trust-plugins\` runs it`;
    expect(problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      `7:5: ${noManifest('throws-on-import')}`,
      `8:5: ${noManifest('not-a-plugin')}`,
      '9:5: plugin `./missing.mjs` could not be loaded: no such file or package',
      '12:12: missing required field `page_id` in providers.status2',
      '12:34: unknown key `pageid` in providers.status2 (did you mean `page_id`?)',
      '19:10: missing required field `message` in first_actions[1].run',
      '19:33: unknown key `mesage` in first_actions[1].run (did you mean `message`?)',
    ]);
  });

  it('refuses a manifest that does not describe a plugin, saying where', () => {
    expect(describeFromManifest({ cockpitPlugin: 1, name: 'Status Page', description: '', capabilities: [], config: {}, actions: {} })).toEqual({
      ok: false,
      message: 'name: name must be lower-case letters, digits and "-"',
    });
    expect(describeFromManifest({ cockpitPlugin: 1, name: 'x', description: '', capabilities: ['logs'], config: {}, actions: {} })).toMatchObject({ ok: false, message: expect.stringMatching(/^capabilities\.0: /) });
  });
});
