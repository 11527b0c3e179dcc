import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunbookFile } from '../../../src/runbook/load';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Loads a file, asserting it is rejected within a second; returns the problems as `line:col: message`. */
async function rejected(name: string, content: string | Uint8Array): Promise<string[]> {
  const file = join(dir, name);
  await writeFile(file, content);
  const started = performance.now();
  const result = await loadRunbookFile(file);
  expect(performance.now() - started).toBeLessThan(1000);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

describe('hostile input is rejected quickly with a clear message', () => {
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
