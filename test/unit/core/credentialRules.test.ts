import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../../src/core/redact';
import { CREDENTIAL_SAMPLES, NOT_SECRETS } from '../../fixtures/secrets/credentials';

describe('well-known credential formats', () => {
  const redact = createRedactor();

  it.each(CREDENTIAL_SAMPLES.map((s) => [s.kind, s] as const))('redacts a %s', (_kind, sample) => {
    const out = redact(`$ ./probe.sh\n${sample.printed}\ndone\n`);
    expect(out).not.toContain(sample.secret);
    expect(out).toContain(REDACTED);
    // Only the secret goes: the lines around it stay.
    expect(out.startsWith('$ ./probe.sh\n')).toBe(true);
    expect(out.endsWith('\ndone\n')).toBe(true);
  });

  it.each(NOT_SECRETS.map((t) => [t]))('leaves %s alone', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('redacts every line of a private key block, even when the text starts inside it', () => {
    const pem = CREDENTIAL_SAMPLES.find((s) => s.kind === 'rsa private key (pem)')!.printed;
    const lines = pem.split('\n');
    const tail = lines.slice(2).join('\n');
    const out = redact(`${tail}\nnext`);
    for (const line of lines.slice(2, -1)) expect(out).not.toContain(line);
    expect(out).toBe(`${REDACTED}\nnext`);
  });
});

describe('secret values from the runbook', () => {
  it('are redacted as whole tokens, never inside a longer word', () => {
    const redact = createRedactor(['prod-db-7f3k']);
    expect(redact('prod-db-7f3k prod-db-7f3kx xprod-db-7f3k (prod-db-7f3k)')).toBe(`${REDACTED} prod-db-7f3kx xprod-db-7f3k (${REDACTED})`);
  });
});

describe('cost on hostile text', () => {
  // A quadratic pattern takes hours on a million characters; a linear one milliseconds.
  it.each([
    ['letters', 'a'.repeat(1_000_000)],
    ['a name-like run', 'x_'.repeat(500_000)],
    ['a key with a huge value', `password=${'x'.repeat(1_000_000)}`],
    ['base64-ish', 'Ab1+'.repeat(250_000)],
  ])('redacts a million characters of %s in linear time', (_, text) => {
    expect(createRedactor([])(text).length).toBeGreaterThan(0);
  });
});
