/**
 * Which environment variables hold secrets. A `${NAME}` value is a secret when the runbook lists
 * NAME under `secrets:` or NAME looks like a credential's name; every other value (a cluster,
 * a region, a URL) is plain configuration and is never redacted, so `${ECS_CLUSTER}=prod` cannot
 * turn "production" into nonsense in the permanent timeline.
 *
 * A name looks like a credential when one of its words (split at `_`, `-`, `.` and lower→upper
 * case changes) is in CREDENTIAL_WORDS, or ends in one of CREDENTIAL_ENDINGS (`GHTOKEN`,
 * `DBPASSWORD`, `APIKEY`). Whole words, so MONKEY, KEYSPACE, AUTHOR or PASSENGER are not.
 */
export const CREDENTIAL_WORDS = [
  'TOKEN',
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'PASSPHRASE',
  'KEY',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'AUTH',
  'PRIVATE',
  'SIGNATURE',
  'SALT',
  'COOKIE',
  'DSN',
] as const;

export const CREDENTIAL_ENDINGS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'APIKEY', 'ACCESSKEY', 'SECRETKEY', 'PRIVATEKEY'] as const;

const WORDS = new Set<string>(CREDENTIAL_WORDS);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_.-]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toUpperCase());
}

export function looksLikeCredentialName(name: string): boolean {
  return words(name).some((w) => WORDS.has(w) || CREDENTIAL_ENDINGS.some((ending) => w.length > ending.length && w.endsWith(ending)));
}
