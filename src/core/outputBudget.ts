/**
 * How much of one action's streamed output reaches the timeline (issue #11). A command printing
 * 200,000 lines once became 82 MB of timeline; now its first lines are recorded as they come,
 * its last ones are held in a small ring and recorded when the action ends, after one notice of
 * how much was cut between them. Memory stays flat however long the command talks.
 *
 * It sees chunks as the session receives them (after redaction, so a cut never exposes part of
 * a secret the redactor would have recognised whole) and knows nothing of where they go.
 */
import { boundText, formatBytes, formatCount, KB, utf8Length } from './bounds';

export type OutputStream = 'stdout' | 'stderr';

export interface OutputPiece {
  readonly stream: OutputStream;
  readonly chunk: string;
  /** Only on the notice: what fell between the head and the tail. */
  readonly cut?: { readonly lines: number; readonly bytes: number };
}

export interface OutputLimits {
  /** Recorded as they come, until either runs out. */
  readonly headLines: number;
  readonly headBytes: number;
  /** The most recent output held back and recorded at the end. */
  readonly tailLines: number;
  readonly tailBytes: number;
  /** A longer chunk (one runaway line) keeps its start and end. */
  readonly chunkChars: number;
}

/** At most headLines + 1 + tailLines events, about 70 KB, per action and phase. */
export const DEFAULT_OUTPUT_LIMITS: OutputLimits = {
  headLines: 100,
  headBytes: 32 * KB,
  tailLines: 100,
  tailBytes: 32 * KB,
  chunkChars: 4_000,
};

interface Held {
  readonly piece: OutputPiece;
  readonly lines: number;
  /** Of the chunk as it came, before any cut: what the notice reports. */
  readonly bytes: number;
  /** Of the chunk as held: what the ring's budget counts. */
  readonly heldBytes: number;
}

export class OutputBudget {
  private headLines = 0;
  private headBytes = 0;
  private headFull = false;
  private readonly tail: Held[] = [];
  private tailLines = 0;
  private tailBytes = 0;
  private cutLines = 0;
  private cutBytes = 0;

  constructor(private readonly limits: OutputLimits = DEFAULT_OUTPUT_LIMITS) {}

  /** Whether the head is recorded: from now on, output only reaches the timeline through the tail. */
  get headRecorded(): boolean {
    return this.headFull;
  }

  /**
   * Whole lines the caller knows fall between the head and the tail (before `keepFrom`), counted
   * without being held: they are cut, and so is the tail held so far, which came before them (the
   * tail the timeline gets is one unbroken stretch of the end).
   */
  skip(lines: string): void {
    this.headFull = true;
    for (const held of this.tail.splice(0)) {
      this.cutLines += held.lines;
      this.cutBytes += held.bytes;
    }
    this.tailLines = 0;
    this.tailBytes = 0;
    this.cutLines += lineCount(lines);
    this.cutBytes += utf8Length(lines);
  }

  /**
   * Where the part of `text` (output arriving once the head is recorded) that the tail could still
   * keep begins: its last `tailLines` lines and one more, since the tail never holds more lines
   * than that. What is before it is cut whatever comes next; 0 when it all could stay.
   */
  keepFrom(text: string): number {
    let at = text.length;
    for (let lines = 0; at > 0 && lines <= this.limits.tailLines; lines += 1) at = (at >= 2 ? text.lastIndexOf('\n', at - 2) : -1) + 1;
    return at;
  }

  /** What to record now of one chunk: itself while the head lasts, otherwise nothing yet. */
  take(stream: OutputStream, chunk: string): OutputPiece[] {
    const held = this.hold(stream, chunk);
    if (!this.headFull && this.headLines + held.lines <= this.limits.headLines && this.headBytes + held.heldBytes <= this.limits.headBytes) {
      this.headLines += held.lines;
      this.headBytes += held.heldBytes;
      return [held.piece];
    }
    // Once the head is full it stays full: the timeline never skips a stretch and resumes.
    this.headFull = true;
    this.tail.push(held);
    this.tailLines += held.lines;
    this.tailBytes += held.heldBytes;
    while (this.tail.length > 1 && (this.tailLines > this.limits.tailLines || this.tailBytes > this.limits.tailBytes)) {
      const oldest = this.tail.shift()!;
      this.tailLines -= oldest.lines;
      this.tailBytes -= oldest.heldBytes;
      this.cutLines += oldest.lines;
      this.cutBytes += oldest.bytes;
    }
    return [];
  }

  /** At the end of a phase: the notice of what was cut, if anything was (a line of its own), then the held tail. */
  finish(): OutputPiece[] {
    const tail = this.tail.splice(0).map((held) => held.piece);
    const notice: OutputPiece[] =
      this.cutLines === 0
        ? []
        : [{ stream: tail[0]?.stream ?? 'stdout', chunk: `${cutNotice(this.cutLines, this.cutBytes)}\n`, cut: { lines: this.cutLines, bytes: this.cutBytes } }];
    this.tailLines = 0;
    this.tailBytes = 0;
    this.cutLines = 0;
    this.cutBytes = 0;
    return [...notice, ...tail];
  }

  private hold(stream: OutputStream, chunk: string): Held {
    const kept = boundText(chunk, this.limits.chunkChars);
    const bytes = utf8Length(chunk);
    return { piece: { stream, chunk: kept }, lines: lineCount(chunk), bytes, heldBytes: kept === chunk ? bytes : utf8Length(kept) };
  }
}

/** `… 199,800 lines (81 MB) cut …` */
export function cutNotice(lines: number, bytes: number): string {
  return `… ${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'} (${formatBytes(bytes)}) cut …`;
}

/** A chunk is at least one line; a trailing newline does not start another. */
function lineCount(chunk: string): number {
  let lines = 1;
  for (let i = chunk.indexOf('\n'); i !== -1 && i < chunk.length - 1; i = chunk.indexOf('\n', i + 1)) lines++;
  return lines;
}
