import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';

/** A path into the parsed value, as zod reports it: keys and array indices. */
export type ValuePath = readonly PropertyKey[];

export interface Position {
  readonly line: number;
  readonly col: number;
}

type Anchor = 'value' | 'key';

/**
 * Maps value paths back to YAML source positions. Resolves as deep as the source goes: a path
 * to a missing field lands on the mapping that should have held it.
 */
export class SourceMap {
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly source: string,
  ) {}

  /** Where the node at `path` starts; with `key`, where its key starts (for unknown or misplaced keys). */
  locate(path: ValuePath, anchor: Anchor = 'value'): Position {
    const found = this.walk(path);
    const node = anchor === 'key' && found.keyNode && found.complete ? found.keyNode : found.node;
    return this.at(node?.range?.[0] ?? 0);
  }

  /** The node at `path`, if the whole path exists in the source. */
  node(path: ValuePath): Node | undefined {
    const found = this.walk(path);
    return found.complete ? found.node : undefined;
  }

  /** The position of the key `key` inside the mapping at `mapPath` (for unrecognized keys). */
  locateKey(mapPath: ValuePath, key: string): Position {
    return this.locate([...mapPath, key], 'key');
  }

  /** Source position of a character offset within a scalar's value (block scalars included). */
  locateInScalar(path: ValuePath, valueOffset: number): Position {
    const node = this.node(path);
    if (!node || !isScalar(node) || !node.range) return this.locate(path);
    return this.at(scalarSourceOffset(this.source, node, valueOffset));
  }

  at(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  private walk(path: ValuePath): { node: Node | undefined; keyNode?: Node; complete: boolean } {
    let node: Node | undefined = this.doc.contents ?? undefined;
    let keyNode: Node | undefined;
    for (const segment of path) {
      node = this.deref(node);
      if (isMap(node)) {
        const pair = this.pairsOf(node).get(String(segment));
        if (!pair) return { node, complete: false };
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? keyNode;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
        keyNode = undefined;
        node = node.items[segment] as Node;
      } else {
        return { node, complete: false };
      }
    }
    return { node: this.deref(node), keyNode, complete: true };
  }

  /** Keys of a mapping, indexed once: a lookup per problem would be quadratic in a big mapping. */
  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let pairs = this.index.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const item of map.items) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key !== undefined && !pairs.has(key)) pairs.set(key, item as Pair);
      }
      this.index.set(map, pairs);
    }
    return pairs;
  }

  private deref(node: Node | undefined): Node | undefined {
    return isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
  }
}

/**
 * Folded and literal block scalars lose their indentation and line breaks in the value, so an
 * offset in the value is not an offset in the file. Walk the source lines of the scalar and
 * count how many value characters each contributes (its text plus one joining character).
 */
function scalarSourceOffset(source: string, node: Scalar, valueOffset: number): number {
  const [start, end] = node.range!;
  const raw = source.slice(start, end);
  const isBlock = node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL';
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if (!isBlock && !raw.includes('\n')) return start + (quoted ? 1 : 0) + valueOffset;

  const lines = raw.split('\n');
  // The `>-` / `|` header line of a block scalar holds no value text.
  let cursor = isBlock ? start + lines[0]!.length + 1 : start;
  let consumed = 0;
  for (let index = isBlock ? 1 : 0; index < lines.length; index++) {
    const line = lines[index]!;
    const indent = index === 0 ? (quoted ? 1 : 0) : line.length - line.trimStart().length;
    const text = index === 0 ? line.slice(indent) : line.trim();
    if (text.length > 0 && valueOffset <= consumed + text.length) {
      return cursor + indent + (valueOffset - consumed);
    }
    if (text.length > 0) consumed += text.length + 1;
    cursor += line.length + 1;
  }
  return start;
}
