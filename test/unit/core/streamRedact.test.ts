import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../../src/core/redact';
import { createSecretMatcher } from '../../../src/core/secretMatcher';
import { createStreamRedactor, WITHHELD, type StreamLimits } from '../../../src/core/streamRedact';
import { CREDENTIAL_SAMPLES } from '../../fixtures/secrets/credentials';

/** Feeds `text` cut at `cuts` through a fresh streaming redactor; what the stream let through. */
function stream(text: string, cuts: readonly number[], limits?: StreamLimits, secrets: readonly string[] = []): string {
  const redactor = createStreamRedactor(createSecretMatcher(secrets), limits);
  const at = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
  let out = '';
  let from = 0;
  for (const cut of [...at, text.length]) {
    out += redactor.push(text.slice(from, cut));
    from = cut;
  }
  return out + redactor.end();
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const chars = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((cs) => cs.join(''));
const b64url = `${ALNUM}-_`;

interface Planted {
  readonly printed: string;
  /** Pieces of which none may survive (a key's body lines, or the token itself). */
  readonly secrets: readonly string[];
}

const tokenOf = (arb: fc.Arbitrary<string>) => arb.map((t): Planted => ({ printed: t, secrets: [t] }));

/** A random secret of a random class. */
const planted: fc.Arbitrary<Planted> = fc.oneof(
  tokenOf(chars(ALNUM, 36).map((b) => `ghp_${b}`)),
  tokenOf(chars(ALNUM, 36).map((b) => `gho_${b}`)),
  tokenOf(fc.tuple(chars('0123456789', 12), chars('0123456789', 13), chars(ALNUM, 24)).map(([a, b, c]) => `xoxb-${a}-${b}-${c}`)),
  tokenOf(chars(ALNUM, 60).map((b) => `sk_live_${b}`)),
  tokenOf(chars(b64url, 35).map((b) => `AIza${b}`)),
  tokenOf(chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16).map((b) => `AKIA${b}`)),
  tokenOf(chars(b64url, 20).map((b) => `glpat-${b}`)),
  tokenOf(chars(ALNUM, 36).map((b) => `npm_${b}`)),
  tokenOf(fc.tuple(chars(b64url, 22), chars(b64url, 43)).map(([a, b]) => `SG.${a}.${b}`)),
  tokenOf(fc.tuple(chars(b64url, 20), chars(b64url, 24), chars(b64url, 43)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`)),
  chars(ALNUM, 16).map((p): Planted => ({ printed: `Password:\n  ${p}`, secrets: [p] })),
  fc.array(chars(`${ALNUM}+/`, 64), { minLength: 1, maxLength: 8 }).map((body): Planted => ({
    printed: ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'].join('\n'),
    secrets: body,
  })),
  fc.constantFrom(...CREDENTIAL_SAMPLES).map((s): Planted => ({ printed: s.printed, secrets: [s.secret] })),
);

const WORDS = ['tasks', '6/6', 'running', 'rollout', 'COMPLETED', 'prod', 'production', 'checkout-api:41', 'OK', 'error:', 'retrying', 'in', '5s', '(:42)', 'sha256:9b2c7f1e', 'key', 'token', 'bucket', 'p95=412ms', '{"ok":true}', '—', 'ünïcode'];
const line = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 8 }).map((ws) => ws.join(' '));
const text = fc.array(line, { minLength: 1, maxLength: 12 }).map((ls) => `${ls.join('\n')}\n`);
const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 40 });

describe('streaming redaction', () => {
  it('never lets a planted secret through, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(text, fc.nat(), planted, cuts, (before, where, secret, at) => {
        const lines = before.split('\n');
        const i = where % lines.length;
        const input = [...lines.slice(0, i), secret.printed, ...lines.slice(i)].join('\n');
        const out = stream(input, at.map((c) => c % (input.length + 1)));
        for (const s of secret.secrets) {
          expect(out).not.toContain(s);
          // Not half of it either.
          expect(out).not.toContain(s.slice(0, Math.ceil(s.length / 2)));
          expect(out).not.toContain(s.slice(Math.floor(s.length / 2)));
        }
        expect(out).toContain(REDACTED);
      }),
      { numRuns: 400 },
    );
  });

  it('lets text without secrets through unchanged, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(text, cuts, (input, at) => {
        expect(stream(input, at.map((c) => c % (input.length + 1)))).toBe(input);
      }),
      { numRuns: 300 },
    );
  });

  it('after skipping a stretch (output cut between head and tail), lets through exactly what it would have after scanning it', () => {
    // The context a skipped line leaves ("Password:"), a key block it opens: what follows is redacted the same.
    fc.assert(
      fc.property(text, fc.nat(), planted, text, cuts, (before, where, secret, after, at) => {
        const lines = before.split('\n');
        const i = where % lines.length;
        const input = [...lines.slice(0, i), secret.printed, ...lines.slice(i)].join('\n') + after;
        const all = input.split(/(?<=\n)/);
        const split = all.slice(0, (where * 7) % (all.length + 1)).join('').length;
        const scanned = createStreamRedactor(createSecretMatcher());
        const skipped = createStreamRedactor(createSecretMatcher());
        scanned.push(input.slice(0, split));
        skipped.skip(input.slice(0, split));
        const rest = input.slice(split);
        const pieces = [...new Set(at.map((c) => c % (rest.length + 1)))].sort((a, b) => a - b);
        let a = '';
        let b = '';
        let from = 0;
        for (const cut of [...pieces, rest.length]) {
          a += scanned.push(rest.slice(from, cut));
          b += skipped.push(rest.slice(from, cut));
          from = cut;
        }
        expect(b + skipped.end()).toBe(a + scanned.end());
      }),
      { numRuns: 400 },
    );
  });

  it('after skipping, a secret whose context was in the skipped stretch, or inside a key block it opened, is still withheld', () => {
    const context = createStreamRedactor(createSecretMatcher());
    context.skip('lots of output\nPassword:\n');
    expect(context.push('hunter2-hunter2\nok\n')).toBe(`${REDACTED}\nok\n`);
    const key = createStreamRedactor(createSecretMatcher());
    key.skip('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n');
    // Nothing of the block: what follows its END line (the line's own end, then the next line).
    expect(key.push('BKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\nafter\n') + key.end()).toBe('\nafter\n');
  });

  it('holds an unterminated line back until it ends', () => {
    const redactor = createStreamRedactor(createSecretMatcher());
    expect(redactor.push('token ghp_abc')).toBe('');
    expect(redactor.push('defghijklmnopqrstuvwxyz0123456789ABC and more\nnext')).toBe(`token ${REDACTED} and more\n`);
    expect(redactor.end()).toBe('next');
  });

  it('withholds a private key block from its BEGIN line to its END line, one line a chunk', () => {
    const redactor = createStreamRedactor(createSecretMatcher());
    const pieces = ['before\n', '-----BEGIN PRIVATE KEY-----\n', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n', 'BKcwggSjAgEAAoIBAQC7\n', '-----END PRIVATE KEY-----\n', 'after\n'];
    expect(pieces.map((p) => redactor.push(p)).join('') + redactor.end()).toBe(`before\n${REDACTED}\nafter\n`);
  });

  it('finds a secret whose context was on a line already let through', () => {
    expect(stream('Password:\nhunter2-hunter2\nok\n', [10])).toBe(`Password:\n${REDACTED}\nok\n`);
  });

  it('redacts a runbook secret value split across chunks', () => {
    expect(stream('using s3cr3t-from-env for db\n', [9, 14], undefined, ['s3cr3t-from-env'])).toBe(`using ${REDACTED} for db\n`);
  });

  it('keeps memory bounded on a line that never ends, still without splitting a token', () => {
    const redactor = createStreamRedactor(createSecretMatcher(), { maxCarry: 100 });
    const secret = `ghp_${'a1B2'.repeat(9)}`;
    let out = '';
    for (let i = 0; i < 50; i++) out += redactor.push(`filler ${i === 30 ? secret : 'word'} `);
    expect(out.length).toBeGreaterThan(0);
    out += redactor.end();
    expect(out).not.toContain(secret);
    expect(out).toContain(`filler ${REDACTED} `);
  });

  it('withholds a token-character run longer than the carry, and nothing after it, said as withheld, not as a secret', () => {
    const redactor = createStreamRedactor(createSecretMatcher(), { maxCarry: 64 });
    const blob = 'QUJD'.repeat(100);
    const out = redactor.push('key dump:\n') + redactor.push(blob.slice(0, 200)) + redactor.push(blob.slice(200)) + redactor.push(' done\n') + redactor.end();
    expect(out).toBe(`key dump:\n${WITHHELD} done\n`);
  });
});
