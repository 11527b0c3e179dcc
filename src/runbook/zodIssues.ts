import type * as z from 'zod';
import { MAX_QUOTED_LENGTH, shown } from '../core/quotedText';
import { didYouMean } from '../core/suggest';
import type { LocatedMessage } from './source';
import type { SourceMap, ValuePath } from './positions';

/**
 * Turns zod issues into located, human messages. Unknown keys point at the key itself and
 * suggest the closest known key of the schema at that place; a missing field points at the
 * mapping that should hold it; everything else points at the offending value.
 */
export function locateIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  map: SourceMap,
  base: ValuePath = [],
): LocatedMessage[] {
  return issues.flatMap((issue) => locateIssue(issue, schema, map, base));
}

function locateIssue(issue: z.core.$ZodIssue, schema: z.ZodType, map: SourceMap, base: ValuePath): LocatedMessage[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, issue.path);
    return issue.keys.map((key) => {
      const suggestion = key.length > MAX_QUOTED_LENGTH ? undefined : didYouMean(key, known);
      const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : known.length > 0 ? ` (expected one of: ${known.join(', ')})` : '';
      return { ...map.locateKey(path, key), message: `unknown key \`${shown(key)}\`${where(base, issue.path)}${hint}` };
    });
  }
  // A missing enum (`severity`) too: it read "severity: bad severity undefined".
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && !('input' in issue && issue.input !== undefined) && map.node(path) === undefined) {
    const field = issue.path.at(-1);
    const parent = path.slice(0, -1);
    return [{ ...map.locate(parent), message: `missing required field \`${String(field)}\`${where(base, issue.path.slice(0, -1))}` }];
  }
  return [{ ...map.locate(path), message: `${label([...base, ...issue.path])}: ${describe(issue)}` }];
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, got ${kindOf((issue as { input?: unknown }).input)}`;
    case 'invalid_value':
      return issue.message.startsWith('Invalid') ? `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}` : issue.message;
    default:
      return issue.message;
  }
}

/** "in first_actions[2]" — context for keys whose line alone may not say which block they sit in. */
function where(base: ValuePath, path: readonly PropertyKey[]): string {
  const full = [...base, ...path];
  return full.length === 0 ? '' : ` in ${label(full)}`;
}

export function label(path: ValuePath): string {
  return path.reduce<string>((acc, segment) => (typeof segment === 'number' ? `${acc}[${segment}]` : acc ? `${acc}.${String(segment)}` : String(segment)), '');
}

function article(expected: string): string {
  const names: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'true or false', object: 'a mapping', array: 'a list', int: 'a whole number' };
  return names[expected] ?? expected;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${shown(value, 40)}"`;
  return `${typeof value} ${String(value)}`;
}

/** Keys the schema accepts at `path` (through arrays, records, optionals and defaults). */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    const def = current?._zod.def as Record<string, unknown> | undefined;
    if (!def) return [];
    if (def.type === 'object') current = (def.shape as Record<string, z.core.$ZodType>)[String(segment)];
    else if (def.type === 'array') current = def.element as z.core.$ZodType;
    else if (def.type === 'record') current = def.valueType as z.core.$ZodType;
    else return [];
    current = current && unwrap(current);
  }
  const def = current?._zod.def as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}
