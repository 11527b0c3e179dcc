import { VALID } from './runbookText';

/**
 * Hostile runbooks from issue #11: each is small on disk and once made lint slow, huge in
 * output, or both. Shared by the tests and bench/hostileYaml.ts (which times them).
 */
export const HOSTILE_YAML: Readonly<Record<string, () => string>> = {
  /** A complex key nested 300 deep: a 1.2 KB file once printed a 1.35 MB message. */
  'nested-complex-key': () => `${VALID}? ${'['.repeat(300)}${']'.repeat(300)}\n: 1\n`,
  /** A flow mapping used as a key, nested. */
  'flow-mapping-key': () => `${VALID}? ${'{a: '.repeat(300)}1${'}'.repeat(300)}\n: 1\n`,
  /** One anchored, nested list reused as hundreds of keys. */
  'alias-keys': () => {
    const keys = Array.from({ length: 90 }, (_, i) => `? [*a, ${i}]\n: 1\n`).join('');
    return `${VALID}links:\n  x: &a ${'['.repeat(60)}1${']'.repeat(60)}\n${keys}`;
  },
  /** A key that is a long string. */
  'long-string-key': () => `${VALID}? "${'k'.repeat(200_000)}"\n: 1\n`,
  /** 60,000 unknown keys in one mapping (37 s once). */
  'many-keys': () => `${VALID}${Array.from({ length: 60_000 }, (_, i) => `k${i}: 1\n`).join('')}`,
  /** The same on one line, as a flow mapping. */
  'many-keys-flow': () => `${VALID}x: {${Array.from({ length: 60_000 }, (_, i) => `k${i}: 1`).join(', ')}}\n`,
};
