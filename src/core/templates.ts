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
