import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { shown } from '../core/quotedText';
import { SourceMap } from './positions';
import { thrownMessage } from '../core/errorText';

/** Limits that keep hostile input (huge files, alias bombs, deep nesting) from hanging or crashing the loader. */
export const LIMITS = {
  bytes: 1024 * 1024,
  aliases: 100,
  depth: 64,
  /** Entries of one mapping or list: a runbook's longest list is a few dozen steps. */
  entries: 1000,
  /** Characters of one key: keys are names, not text. */
  keyLength: 200,
  /**
   * Lines, and commas (flow-style entries), of a file: counted before parsing, which alone takes
   * seconds for 60,000 entries, so a file that big is refused before it.
   */
  lines: 10_000,
  commas: 10_000,
} as const;

export interface LocatedMessage {
  readonly line: number;
  readonly col: number;
  readonly message: string;
  /** Which check found it (`yaml`, `schema`, `promql`, …), for `lint --json`; set where the checks are grouped. */
  readonly rule?: string;
}

/** The same problems, each named as found by `rule` (unless a finer check already named it). */
export function byRule<P extends LocatedMessage>(rule: string, problems: readonly P[]): P[] {
  return problems.map((p) => (p.rule === undefined ? { ...p, rule } : p));
}

export type ParsedYaml =
  | { readonly ok: true; readonly value: unknown; readonly map: SourceMap; readonly doc: Document }
  | { readonly ok: false; readonly problems: readonly LocatedMessage[] };

/** What the document is, for messages: `runbook`, `scenario`. */
export type DocumentNoun = 'runbook' | 'scenario';

export function checkSize(size: number, noun: DocumentNoun = 'runbook'): LocatedMessage | undefined {
  return size > LIMITS.bytes ? at1(`file is too large (${formatBytes(size)}); ${noun}s are limited to ${formatBytes(LIMITS.bytes)}`) : undefined;
}

/** Text checks that must happen before YAML sees the bytes. */
export function checkBytes(bytes: Uint8Array, noun: DocumentNoun = 'runbook'): LocatedMessage | undefined {
  const tooLarge = checkSize(bytes.length, noun);
  if (tooLarge) return tooLarge;
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { ...positionOfByte(bytes, nul), message: `not a text file (it contains a NUL byte here); a ${noun} is UTF-8 YAML` };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return at1(`not a text file (it is not valid UTF-8); a ${noun} is UTF-8 YAML`);
  }
  return undefined;
}

/** Parses one YAML document keeping source positions, reporting syntax errors, duplicate keys and nesting. */
export function parseYaml(text: string, noun: DocumentNoun = 'runbook'): ParsedYaml {
  const tooLong = checkCount(text, '\n', 'lines', LIMITS.lines, noun) ?? checkCount(text, ',', 'commas', LIMITS.commas, noun);
  if (tooLong) return { ok: false, problems: [tooLong] };
  const lines = new LineCounter();
  // Duplicate keys are found by checkShape: yaml's own check compares each key with every one
  // before it, which took minutes on a mapping of 60,000 keys.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, strict: true });
  const map = new SourceMap(doc, lines, text);
  const problems: LocatedMessage[] = [];
  // A key indented deeper than the keys beside it reads, to yaml, as the rest of the value above
  // it: yaml reports the line above (twice); the problem is the line below, said once.
  const multiline = new Set(doc.errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  let textLines: string[] | undefined;
  for (const error of doc.errors) {
    if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && multiline.has(error.pos[0])) continue;
    const { line, col } = map.at(error.pos[0]);
    const unclosed = error.code === 'BAD_INDENT' && FLOW_NOT_ENDED.test(error.message) ? unclosedFlow(text, error.pos[0]) : undefined;
    if (unclosed !== undefined) {
      problems.push({ ...map.at(unclosed.at), message: `this ${unclosed.open} is never closed (a flow ${unclosed.open === '{' ? 'mapping' : 'list'} ends with ${unclosed.close}): the lines after it were read as part of it` });
      // What yaml says after it is of the lines it read into it (correctly indented lines called misindented).
      break;
    }
    const indentLike = error.code === 'BAD_INDENT' || (error.code === 'MISSING_CHAR' && error.message.startsWith('Sequence item without - indicator'));
    const wrongLine = error.code === 'MULTILINE_IMPLICIT_KEY' && map.at(error.pos[1]).line > line ? line + 1 : indentLike ? line : undefined;
    problems.push((wrongLine === undefined ? undefined : misindented((textLines ??= text.split('\n')), wrongLine)) ?? { line, col, message: yamlMessage(error.code, error.message, noun) });
  }
  if (problems.length === 0) {
    for (const shape of checkShape(doc.contents, noun, (offset) => map.at(offset).line)) {
      problems.push({ ...map.at(shape.node?.range?.[0] ?? 0), message: shape.message });
    }
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(firstOfCascade(problems)) };
  if (!isMap(doc.contents)) {
    const start = doc.contents?.range?.[0] ?? 0;
    return { ok: false, problems: [{ ...map.at(start), message: `a ${noun} must be a YAML mapping (key: value pairs) at the top level` }] };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: LIMITS.aliases }), map, doc };
  } catch (error) {
    // yaml throws only for alias expansion beyond maxAliasCount (a "billion laughs" document).
    const message = thrownMessage(error);
    return { ok: false, problems: [{ ...firstAlias(doc, map), message: `too many alias expansions (${message.toLowerCase()})` }] };
  }
}

