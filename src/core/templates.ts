/**
 * `{{name}}` templates of runbook `run:` parameters. They expand into exactly one argv element
 * each (never through a shell), so a value with spaces or `; rm -rf /` stays one literal argument.
 */

const TEMPLATE_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The variables every runbook has; `vars:` adds more. */
export const BUILTIN_TEMPLATE_VARS = ['service', 'env', 'incident', 'responder'] as const;

export interface TemplateUse {
  readonly name: string;
  /** Offset of the `{{` in the text. */
  readonly offset: number;
}

export function templateUses(text: string): TemplateUse[] {
  return [...text.matchAll(TEMPLATE_RE)].map((m) => ({ name: m[1]!, offset: m.index }));
}

export type Expansion = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly missing: readonly string[] };

export function expandTemplate(text: string, vars: Readonly<Record<string, string>>): Expansion {
  const missing = templateUses(text)
    .map((use) => use.name)
    .filter((name) => !Object.hasOwn(vars, name));
  if (missing.length > 0) return { ok: false, missing: [...new Set(missing)] };
  return { ok: true, value: text.replace(TEMPLATE_RE, (_, name: string) => vars[name]!) };
}

export type ArgvExpansion =
  | { readonly ok: true; readonly value: readonly string[] }
  | { readonly ok: false; readonly index: number; readonly missing: readonly string[] };

/**
 * Expands every argv element on its own, so each stays exactly one element whatever the values
 * contain; a failure names the first element with unknown variables.
 */
export function expandArgv(argv: readonly string[], vars: Readonly<Record<string, string>>): ArgvExpansion {
  const value: string[] = [];
  for (const [index, element] of argv.entries()) {
    const expanded = expandTemplate(element, vars);
    if (!expanded.ok) return { ok: false, index, missing: expanded.missing };
    value.push(expanded.value);
  }
  return { ok: true, value };
}
