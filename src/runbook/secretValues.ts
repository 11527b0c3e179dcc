import { MIN_SECRET_LENGTH } from '../core/secretMatcher';
import { looksLikeCredentialName } from '../core/secretNames';
import { findEnvUses } from './envExpand';
import type { SourceMap } from './positions';
import type { LocatedMessage } from './source';

export interface SecretValues {
  /** Values redacted wherever the cockpit writes or draws. */
  readonly secrets: readonly string[];
  readonly problems: readonly LocatedMessage[];
}

/**
 * The runbook's secret values: the environment's value of every name under `secrets:` (used in
 * the runbook or not: a command's `env_allow` may hand it to a script that prints it) and of every
 * `${NAME}` whose name looks like a credential. A secret too short to be redacted as a whole token
 * without hitting ordinary words is a located problem rather than a corrupted timeline. Names the
 * environment does not set are skipped here (a missing `${NAME}` is reported by the expansion).
 */
export function secretValues(raw: unknown, map: SourceMap, env: Readonly<Record<string, string | undefined>>): SecretValues {
  const secrets = new Set<string>();
  const problems: LocatedMessage[] = [];
  const tooShort = (value: string) => `is ${value.length} character${value.length === 1 ? '' : 's'} long; a secret needs at least ${MIN_SECRET_LENGTH}, or redacting it would cut into ordinary words`;

  const listed = declaredSecrets(raw);
  listed.forEach((name, index) => {
    const value = env[name];
    if (value === undefined || value === '') return;
    if (value.length < MIN_SECRET_LENGTH) problems.push({ ...map.locate(['secrets', index]), message: `secret \`${name}\` ${tooShort(value)}` });
    else secrets.add(value);
  });
  for (const use of findEnvUses(raw)) {
    if (listed.includes(use.name) || !looksLikeCredentialName(use.name)) continue;
    const value = env[use.name];
    if (value === undefined || value === '') continue;
    if (value.length < MIN_SECRET_LENGTH) {
      problems.push({
        ...map.locateInScalar(use.path, use.offset),
        message: `\`\${${use.name}}\` is named like a credential, so it is a secret, and its value ${tooShort(value)} (rename the variable if it is not a secret)`,
      });
    } else secrets.add(value);
  }
  return { secrets: [...secrets], problems };
}

function declaredSecrets(raw: unknown): string[] {
  const list = (raw as { secrets?: unknown } | null)?.secrets;
  return Array.isArray(list) ? list.map((item) => (typeof item === 'string' ? item : '')) : [];
}
