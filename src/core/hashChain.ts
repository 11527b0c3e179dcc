import * as crypto from 'node:crypto';
import { EVENT_VERSION, GENESIS_HASH, isEventKind, type StoredEvent } from './events';
import { isCanonicalTime } from './isoTime';

/**
 * The line format and its hash chain.
 *
 * A line is `JSON.stringify` of the event with its fields in envelope order (v, seq, id, at,
 * incident, kind, actor, drill, redaction when known, data, prev) and `,"hash":"sha256:<hex>"` spliced in before the
 * closing brace. The hash is SHA-256 over the exact UTF-8 bytes of the line WITHOUT that suffix
 * (i.e. the JSON object ending right after `prev`). Verification therefore re-derives every hash
 * from the file's own text rather than from a re-serialisation: any edited byte changes the hash,
 * a deleted or reordered line breaks `seq` and `prev`. The first event's `prev` is GENESIS_HASH.
 */

const HASH_PREFIX = 'sha256:';
/** `sha256:` and 64 lowercase hex digits. */
const HASH_CHARS = HASH_PREFIX.length + 64;
const SUFFIX_HEAD = ',"hash":"';
/** `,"hash":"sha256:<hex>"}`: the end of every line. */
const SUFFIX_CHARS = SUFFIX_HEAD.length + HASH_CHARS + 2;

/**
 * Whether `text` holds a hash (`sha256:` and 64 lowercase hex digits) at `from`. Checked by hand
 * rather than with a regular expression: it runs twice on every line of every log read.
 */
