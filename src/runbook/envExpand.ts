import type { ValuePath } from './positions';

const ENV_RE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** One `${NAME}` in the runbook: in the string at `path`, starting at `offset` of its value. */
export interface EnvUse {
  readonly path: ValuePath;
  readonly name: string;
  readonly offset: number;
}

export interface EnvExpansion {
  readonly value: unknown;
  readonly missing: readonly { readonly path: ValuePath; readonly name: string }[];
}

/** Every `${NAME}` in the strings of a parsed runbook (keys are never expanded). */
export function findEnvUses(value: unknown): EnvUse[] {
  const uses: EnvUse[] = [];
  walkStrings(value, [], (text, path) => {
    for (const m of text.matchAll(ENV_RE)) uses.push({ path, name: m[1]!, offset: m.index });
    return text;
  });
  return uses;
}

/** Replaces `${NAME}` in every string of a parsed runbook with the environment's value. */
export function expandEnv(value: unknown, env: Readonly<Record<string, string | undefined>>): EnvExpansion {
  const missing: { path: ValuePath; name: string }[] = [];
  const expanded = walkStrings(value, [], (text, path) =>
    text.replace(ENV_RE, (whole, name: string) => {
      const found = env[name];
      if (found !== undefined) return found;
      missing.push({ path, name });
      return whole;
    }),
  );
  return { value: expanded, missing };
}

function walkStrings(node: unknown, path: ValuePath, visit: (text: string, path: ValuePath) => string): unknown {
  if (typeof node === 'string') return visit(node, path);
  if (Array.isArray(node)) return node.map((item, index) => walkStrings(item, [...path, index], visit));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, walkStrings(item, [...path, key], visit)]));
  }
  return node;
}