function checkCount(text: string, char: '\n' | ',', what: 'lines' | 'commas', limit: number, noun: DocumentNoun): LocatedMessage | undefined {
  let count = char === '\n' ? 1 : 0;
  let beyond = -1;
  for (let at = text.indexOf(char); at !== -1 && !(char === '\n' && at === text.length - 1); at = text.indexOf(char, at + 1)) {
    count++;
    if (count === limit + 1) beyond = at;
  }
  if (count <= limit) return undefined;
  const where = char === '\n' ? { line: limit + 1, col: 1 } : positionOf(text, beyond);
  return { ...where, message: `file has ${count} ${what}; ${noun}s are limited to ${limit}` };
}

function positionOf(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, col: index - lineStart + 1 };
}

/** Before a quote that opens a quoted value: nothing on its line, or a key's colon, a dash, a bracket or a comma (`Don't` is no quote). */
const QUOTE_OPENS = /(^|[:\-[{,])\s*$/;

/** yaml's word for a flow collection (`{ … }`, `[ … ]`) whose closing bracket it did not find where it had to be. */
const FLOW_NOT_ENDED = /^Flow (map|sequence) in block collection must be sufficiently indented and end with a [}\]]/;

/**
 * The last `{` or `[` before `upTo` that no bracket closes, outside quotes and comments: yaml reports an unclosed one at
 * the line where the block went on (`misindented` blamed that line, two lines below the `{`).
 */
function unclosedFlow(text: string, upTo: number): { readonly at: number; readonly open: '{' | '['; readonly close: '}' | ']' } | undefined {
  const opened: number[] = [];
  let quote: string | undefined;
  for (let at = 0; at < upTo && at < text.length; at += 1) {
    const char = text[at]!;
    if (quote !== undefined) {
      if (char === '\\' && quote === '"') at += 1;
      else if (char === quote) quote = undefined;
    } else if ((char === '"' || char === "'") && QUOTE_OPENS.test(text.slice(text.lastIndexOf('\n', at - 1) + 1, at))) quote = char;
    else if (char === '#' && (at === 0 || /\s/.test(text[at - 1]!))) at = Math.max(at, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at) - 1);
    else if (char === '{' || char === '[') opened.push(at);
    else if ((char === '}' || char === ']') && opened.length > 0) opened.pop();
  }
  const at = opened.at(-1);
  if (at === undefined) return undefined;
  return text[at] === '{' ? { at, open: '{', close: '}' } : { at, open: '[', close: ']' };
}

/**
 * The misindented line (the first that holds something from `line` on), against the nearest such
 * line above it; undefined when the two are indented alike (then yaml's own message says more).
 */