function isHashAt(text: string, from: number): boolean {
  if (!text.startsWith(HASH_PREFIX, from)) return false;
  for (let i = from + HASH_PREFIX.length; i < from + HASH_CHARS; i += 1) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** The hash a line ends with (`,"hash":"<hash>"}` and nothing after), or undefined. */
function lineHash(line: string): string | undefined {
  const at = line.length - SUFFIX_CHARS;
  if (at < 0 || !line.startsWith(SUFFIX_HEAD, at) || !line.endsWith('"}')) return undefined;
  const from = at + SUFFIX_HEAD.length;
  return isHashAt(line, from) ? line.slice(from, from + HASH_CHARS) : undefined;
}

/**
 * SHA-256 of a text's UTF-8 bytes, in hex. `crypto.hash` (Node 20.12 and later) takes half the
 * time of a Hash object for a text of a line's size; an older Node makes the object.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

export function sha256(text: string): string {
  return `sha256:${sha256Hex(text)}`;
}

type Unhashed = Omit<StoredEvent, 'hash'>;

/** The line (without newline) and hash of an event whose other fields are final. */
export function sealEvent(event: Unhashed): { line: string; hash: string } {
  return sealAt(event, event.seq, event.prev);
}

/**
 * `sealEvent` of an event placed at `seq` after `prev`, given apart rather than copied into it
 * (a copy of the whole event, on every append, cost as much as hashing its line).
 */
export function sealAt(event: Omit<Unhashed, 'seq' | 'prev'>, seq: number, prev: string): { line: string; hash: string } {
  const body = JSON.stringify({
    v: event.v,
    seq,
    id: event.id,
    at: event.at,
    incident: event.incident,
    kind: event.kind,
    actor: event.actor,
    drill: event.drill,
    // Absent (undefined, so not written) on an event no redaction rules are known for.
    redaction: event.redaction,
    data: event.data,
    prev,
  });
  const hash = sha256(body);
  return { line: `${body.slice(0, -1)},"hash":"${hash}"}`, hash };
}

export type LineCheck = { ok: true; event: StoredEvent } | { ok: false; reason: string };

/**
 * Checks one line on its own: JSON, envelope shape, and that its hash matches its bytes.
 * Chain position (seq, prev) is the caller's business: see ChainVerifier, which passes the
 * `prev` it expects (a verified hash) so that a line naming it needs no check of its form.
 */
export function checkLine(line: string, expectedPrev?: string): LineCheck {
  // A log copied with Windows line ends (CR LF) read as broken at seq 1: a line end is no part of what its hash seals.
  const text = line.charCodeAt(line.length - 1) === CARRIAGE_RETURN ? line.slice(0, -1) : line;
  const event = soundLine(text, expectedPrev);
  return event === undefined ? lineProblem(text) : { ok: true, event };
}

const CARRIAGE_RETURN = 0x0d;

/**
 * The event of a sound line, or undefined. Every line of a log is sound but a damaged one, so
 * this is the path that is made cheap: the line's own hash is compared with the one computed
 * rather than its form checked first, and a `prev` equal to the expected one is not checked.
 */
function soundLine(line: string, expectedPrev: string | undefined): StoredEvent | undefined {
  const at = line.length - SUFFIX_CHARS;
  if (at < 0 || !line.startsWith(SUFFIX_HEAD, at) || !line.endsWith('"}')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (envelopeProblem(parsed, expectedPrev) !== undefined) return undefined;
  const from = at + SUFFIX_HEAD.length;
  const hex = sha256Hex(`${line.slice(0, at)}}`);
  return line.startsWith(HASH_PREFIX, from) && line.startsWith(hex, from + HASH_PREFIX.length) ? (parsed as StoredEvent) : undefined;
}

/** Why a line is not sound, each problem checked in turn (only for a line that is not). */
function lineProblem(line: string): LineCheck {
  const hash = lineHash(line);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (hash === undefined) return { ok: false, reason: 'no hash at the end of the line' };
  const shapeProblem = envelopeProblem(parsed);
  if (shapeProblem !== undefined) return { ok: false, reason: shapeProblem };
  if (sha256(`${line.slice(0, line.length - SUFFIX_CHARS)}}`) !== hash) return { ok: false, reason: 'hash does not match the line (content was changed)' };
  // Sound after all (the caller's expected prev is not this one's): the chain says what is wrong.
  return { ok: true, event: parsed as StoredEvent };
}

function envelopeProblem(value: unknown, expectedPrev?: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const e = value as Record<string, unknown>;
  if (e.v !== EVENT_VERSION) return `unsupported event version ${JSON.stringify(e.v)}`;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return 'seq is not a positive integer';
  if (typeof e.id !== 'string' || e.id.length === 0) return 'missing id';
  if (typeof e.at !== 'string' || !(isCanonicalTime(e.at) || !Number.isNaN(Date.parse(e.at)))) return 'at is not a timestamp';
  if (typeof e.incident !== 'string') return 'missing incident';
  if (!isEventKind(e.kind)) return `unknown kind ${JSON.stringify(e.kind)}`;
  if (typeof e.actor !== 'string') return 'missing actor';
  if (typeof e.drill !== 'boolean') return 'drill is not a boolean';
  if (e.redaction !== undefined && typeof e.redaction !== 'string') return 'redaction is not a string';
  if (typeof e.data !== 'object' || e.data === null) return 'data is not an object';
  if (e.prev !== expectedPrev && (typeof e.prev !== 'string' || e.prev.length !== HASH_CHARS || !isHashAt(e.prev, 0))) return 'prev is not a sha256 hash';
  return undefined;
}

export interface ChainBreak {
  /** The seq the broken line should have had (its position in the file). */
  readonly seq: number;
  readonly reason: string;
}

/** Feeds lines in file order; remembers where the chain first broke. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prev = GENESIS_HASH;
  private incident: string | undefined;

  /** `from`: continue a chain already verified up to its `count`th event (a follower reading only new lines). */
  constructor(incident?: string, from?: { readonly count: number; readonly lastHash: string }) {
    this.incident = incident;
    if (from !== undefined) {
      this.expectedSeq = from.count + 1;
      this.prev = from.lastHash;
    }
  }

  get count(): number {
    return this.expectedSeq - 1;
  }

  get lastHash(): string {
    return this.prev;
  }

  /** Returns the event, or the break at this line. */
  next(line: string): { ok: true; event: StoredEvent } | { ok: false; problem: ChainBreak } {
    const seq = this.expectedSeq;
    const checked = checkLine(line, this.prev);
    if (!checked.ok) return { ok: false, problem: { seq, reason: checked.reason } };
    const event = checked.event;
    if (event.seq !== seq) {
      // Two lines swapped read "a line is missing before it" alone.
      const why = event.seq > seq ? 'a line is missing before it, or lines are out of order' : 'lines are out of order or repeated';
      return { ok: false, problem: { seq, reason: `found seq ${event.seq} where seq ${seq} belongs (${why})` } };
    }
    if (event.prev !== this.prev) {
      return { ok: false, problem: { seq, reason: 'prev does not match the hash of the event before it' } };
    }
    this.incident ??= event.incident;
    if (event.incident !== this.incident) {
      return { ok: false, problem: { seq, reason: `belongs to incident ${event.incident}, not ${this.incident}` } };
    }
    if (seq === 1 && event.kind !== 'incident.opened') {
      return { ok: false, problem: { seq, reason: 'the first event is not incident.opened' } };
    }
    this.expectedSeq += 1;
    this.prev = event.hash;
    return { ok: true, event };
  }
}
