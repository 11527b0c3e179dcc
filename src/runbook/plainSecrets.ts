import { createSecretMatcher } from '../core/secretMatcher';
import type { SourceMap, ValuePath } from './positions';
import type { LocatedMessage } from './source';

/**
 * Credentials written into the runbook itself (`bearer: "eyJhbGciOi…"`, `X-Api-Key: sk_live_…`):
 * found by the same rules that redact the timeline, on each string and on each `key: value` pair
 * (a value a key names as a secret). A runbook is shared, reviewed and copied into drills; its
 * secrets belong in the environment, as `${NAME}`, which the cockpit redacts wherever it writes.
 * Lint's alone: a rule's false alarm must never stop `open` during an incident.
 */
export function plainSecrets(raw: unknown, map: SourceMap): LocatedMessage[] {
  const matcher = createSecretMatcher();
  const problems: LocatedMessage[] = [];
  const visit = (value: unknown, path: ValuePath): void => {
    if (typeof value === 'string') {
      const key = path.at(-1);
      const written = (text: string, from: number) => matcher.find(text).some((range) => range.end > from && !text.slice(Math.max(from, range.start), range.end).includes('${'));
      if (written(value, 0) || (typeof key === 'string' && written(`${key}: ${value}`, key.length + 2))) {
        problems.push({ ...map.locate(path), message: 'this looks like a credential written into the runbook: put it in an environment variable, write `${NAME}` here and list NAME under `secrets:` (the cockpit then redacts it wherever it writes)' });
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(raw, []);
  return problems;
}
