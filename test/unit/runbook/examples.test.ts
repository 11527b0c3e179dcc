import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runbookJsonSchemaText } from '../../../src/runbook/jsonSchema';
import { loadRunbookFile } from '../../../src/runbook/load';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../../src/plugins/registry';

const RUNBOOKS = new URL('../../../runbooks/', import.meta.url).pathname;
const files = (await readdir(RUNBOOKS)).filter((f) => f.endsWith('.yaml')).sort();

describe('the example runbooks', () => {
  it('include checkout-api and at least two other services', () => {
    expect(files).toContain('checkout-api.yaml');
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s lints clean and names the checked-in schema in its modeline', async (file) => {
    const result = await loadRunbookFile(join(RUNBOOKS, file), { catalog: pluginCatalog(builtinPlugins) });
    expect(result.ok ? [] : result.problems).toEqual([]);
    const first = (await readFile(join(RUNBOOKS, file), 'utf8')).split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=./runbook.schema.json');
  });

  it('the checked-in JSON Schema is what `cockpit schema` prints (run `npm run schema` after changing the format)', async () => {
    expect(await readFile(join(RUNBOOKS, 'runbook.schema.json'), 'utf8')).toBe(runbookJsonSchemaText(builtinPlugins));
  });
});
