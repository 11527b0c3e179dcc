import { describe, expect, it } from 'vitest';
import { flagsInFlagdFile } from '../../../src/sandbox/runbookFlags';

describe("a runbook's own flagd file, as a drill's background flags", () => {
  it('keeps each flag with its state, variants and default variant', () => {
    const text = JSON.stringify({
      flags: {
        batch_writes: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
        legacy_path: { state: 'DISABLED', variants: { a: 'x', b: 'y' }, defaultVariant: 'b', targeting: {} },
      },
    });
    expect(flagsInFlagdFile(text)).toEqual({
      batch_writes: { variants: { on: true, off: false }, default_variant: 'on' },
      legacy_path: { state: 'DISABLED', variants: { a: 'x', b: 'y' }, default_variant: 'b' },
    });
  });

  it('leaves out a flag it cannot serve (no variants, a default that is not one of them), and reads nothing from a file that is not flagd JSON', () => {
    const text = JSON.stringify({ flags: { none: { state: 'ENABLED' }, odd: { variants: { on: true }, defaultVariant: 'off' }, list: { variants: ['on'], defaultVariant: 'on' }, ok: { variants: { on: 1 }, defaultVariant: 'on' } } });
    expect(Object.keys(flagsInFlagdFile(text))).toEqual(['ok']);
    expect(flagsInFlagdFile('{ not json')).toEqual({});
    expect(flagsInFlagdFile('null')).toEqual({});
    expect(flagsInFlagdFile('{"flags": 3}')).toEqual({});
  });
});
