import { describe, expect, it } from 'vitest';
import { githubAnnotation, lintJson } from '../../../src/cli/lintOutput';

describe('lint output for machines', () => {
  it('a GitHub annotation escapes %, CR and LF in the message, and also : and , in properties', () => {
    const line = githubAnnotation({ file: 'run,books/a:b.yaml', line: 3, col: 7, message: '100% bad\r\nsecond: line', rule: 'schema' });
    expect(line).toBe('::error file=run%2Cbooks/a%3Ab.yaml,line=3,col=7,title=cockpit lint (schema)::100%25 bad%0D%0Asecond: line');
  });

  // A hostile play-test: `file=evil^[]0;FNPWN^G` retitled the terminal reading the output; the text format escapes it.
  it('a GitHub annotation escapes a file name\'s control characters as the text format does', () => {
    const line = githubAnnotation({ file: 'evil\x1b]0;FNPWN\x07.yaml', line: 1, col: 1, message: 'm', rule: 'yaml' });
    expect(line).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(line).toContain('FNPWN');
  });

  it('a problem no named check claims is a runbook check', () => {
    const json = lintJson({ files: ['a.yaml'], missing: [], empty: [], problems: [{ file: 'a.yaml', line: 1, col: 1, message: 'x' }] });
    expect(json).toEqual({ format: 'incident-cockpit/lint-v1', files: ['a.yaml'], missing: [], empty: [], problems: [{ path: 'a.yaml', line: 1, col: 1, message: 'x', rule: 'runbook' }] });
  });
});