function misindented(lines: readonly string[], line: number): LocatedMessage | undefined {
  const empty = (at: number) => /^\s*(#.*)?$/.test(lines[at - 1] ?? '');
  const indent = (at: number) => /^ */.exec(lines[at - 1] ?? '')![0].length;
  // A list item's keys start after its `- `: `title:` at 3 under `  - id:` read "the line above it 2".
  const dash = (text: string) => /^ *- +/.exec(text)?.[0].length;
  const keyColumn = (at: number) => dash(lines[at - 1] ?? '') ?? indent(at);
  const before = (at: number) => {
    let previous = at - 1;
    while (previous > 1 && empty(previous)) previous--;
    return previous;
  };
  let wrong = line;
  while (wrong < lines.length && empty(wrong)) wrong++;
  const above = before(wrong);
  if (above < 1 || indent(wrong) === indent(above) || indent(wrong) === keyColumn(above)) return undefined;
  // The line above is the odd one out when the line above it starts its keys as this one does: `run:` at 3 spaces
  // between keys at 4 was blamed on the next key, correctly indented. Not a line back at a column keys above it use (a
  // dedent to a parent's key is no mistake).
  const twoAbove = before(above);
  const columns = new Set(lines.slice(0, above - 1).flatMap((text) => (/^\s*(#.*)?$/.test(text) ? [] : [/^ */.exec(text)![0].length, ...(dash(text) === undefined ? [] : [dash(text)!])])));
  const oddAbove = twoAbove >= 1 && keyColumn(twoAbove) === indent(wrong) && !columns.has(indent(above)) && dash(lines[above - 1] ?? '') === undefined;
  const [at, around] = oddAbove ? [above, 'the lines around it'] : [wrong, 'the line above it'];
  return {
    line: at,
    col: indent(at) + 1,
    message: `misindented: this line is indented ${indent(at)} spaces and ${around} ${oddAbove ? indent(wrong) : keyColumn(above)}; the keys of one mapping start in the same column`,
  };
}

function yamlMessage(code: string, message: string, noun: DocumentNoun): string {
  // yaml appends a code excerpt after the first line; the located line is enough for a terminal.
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `duplicate key: ${first.replace(/^Map keys must be unique/, 'keys must be unique')}`;
  if (/Maximum call stack size exceeded/.test(first)) return `nesting is far deeper than ${LIMITS.depth} levels; a ${noun} never needs that`;
  return `YAML syntax error: ${first}`;
}

/**
 * The shape checks that must pass before the value is built: nesting depth, size of each
 * collection, and keys that are short plain scalars. A list, mapping or alias as a key would be
 * turned into a string of its whole content (quadratic in its nesting) before any check could
 * see it. Iterative, since the point is to survive input that would overflow a recursive walk.
 */
function checkShape(root: unknown, noun: DocumentNoun, lineOf: (offset: number) => number): ShapeProblem[] {
  const duplicates: ShapeProblem[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth >= LIMITS.depth) return [{ node, message: `nesting is deeper than ${LIMITS.depth} levels; a ${noun} never needs that` }];
    if (node.items.length > LIMITS.entries) {
      return [{ node, message: `this ${isMap(node) ? 'mapping' : 'list'} has ${node.items.length} entries; a ${noun} mapping or list is limited to ${LIMITS.entries}` }];
    }
    const seen = new Map<unknown, Node>();
    for (const item of node.items) {
      if (!isPair(item)) {
        stack.push({ node: item, depth: depth + 1 });
        continue;
      }
      const badKey = checkKey(item.key);
      if (badKey) return [badKey];
      const key = isScalar(item.key) ? item.key.value : item.key;
      const first = seen.get(key);
      if (first) duplicates.push({ node: item.key as Node, message: `duplicate key \`${shown(String(key))}\`: first set at line ${lineOf(first.range?.[0] ?? 0)}; keys must be unique` });
      else seen.set(key, item.key as Node);
      stack.push({ node: item.value, depth: depth + 1 });
    }
  }
  return duplicates;
}

type ShapeProblem = { node: Node | undefined; message: string };

function checkKey(key: unknown): ShapeProblem | undefined {
  if (isAlias(key)) return { node: key, message: 'a key must be a plain string, not an alias' };
  if (isCollection(key)) return { node: key, message: `a key must be a plain string, not ${isMap(key) ? 'a mapping' : 'a list'}` };
  const text = isScalar(key) ? String(key.value) : '';
  // JSON.parse and yaml keep it as data, but zod and spread drop it or turn it into a prototype.
  if (text === '__proto__') return { node: key as Node, message: '`__proto__` cannot be used as a key' };
  if (text.length > LIMITS.keyLength) {
    return { node: key as Node, message: `key is ${text.length} characters long; keys are limited to ${LIMITS.keyLength}: \`${shown(text, 40)}\`` };
  }
  return undefined;
}

function firstAlias(doc: Document, map: SourceMap): { line: number; col: number } {
  let first = Infinity;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) first = Math.min(first, node.range?.[0] ?? Infinity);
    else if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(isPair(item) ? item.value : item);
  }
  return map.at(Number.isFinite(first) ? first : 0);
}

/**
 * Up to the first misindented line or unclosed bracket: the syntax errors yaml finds after one are of the lines it read
 * wrongly for it (`title:` at 3 under `- id:` came with "Implicit keys need to be on a single line" two lines on).
 */
function firstOfCascade(problems: LocatedMessage[]): LocatedMessage[] {
  const first = problems.findIndex((p) => p.message.startsWith('misindented:') || p.message.startsWith('this { is never closed') || p.message.startsWith('this [ is never closed'));
  return first < 0 ? problems : problems.filter((p, index) => index <= first || p.line === problems[first]!.line || !p.message.startsWith('YAML syntax error:'));
}

function dedupe(problems: LocatedMessage[]): LocatedMessage[] {
  const seen = new Set<string>();
  // A misindented line is the cause of yaml's other complaints about it ("Sequence item without - indicator").
  const misindentedAt = new Set(problems.flatMap((p) => (p.message.startsWith('misindented:') ? [p.line] : [])));
  const said = new Set<number>();
  return problems.filter((p) => {
    if (misindentedAt.has(p.line) && !p.message.startsWith('misindented:')) return false;
    // One misindented line said once: yaml reports it from the line before and the line after alike.
    if (p.message.startsWith('misindented:')) {
      if (said.has(p.line)) return false;
      said.add(p.line);
    }
    const key = `${p.line}:${p.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function positionOfByte(bytes: Uint8Array, index: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: index - lineStart + 1 };
}

function at1(message: string): LocatedMessage {
  return { line: 1, col: 1, message };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
