/**
 * The three patch formats the API server takes on PATCH, as kubectl and client libraries send
 * them: JSON Patch (RFC 6902, what `kubectl rollout undo` sends), JSON Merge Patch (RFC 7386) and
 * strategic merge patch (a merge patch whose lists of named items — containers — merge by name).
 * Pure: document and patch in, patched document (or why not) out.
 */
import type { JsonObject } from './model';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

export type PatchResult = { readonly ok: true; readonly value: JsonObject } | { readonly ok: false; readonly message: string };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lists a strategic merge patch merges by the items' `name` rather than replacing. */
const MERGE_BY_NAME = new Set(['containers', 'initContainers', 'env', 'ports', 'volumes', 'volumeMounts']);

export function applyPatch(contentType: string, document: JsonObject, patch: unknown): PatchResult {
  const type = contentType.split(';')[0]!.trim();
  if (type === PATCH_TYPES.json) return jsonPatch(document, patch);
  if (!isObject(patch)) return { ok: false, message: 'a merge patch must be a JSON object' };
  if (type === PATCH_TYPES.merge) return { ok: true, value: mergePatch(document, patch, false) as JsonObject };
  if (type === PATCH_TYPES.strategic) return { ok: true, value: mergePatch(document, patch, true) as JsonObject };
  return { ok: false, message: `the body of the request was in an unknown format - accepted media types include: ${Object.values(PATCH_TYPES).join(', ')}` };
}

function mergePatch(target: unknown, patch: unknown, strategic: boolean, key?: string): unknown {
  if (strategic && key !== undefined && MERGE_BY_NAME.has(key) && Array.isArray(patch) && Array.isArray(target)) return mergeByName(target, patch);
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else result[name] = mergePatch(result[name], value, strategic, name);
  }
  return result;
}

function mergeByName(target: readonly unknown[], patch: readonly unknown[]): unknown[] {
  const merged = structuredClone([...target]);
  for (const item of patch) {
    const name = isObject(item) ? item.name : undefined;
    const index = merged.findIndex((existing) => isObject(existing) && name !== undefined && existing.name === name);
    if (index === -1) merged.push(structuredClone(item));
    else merged[index] = mergePatch(merged[index], item, true);
  }
  return merged;
}

/** `/spec/template` → ['spec', 'template'] (RFC 6901 escapes). */
function pointer(path: string): string[] | undefined {
  if (path === '') return [];
  if (!path.startsWith('/')) return undefined;
  return path.slice(1).split('/').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function jsonPatch(document: JsonObject, patch: unknown): PatchResult {
  if (!Array.isArray(patch)) return { ok: false, message: 'a JSON patch must be an array of operations' };
  let doc: unknown = structuredClone(document);
  for (const operation of patch) {
    if (!isObject(operation) || typeof operation.op !== 'string' || typeof operation.path !== 'string') {
      return { ok: false, message: `a JSON patch operation needs "op" and "path": ${JSON.stringify(operation)}` };
    }
    const parts = pointer(operation.path);
    if (parts === undefined) return { ok: false, message: `bad JSON pointer ${JSON.stringify(operation.path)}` };
    const applied = applyOperation(doc, operation.op, parts, operation.value);
    if (!applied.ok) return { ok: false, message: `${operation.op} ${operation.path}: ${applied.message}` };
    doc = applied.value;
  }
  return isObject(doc) ? { ok: true, value: doc } : { ok: false, message: 'the patch replaced the whole object with something else' };
}

function applyOperation(doc: unknown, op: string, parts: string[], value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  if (parts.length === 0) {
    if (op === 'replace' || op === 'add') return { ok: true, value: structuredClone(value) };
    return { ok: false, message: 'cannot apply to the whole document' };
  }
  let parent: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[Number(part)] : isObject(parent) ? parent[part] : undefined;
    if (parent === undefined) return { ok: false, message: 'the path does not exist' };
  }
  const last = parts.at(-1)!;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) return { ok: false, message: 'bad array index' };
    if (op === 'add') parent.splice(index, 0, structuredClone(value));
    else if (op === 'replace' && index < parent.length) parent[index] = structuredClone(value);
    else if (op === 'remove' && index < parent.length) parent.splice(index, 1);
    else if (op === 'test' && JSON.stringify(parent[index]) !== JSON.stringify(value)) return { ok: false, message: 'testing value failed' };
    else if (!['add', 'replace', 'remove', 'test'].includes(op)) return { ok: false, message: `unsupported operation ${op}` };
    return { ok: true, value: doc };
  }
  if (!isObject(parent)) return { ok: false, message: 'the path does not exist' };
  const exists = Object.hasOwn(parent, last);
  switch (op) {
    case 'add':
      parent[last] = structuredClone(value);
      break;
    case 'replace':
      if (!exists) return { ok: false, message: 'replace of a missing member' };
      parent[last] = structuredClone(value);
      break;
    case 'remove':
      if (!exists) return { ok: false, message: 'remove of a missing member' };
      delete parent[last];
      break;
    case 'test':
      if (JSON.stringify(parent[last]) !== JSON.stringify(value)) return { ok: false, message: 'testing value failed' };
      break;
    default:
      return { ok: false, message: `unsupported operation ${op}` };
  }
  return { ok: true, value: doc };
}
