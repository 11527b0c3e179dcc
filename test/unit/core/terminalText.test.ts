import { describe, expect, it } from 'vitest';
import { createCleaner } from '../../../src/core/displayText';
import { REDACTED } from '../../../src/core/redact';
import { createSecretMatcher } from '../../../src/core/secretMatcher';
import { stripTerminalControls } from '../../../src/core/terminalText';

const HOSTILE: readonly [string, string][] = [
  ['CSI colour', '\x1b[31mred\x1b[0m'],
  ['CSI clear screen and home', '\x1b[2J\x1b[Hred'],
  ['8-bit CSI', '\x9b31mred'],
  ['OSC title (BEL)', '\x1b]0;pwned\x07red'],
  ['OSC 8 hyperlink (ST)', '\x1b]8;;https://evil.example\x1b\\red\x1b]8;;\x1b\\'],
  ['OSC 52 clipboard', '\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07red'],
  ['unterminated OSC', 'red\x1b]0;rest of the text'],
  ['DCS', '\x1bP+q544e\x1b\\red'],
  ['APC', '\x1b_payload\x1b\\red'],
  ['8-bit OSC', '\x9d0;title\x9cred'],
  ['reset (ESC c)', '\x1bcred'],
  ['charset (ESC ( 0)', '\x1b(0red'],
  ['carriage return overwrite', 'red\rgreen'.replace('green', '')],
  ['backspaces and bell', 're\x08\x07d'.replace('\x08', '')],
];

describe('terminal controls in text from outside', () => {
  it.each(HOSTILE)('removes %s', (_name, text) => {
    const out = stripTerminalControls(text);
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(out).toContain('re');
    expect(out).not.toMatch(/pwned|evil|Y3Vyb|payload|title|544e/);
  });

  it('an unterminated string sequence ends with its line: the lines after it are kept', () => {
    expect(stripTerminalControls('progress\x1b]0;half a title\nnext line\n## Next section')).toBe('progress\nnext line\n## Next section');
    expect(stripTerminalControls('a\x9d0;half\r\nb')).toBe('a\nb');
    expect(stripTerminalControls('\x1bP+q54\nb\x1b]0;t\x07c')).toBe('\nbc');
  });

  // A security review: a flag named with U+202E read backwards in the flags panel and in `status`.
  it('drops the bidirectional overrides and isolates that make text read in another order than it is', () => {
    expect(stripTerminalControls('checkout_\u202Eflag\u202C rm -rf')).toBe('checkout_flag rm -rf');
    expect(stripTerminalControls('a\u2066b\u2069c\u200Fd\u061Ce')).toBe('abcde');
  });

  it('keeps newlines, tabs and ordinary Unicode; CRLF becomes a newline', () => {
    expect(stripTerminalControls('a\tb\nc — ünï 日本\r\nd')).toBe('a\tb\nc — ünï 日本\nd');
  });

  it('a secret split by an escape sequence is redacted once the sequence is gone', () => {
    const clean = createCleaner(createSecretMatcher());
    const token = `ghp_${'a1B2'.repeat(9)}`;
    const hidden = `${token.slice(0, 10)}\x1b[0m${token.slice(10)}`;
    expect(clean({ error: `denied for ${hidden}` })).toEqual({ error: `denied for ${REDACTED}` });
  });
});

describe('lint problems quoting a runbook', () => {
  it('are printed without the raw escape sequences they quote: shown escaped, so the responder sees what hides in the key', async () => {
    const { formatProblem } = await import('../../../src/runbook/problem');
    expect(formatProblem({ file: 'rb.yaml', line: 3, col: 1, message: 'unknown key `own\x1b]0;evil\x07er`' })).toBe('rb.yaml:3:1: unknown key `own\\u001b]0;evil\\u0007er`');
  });
});
