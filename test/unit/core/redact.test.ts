import { describe, expect, it } from 'vitest';
import { createRedactor, MIN_SECRET_LENGTH, REDACTED } from '../../../src/core/redact';
import { SECRET_PARTS, SECRET_SAMPLES } from '../../fixtures/timeline/secrets';

describe('redaction', () => {
  const redact = createRedactor([SECRET_SAMPLES.envValue]);

  it.each(Object.entries(SECRET_SAMPLES))('removes a %s from text around it', (_kind, sample) => {
    const out = redact(`before ${sample} after`);
    expect(out).toContain(REDACTED);
    for (const part of SECRET_PARTS) expect(out).not.toContain(part);
    expect(out.startsWith('before ')).toBe(true);
    expect(out.endsWith(' after')).toBe(true);
  });

  it('keeps the name of what was redacted', () => {
    expect(redact('password=hunter2hunter2&user=bob')).toBe(`password=${REDACTED}&user=bob`);
    expect(redact('curl -H "Authorization: Bearer abcdefgh12345678"')).toBe(`curl -H "Authorization: Bearer ${REDACTED}"`);
    expect(redact('AWS_SECRET_ACCESS_KEY=abc/def')).toBe(`AWS_SECRET_ACCESS_KEY=${REDACTED}`);
    expect(redact('postgres://app:pa55word@db:5432/x')).toBe(`postgres://app:${REDACTED}@db:5432/x`);
  });

  it('redacts a private key block cut off by a streamed chunk', () => {
    expect(redact('key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg')).toBe(`key:\n${REDACTED}`);
  });

  it('walks objects and arrays; a value under a secret-named key goes whole', () => {
    const input = { argv: ['deploy', `--token=${SECRET_SAMPLES.envValue}`], nested: { apiKey: 'plain-looking', count: 3, ok: true, none: null } };
    expect(redact(input)).toEqual({ argv: ['deploy', `--token=${REDACTED}`], nested: { apiKey: REDACTED, count: 3, ok: true, none: null } });
  });

  it('leaves ordinary operational text alone', () => {
    const text = 'Roll back checkout-api:42 to :41; commit 3f2a9c1d0e5b7a8c9d1e2f3a4b5c6d7e8f9a0b1c; sha256:' + 'ab'.repeat(32) + ' tasks 6/6 Basic checks passed';
    expect(redact(text)).toBe(text);
  });

  // A security review: a script's `| base64`, the query URL the cockpit percent-encoded echoed in
  // an error body, and a JSON body quoting it each carried the secret past the redactor.
  it('redacts a known value as it travels: percent-encoded, in a JSON string, in base64', () => {
    const secret = 'Tk9+secret/Value==';
    const known = createRedactor([secret, 'dbpw"quote\\back12']);
    expect(known(`path /api/${encodeURIComponent(secret)}/query refused`)).toBe(`path /api/${REDACTED}/query refused`);
    expect(known(`echo ${btoa(secret)} done`)).toBe(`echo ${REDACTED} done`);
    expect(known(`{"error":"bad ${JSON.stringify('dbpw"quote\\back12').slice(1, -1)}"}`)).toBe(`{"error":"bad ${REDACTED}"}`);
    // Not inside a longer base64 word.
    expect(known(`x${btoa(secret).replace(/=+$/, '')}Ab y`)).toBe(`x${btoa(secret).replace(/=+$/, '')}Ab y`);
  });

  it('ignores known values too short to be worth redacting', () => {
    const short = 'x'.repeat(MIN_SECRET_LENGTH - 1);
    expect(createRedactor([short])(`a ${short} b`)).toBe(`a ${short} b`);
  });

  it('is idempotent', () => {
    const once = redact(Object.values(SECRET_SAMPLES).join('\n'));
    expect(redact(once)).toBe(once);
  });
});
