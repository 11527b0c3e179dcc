import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isLibraryDeprecation } from '../../../src/cli/libraryDeprecations';

const run = promisify(execFile);
const MODULE = new URL('../../../src/cli/libraryDeprecations.ts', import.meta.url).pathname;

describe('deprecation warnings of bundled libraries', () => {
  it('are dropped (punycode, url.parse), and every other warning still reaches stderr', async () => {
    // `cockpit status` on Node 24 printed `[DEP0040] … punycode` and `[DEP0169] … url.parse()` to stderr.
    const script = `import(${JSON.stringify(MODULE)}).then((m) => {
      m.dropLibraryDeprecations();
      process.emitWarning('The punycode module is deprecated.', { type: 'DeprecationWarning', code: 'DEP0040' });
      process.emitWarning('url.parse() behavior is not standardized', { type: 'DeprecationWarning', code: 'DEP0169' });
      process.emitWarning('something of ours', { type: 'DeprecationWarning', code: 'DEP0999' });
      process.emitWarning('a plain warning');
    });`;
    const { stderr } = await run(process.execPath, ['--import', 'tsx', '-e', script]);
    expect(stderr).not.toContain('punycode');
    expect(stderr).not.toContain('url.parse');
    expect(stderr).toContain('something of ours');
    expect(stderr).toContain('a plain warning');
  });

  it('are told by their code', () => {
    const warning = Object.assign(new Error('x'), { name: 'DeprecationWarning', code: 'DEP0040' });
    expect(isLibraryDeprecation(warning)).toBe(true);
    expect(isLibraryDeprecation(Object.assign(new Error('x'), { name: 'Warning', code: 'DEP0040' }))).toBe(false);
  });
});
