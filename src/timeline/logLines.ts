import { open } from 'node:fs/promises';

/**
 * Reads `events.jsonl` as lines with their byte offsets, so a bad tail can be cut at the exact
 * byte where it starts. Reads in chunks: a 100,000-event log is never one string in memory.
 */

export interface RawLine {
  readonly text: string;
  /** Byte offset of the line's first byte. */
  readonly start: number;
  /** Byte offset just past the line's newline (or past its last byte when unterminated). */
  readonly end: number;
  /** False for a last line without its newline: a write that did not finish. */
  readonly terminated: boolean;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** The log's lines one at a time. */
export async function* readLines(path: string, signal?: AbortSignal): AsyncGenerator<RawLine> {
  for await (const batch of readLineBatches(path, signal)) yield* batch;
}

/**
 * The log's lines a chunk's worth at a time: a reader of a long log (verify, export, reopen) goes
 * through 100,000 lines, and each step of an async iteration costs more than checking a line's
 * form; a batch per 1 MB read makes those steps a few dozen.
 */
export async function* readLineBatches(path: string, signal?: AbortSignal): AsyncGenerator<RawLine[]> {
  const handle = await open(path, 'r');
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  // The next chunk is read while the caller works through this one's lines (hashing, folding):
  // the read is the file system's work, not this thread's. Settled as a value, so a failed read
  // is not an unhandled rejection while the caller is busy; it is thrown where it is awaited.
  const readAt = (position: number): Promise<ReadOutcome> =>
    handle.read(chunk, 0, CHUNK_BYTES, position).then(
      ({ bytesRead }) => ({ bytesRead }),
      (error: unknown) => ({ error }),
    );
  let reading: Promise<ReadOutcome> | undefined = readAt(0);
  try {
    let carry: Buffer = Buffer.alloc(0);
    let carryStart = 0;
    let position = 0;
    for (;;) {
      signal?.throwIfAborted();
      const read = await reading;
      reading = undefined;
      if ('error' in read) throw read.error;
      if (read.bytesRead === 0) break;
      const data = carry.length === 0 ? chunk.subarray(0, read.bytesRead) : Buffer.concat([carry, chunk.subarray(0, read.bytesRead)]);
      const dataStart = carry.length === 0 ? position : carryStart;
      position += read.bytesRead;
      const batch: RawLine[] = [];
      let from = 0;
      for (let nl = data.indexOf(NEWLINE, from); nl >= 0; nl = data.indexOf(NEWLINE, from)) {
        batch.push({ text: data.toString('utf8', from, nl), start: dataStart + from, end: dataStart + nl + 1, terminated: true });
        from = nl + 1;
      }
      // Copies, so `chunk` is free for the next read at once.
      carry = Buffer.from(data.subarray(from));
      carryStart = dataStart + from;
      reading = readAt(position);
      if (batch.length > 0) yield batch;
    }
    if (carry.length > 0) {
      yield [{ text: carry.toString('utf8'), start: carryStart, end: carryStart + carry.length, terminated: false }];
    }
  } finally {
    // A caller that stopped early (or an abort) leaves a read in flight: it ends before the handle closes.
    await reading;
    await handle.close();
  }
}

type ReadOutcome = { readonly bytesRead: number } | { readonly error: unknown };
