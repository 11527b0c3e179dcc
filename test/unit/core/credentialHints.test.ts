import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_RULES } from '../../../src/core/credentialRules';
import { hintsIn } from '../../../src/core/secretMatcher';
import { CREDENTIAL_SAMPLES, NOT_SECRETS } from '../../fixtures/secrets/credentials';

/** What the rule's expression finds in `text`, asked without its hint. */
function matchesWithoutHint(re: RegExp, text: string): boolean {
  return new RegExp(re.source, re.flags.replace('g', '')).test(text);
}

function passesHint(hint: string | ((text: string) => boolean), text: string): boolean {
  return typeof hint === 'string' ? text.includes(hint) : hint(text);
}

const hinted = CREDENTIAL_RULES.filter((rule) => rule.hint !== undefined);

// Texts near the rules' edges: base64 runs of 38–42 characters next to `=` and separators, key
// names in any case, headers, newlines, and the real samples cut and glued.
const runChar = fc.constantFrom(...'aZ9/+Qx0'.split(''));
const piece = fc.oneof(
  fc.array(runChar, { minLength: 38, maxLength: 42 }).map((cs) => cs.join('')),
  fc.constantFrom('=', ' ', '"', ':', '\n', '\r\n', '-', '_', '.', 'PassWord', 'DB_TOKEN', 'api-KEY', 'Credential', 'authoriZation: Basic ', 'Bearer ', 'sha256:', '0123456789abcdef'),
  fc.constantFrom(...CREDENTIAL_SAMPLES.map((s) => s.printed), ...NOT_SECRETS),
  fc.string({ maxLength: 12 }),
);
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

describe('credential rule hints (a cheap test before the expression)', () => {
  it('never skip a text in which the rule finds something', () => {
    fc.assert(
      fc.property(text, (t) => {
        // expect() only on a miss: 2,000 runs of every rule spent 2 s of CPU in vitest's assertions.
        for (const rule of hinted) if (matchesWithoutHint(rule.re, t) && !passesHint(rule.hint!, t)) expect.fail(`${rule.id}'s hint skips ${JSON.stringify(t)}, in which the rule finds something`);
      }),
      { numRuns: 2_000 },
    );
  });

  it('are all found in one scan, overlapping ones too, exactly as includes would', () => {
    const textHints = hinted.flatMap((rule) => (typeof rule.hint === 'string' ? [rule.hint] : []));
    const nearHints = fc.constantFrom(...textHints, 'sk-ant-', 'glglc_', 'xoxe', 'SG.SK', 'key-us');
    const withHints = fc.array(fc.oneof(nearHints, fc.string({ maxLength: 6 })), { maxLength: 10 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(withHints, (t) => {
        const found = hintsIn(t);
        for (const hint of textHints) expect(found.has(hint), `${hint} in ${JSON.stringify(t)}`).toBe(t.includes(hint));
      }),
      { numRuns: 2_000 },
    );
  });
});
