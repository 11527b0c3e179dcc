import type { ValuePath } from './positions';

const ENV_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface EnvExpansion {
  readonly value: unknown;
  /** Every value that came from the environment: redacted wherever the cockpit writes. */
  readonly secrets: readonly string[];
  readonly missing: readonly { readonly path: ValuePath; readonly name: string }[];
}

/** Replaces `${NAME}` in every string of a parsed runbook with the environment's value. */
export function expandEnv(value: unknown, env: Readonly<Record<string, string | undefined>>): EnvExpansion {
  const secrets = new Set<string>();
  const missing: { path: ValuePath; name: string }[] = [];
  const walk = (node: unknown, path: ValuePath): unknown => {
    if (typeof node === 'string') {
      return node.replace(ENV_RE, (whole, name: string) => {
        const found = env[name];
        if (found === undefined) {
          missing.push({ path, name });
          return whole;
        }
        if (found.length > 0) secrets.add(found);
        return found;
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return node;
  };
  return { value: walk(value, []), secrets: [...secrets], missing };
}
