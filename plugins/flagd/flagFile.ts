import { findNodeAtLocation, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import * as z from 'zod';
import { fail, ok, type Flag, type Result } from '../../src/plugins/contract';

/**
 * Reading a flagd flag definition file (REFERENCE: flagd) into flags, with every problem
 * located as `file:line:col`. Pure: the text comes in, the caller did the I/O.
 */

/** A flag as the file defines it: the contract's Flag, its change record from `metadata` where present. */
export type FlagEntry = Flag;

export interface FlagFile {
  readonly text: string;
  /** In file order. */
  readonly flags: readonly FlagEntry[];
}

const VARIANT_TYPES = ['boolean', 'string', 'number', 'object'] as const;
type VariantType = (typeof VARIANT_TYPES)[number];

function variantType(value: unknown): VariantType | undefined {
  if (value === null || Array.isArray(value)) return undefined;
  const type = typeof value;
  return (VARIANT_TYPES as readonly string[]).includes(type) ? (type as VariantType) : undefined;
}

const missingOr = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `missing (${expected})` : `expected ${expected}`;

const flagSchema = z
  .looseObject({
    state: z.enum(['ENABLED', 'DISABLED'], { error: missingOr('"ENABLED" or "DISABLED"') }),
    variants: z.record(z.string(), z.unknown(), { error: missingOr('an object of variants') }),
    defaultVariant: z.string({ error: 'expected a variant name or null' }).nullable().optional(),
    targeting: z.unknown().optional(),
    metadata: z.record(z.string(), z.unknown(), { error: 'expected an object' }).optional(),
  })
  .superRefine((flag, ctx) => {
    const names = Object.keys(flag.variants);
    if (names.length === 0) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'a flag needs at least one variant' });
    let firstType: VariantType | undefined;
    for (const name of names) {
      const type = variantType(flag.variants[name]);
      if (!type) {
        ctx.addIssue({ code: 'custom', path: ['variants', name], message: 'a variant is a boolean, string, number or object' });
        return;
      }
      firstType ??= type;
      if (type !== firstType) {
        ctx.addIssue({ code: 'custom', path: ['variants', name], message: `is a ${type}, but earlier variants are ${firstType}s` });
        return;
      }
    }
    const dv = flag.defaultVariant;
    if (typeof dv === 'string' && !names.includes(dv)) {
      ctx.addIssue({ code: 'custom', path: ['defaultVariant'], message: `"${dv}" is not one of its variants (${names.join(', ')})` });
    }
  });

const flagFileSchema = z.looseObject({
  $schema: z.string({ error: 'expected a string' }).optional(),
  flags: z.record(z.string(), flagSchema, { error: missingOr('an object of flags') }),
  $evaluators: z.record(z.string(), z.unknown(), { error: 'expected an object' }).optional(),
  metadata: z.record(z.string(), z.unknown(), { error: 'expected an object' }).optional(),
});

/** By jsonc-parser's error code names (its codes are a const enum, out of reach here). */
const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes (no trailing commas in JSON)',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

export function parseFlagFile(text: string, file: string): Result<FlagFile> {
  const located = (offset: number, message: string) => {
    const { line, col } = lineCol(text, offset);
    return fail('invalid-response', `${file}:${line}:${col}: ${message}`);
  };

  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const syntax = errors[0];
  if (syntax) return located(syntax.offset, `not valid JSON: ${SYNTAX_MESSAGES[printParseErrorCode(syntax.error)] ?? 'syntax error'}`);
  if (!root) return located(0, 'not valid JSON: the file is empty');

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // jsonc-parser is the more lenient of the two; whatever only JSON.parse rejects has no offset.
    return located(0, `not valid JSON: ${(error as Error).message}`);
  }

  const parsed = flagFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    return located(offsetOf(root, issue.path as JSONPath), `${describePath(issue.path)}${issue.message}${more}`);
  }

  const flagsNode = findNodeAtLocation(root, ['flags'])!;
  const keys = (flagsNode.children ?? []).map((property) => property.children![0]!.value as string);
  const duplicate = keys.findIndex((key, i) => keys.indexOf(key) !== i);
  if (duplicate >= 0) {
    return located(flagsNode.children![duplicate]!.offset, `flag "${keys[duplicate]}" is defined twice`);
  }

  const flags = keys.map((key): FlagEntry => {
    const flag = parsed.data.flags[key]!;
    const changedAt = stampText(flag.metadata?.changedAt);
    const changedBy = stampText(flag.metadata?.changedBy);
    return {
      key,
      state: flag.state,
      variants: Object.keys(flag.variants),
      defaultVariant: flag.defaultVariant ?? null,
      ...(changedAt !== undefined && !Number.isNaN(Date.parse(changedAt)) ? { changedAt: new Date(changedAt).toISOString() } : {}),
      ...(changedBy !== undefined ? { changedBy } : {}),
    };
  });
  return ok({ text, flags });
}

function stampText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** "flag checkout_v2: state: " for a path inside a flag, "flags: " for a top-level key. */
function describePath(path: readonly PropertyKey[]): string {
  const [top, flag, ...rest] = path.map(String);
  if (top === 'flags' && flag !== undefined) {
    return `flag "${flag}": ${rest.length > 0 ? `${rest.join('.')}: ` : ''}`;
  }
  return path.length > 0 ? `${path.map(String).join('.')}: ` : '';
}

/**
 * Offset of the value at `path`; for a missing key, of the key of the nearest object that
 * exists (so "state: missing" points at the flag that lacks it).
 */
function offsetOf(root: Node, path: JSONPath): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    if (!node) continue;
    if (depth === path.length || node.parent?.type !== 'property') return node.offset;
    return node.parent.offset;
  }
  return 0;
}

/** 1-based line and column (in UTF-16 code units, as editors count) of a character offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: offset - lineStart + 1 };
}
