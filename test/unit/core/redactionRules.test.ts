import { describe, expect, it } from 'vitest';
import { CREDENTIAL_RULES, SECRET_NAME_WORDS, type CredentialRule } from '../../../src/core/credentialRules';
import { createRedactor } from '../../../src/core/redact';
import { REDACTION_RULES, redactionFingerprint } from '../../../src/core/redactionRules';
import { createSecretMatcher, createSecretValueSearch } from '../../../src/core/secretMatcher';

describe('the redaction rules fingerprint', () => {
  const base = redactionFingerprint(CREDENTIAL_RULES, SECRET_NAME_WORDS);
  const withRule = (index: number, change: Partial<CredentialRule>) => CREDENTIAL_RULES.map((rule, i) => (i === index ? { ...rule, ...change } : rule));

  it('is the one this build stamps, and the matcher and redactor say they apply it', () => {
    expect(REDACTION_RULES).toBe(base);
    expect(REDACTION_RULES).toMatch(/^[0-9a-f]{16}$/);
    expect(createSecretMatcher([]).rules).toBe(REDACTION_RULES);
    expect(createRedactor([]).rules).toBe(REDACTION_RULES);
  });

  it('changes with what a rule matches, which part it masks, a new rule or a new secret key name', () => {
    const bearer = CREDENTIAL_RULES.findIndex((rule) => rule.id === 'bearer-token');
    const changed = [
      redactionFingerprint(withRule(bearer, { re: /\b(Bearer\s+)([A-Za-z0-9\-._~+/]{6,}=*)/dg }), SECRET_NAME_WORDS),
      redactionFingerprint(withRule(bearer, { group: 1 }), SECRET_NAME_WORDS),
      redactionFingerprint([...CREDENTIAL_RULES, { id: 'new-vendor', re: /nv_[a-z0-9]{32}/g }], SECRET_NAME_WORDS),
      redactionFingerprint(CREDENTIAL_RULES.slice(1), SECRET_NAME_WORDS),
      redactionFingerprint(CREDENTIAL_RULES, [...SECRET_NAME_WORDS, 'cookie']),
    ];
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
  });

  it('does not change with a hint, which only makes a rule cheaper to run', () => {
    const bearer = CREDENTIAL_RULES.findIndex((rule) => rule.id === 'bearer-token');
    expect(redactionFingerprint(withRule(bearer, { hint: (text) => text.includes('Bear') }), SECRET_NAME_WORDS)).toBe(base);
  });

  it('a matcher that does not say which rules it applies gives a redactor that does not either', () => {
    expect(createRedactor({ find: () => [] }).rules).toBeUndefined();
  });
});

describe('the literal search for secret values', () => {
  it('finds a value as it is and as JSON writes it in a string', () => {
    const search = createSecretValueSearch(['hunter2hunter2', 'pa"ss\\word-42']);
    expect(search('password was hunter2hunter2 today')).toBe(true);
    expect(search(JSON.stringify({ text: 'used pa"ss\\word-42 here' }))).toBe(true);
    expect(search('used pa"ss\\word-42 here')).toBe(true);
    expect(search('hunter2hunte r2 and pa"ss word-42')).toBe(false);
  });

  it('ignores values too short to be redacted, and finds nothing without values', () => {
    expect(createSecretValueSearch(['short'])('a short text')).toBe(false);
    expect(createSecretValueSearch()('AKIAIOSFODNN7EXAMPLE')).toBe(false);
  });
});
