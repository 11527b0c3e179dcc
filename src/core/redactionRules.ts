import { createHash } from 'node:crypto';
import { CREDENTIAL_RULES, SECRET_NAME_WORDS, type CredentialRule } from './credentialRules';

/**
 * Which redaction rules a cockpit applies: a fingerprint of the credential formats and the secret
 * key names, stamped on every event it writes (`redaction` on the line). A reader that finds its
 * own fingerprint on an event knows the event was redacted as it would redact it now, and need
 * not scan it for credential formats again (exports); an event with another fingerprint, or none
 * (a log from before the stamp, a line written by hand), was not, and is scanned whole.
 *
 * The runbook's secret values are not part of it: they belong to the runbook and the environment
 * of the cockpit that wrote the event, and a reader looks for the ones it knows in every event.
 */

/**
 * What the rules' data does not show: bump when the matcher or the redactor changes what it
 * redacts in code (how ranges merge, the orphan private-key tail, which keys are redacted whole),
 * so events written before the change are scanned again by readers after it.
 */
const REDACTION_LOGIC = 1;

/**
 * A fingerprint of credential rules and secret key names: 16 hex digits of a SHA-256 over what each
 * rule matches and which part of the match it masks (`hint` only makes a rule cheaper to run, so it
 * is left out).
 */
export function redactionFingerprint(rules: readonly CredentialRule[], secretKeyWords: readonly string[]): string {
  const described = JSON.stringify({
    logic: REDACTION_LOGIC,
    rules: rules.map((rule) => [rule.id, rule.re.source, rule.re.flags, rule.group ?? null]),
    keys: secretKeyWords,
  });
  return createHash('sha256').update(described).digest('hex').slice(0, 16);
}

/** The fingerprint of the rules this build applies. */
export const REDACTION_RULES: string = redactionFingerprint(CREDENTIAL_RULES, SECRET_NAME_WORDS);
