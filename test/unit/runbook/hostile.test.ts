import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../../src/core/quotedText';
import { loadRunbookFile } from '../../../src/runbook/load';
import { MAX_PROBLEMS_PER_FILE } from '../../../src/runbook/problem';
import { HOSTILE_YAML } from '../../support/hostileYaml';
import { VALID } from '../../support/runbookText';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../../src/plugins/registry';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Loads a file and asserts it is rejected; returns the problems as `line:col: message`. How fast
 * is measured in bench/hostileYaml.bench.ts (beside the load of a valid runbook), not here: a
 * loaded machine made wall-clock budgets fail. A load that never ends fails on the test timeout.
 */
async function rejected(name: string, content: string | Uint8Array): Promise<string[]> {
  const file = join(dir, name);
  await writeFile(file, content);
  const result = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins) });
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

describe('hostile input is rejected with a clear message', { timeout: 60_000 }, () => {
  it('a YAML alias bomb', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const problems = await rejected('bomb.yaml', `${levels.join('\n')}\n`);
    expect(problems).toEqual([expect.stringMatching(/^2:\d+: too many alias expansions/)]);
  });

  it('a 5 MB file', async () => {
    const problems = await rejected('huge.yaml', `version: 1\nservice: x\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(problems).toEqual(['1:1: file is too large (5.0 MiB); runbooks are limited to 1.0 MiB']);
  });

  it('a binary file', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(await rejected('image.yaml', png)).toEqual(['3:1: not a text file (it contains a NUL byte here); a runbook is UTF-8 YAML']);
  });

  it('invalid UTF-8', async () => {
    expect(await rejected('latin1.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]))).toEqual([
      '1:1: not a text file (it is not valid UTF-8); a runbook is UTF-8 YAML',
    ]);
  });

  it('10,000-deep flow nesting', async () => {
    const problems = await rejected('deep-flow.yaml', `version: 1\nservice: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    expect(problems[0]).toMatch(/^2:\d+: nesting is (far )?deeper than 64 levels/);
  });

  it('10,000-deep block nesting', async () => {
    const problems = await rejected('deep-block.yaml', `version: 1\nservice:\n${'- '.repeat(10_000)}x\n`);
    expect(problems[0]).toMatch(/^3:\d+: nesting is (far )?deeper than 64 levels/);
  });

  it('100-deep nesting, below what the parser survives, is still refused by the depth limit', async () => {
    const problems = await rejected('deep-100.yaml', `version: 1\nservice: ${'['.repeat(100)}${']'.repeat(100)}\n`);
    expect(problems).toEqual([expect.stringMatching(/^2:\d+: nesting is deeper than 64 levels; a runbook never needs that$/)]);
  });
});

describe('hostile keys and sizes (issue #11): rejected, with bounded output', { timeout: 60_000 }, () => {
  it.each(Object.keys(HOSTILE_YAML))('%s: one short line a problem, a bounded report', async (name) => {
    const problems = await rejected(`${name}.yaml`, HOSTILE_YAML[name]!());
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThanOrEqual(MAX_PROBLEMS_PER_FILE + 1);
    for (const problem of problems) {
      expect(problem).not.toMatch(/\n/);
      expect(problem.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 20);
    }
    expect(problems.join('\n').length).toBeLessThan(40_000);
  });

  it('a list used as a key is refused at the key', async () => {
    expect(await rejected('list-key.yaml', HOSTILE_YAML['nested-complex-key']!())).toEqual(['31:3: a key must be a plain string, not a list']);
  });

  it('a mapping used as a key is refused at the key', async () => {
    expect(await rejected('map-key.yaml', HOSTILE_YAML['flow-mapping-key']!())).toEqual(['31:3: a key must be a plain string, not a mapping']);
  });

  it('an alias used as a key is refused at the key', async () => {
    expect(await rejected('alias-key.yaml', `${VALID}x: &a y\n*a : 1\n`)).toEqual(['32:1: a key must be a plain string, not an alias']);
  });

  it('a very long key is refused, its message cut short', async () => {
    const problems = await rejected('long-key.yaml', HOSTILE_YAML['long-string-key']!());
    expect(problems).toEqual([expect.stringMatching(/^31:3: key is 200000 characters long; keys are limited to 200: `k{20,}…`$/)]);
  });

  it('a file of 60,000 lines is refused before it is parsed', async () => {
    expect(await rejected('many-keys.yaml', HOSTILE_YAML['many-keys']!())).toEqual(['10001:1: file has 60030 lines; runbooks are limited to 10000']);
  });

  it('a mapping with 60,000 keys on one line is refused before it is parsed', async () => {
    expect(await rejected('many-keys-flow.yaml', HOSTILE_YAML['many-keys-flow']!())).toEqual(['31:98733: file has 60016 commas; runbooks are limited to 10000']);
  });

  it('a mapping over the key-count bound, in few lines, is refused at the mapping', async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `k${i}: 1`).join(', ');
    expect(await rejected('keys-1001.yaml', `${VALID}vars: {${keys}}\n`)).toEqual(['31:7: this mapping has 1001 entries; a runbook mapping or list is limited to 1000']);
  });

  it('many problems in one file are cut off with a count of the rest', async () => {
    const unknown = Array.from({ length: 500 }, (_, i) => `k${i}: 1\n`).join('');
    const problems = await rejected('unknown-keys.yaml', `${VALID}${unknown}`);
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(problems.at(-1)).toBe(`${31 + MAX_PROBLEMS_PER_FILE}:1: ${500 - MAX_PROBLEMS_PER_FILE} more problems in this file are not shown`);
  });

  it('invisible and bidi characters in keys and values are shown escaped', async () => {
    const text = VALID.replace('severity: SEV2', 'severity: "SEV2\u200B"\nsev\u200Erity: x\n\u202Eowner\u2066: x\n\uFEFFlinks: {}');
    const problems = await rejected('invisible.yaml', text);
    for (const problem of problems) expect(problem).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
    expect(problems).toEqual([
      '4:11: severity: bad severity "SEV2\\u200b": expected one of SEV1, SEV2, SEV3, SEV4',
      '5:1: unknown key `sev\\u200erity` (did you mean `severity`?)',
      '6:1: unknown key `\\u202eowner\\u2066` (did you mean `owner`?)',
      '7:1: unknown key `\\ufefflinks` (did you mean `links`?)',
    ]);
  });
});
