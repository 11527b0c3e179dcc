import { open } from 'node:fs/promises';
import type { StoredEvent } from '../core/events';
import { ChainVerifier } from '../core/hashChain';

/**
 * Reading what another process appended to a log since a position: the read-only cockpit
 * follows the writer with it. Only the new bytes are read, and only whole lines that continue
 * the hash chain are taken: a partial last line waits for its newline, a line that does not
 * verify is left where it is (the writer may still cut it back and write it again).
 */

/** How far a follower has read: past `count` verified events, `offset` bytes into the log. */
export interface TailPosition {
  readonly offset: number;
  readonly count: number;
  readonly lastHash: string;
  readonly incident: string;
}

export interface TailRead {
  readonly events: readonly StoredEvent[];
  readonly position: TailPosition;
  /** Why reading stopped before the end of the file: a line that does not verify, a log cut shorter. */
  readonly problem?: string;
}

/** One read takes at most this much; the rest comes with the next one (a burst never blocks the screen). */
const MAX_READ_BYTES = 4 << 20;
const NEWLINE = 0x0a;

export async function readTail(path: string, from: TailPosition, options: { readonly upTo?: number; readonly maxBytes?: number } = {}): Promise<TailRead> {
  const upTo = options.upTo ?? Number.POSITIVE_INFINITY;
  if (from.count >= upTo) return { events: [], position: from };
  const handle = await open(path, 'r');
  let data: Buffer;
  try {
    const { size } = await handle.stat();
    if (size < from.offset) return { events: [], position: from, problem: `the log is shorter than what was read (${size} < ${from.offset} bytes): it was cut back or replaced` };
    if (size === from.offset) return { events: [], position: from };
    data = Buffer.alloc(Math.min(size - from.offset, options.maxBytes ?? MAX_READ_BYTES));
    const { bytesRead } = await handle.read(data, 0, data.length, from.offset);
    data = data.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const verifier = new ChainVerifier(from.incident, from);
  const events: StoredEvent[] = [];
  let consumed = 0;
  let problem: string | undefined;
  for (let nl = data.indexOf(NEWLINE); nl >= 0 && verifier.count < upTo; nl = data.indexOf(NEWLINE, consumed)) {
    const checked = verifier.next(data.toString('utf8', consumed, nl));
    if (!checked.ok) {
      problem = `seq ${checked.problem.seq}: ${checked.problem.reason}`;
      break;
    }
    events.push(checked.event);
    consumed = nl + 1;
  }
  if (problem === undefined && consumed === 0 && data.length === (options.maxBytes ?? MAX_READ_BYTES)) {
    problem = `seq ${from.count + 1}: a line longer than ${data.length} bytes`;
  }
  const position = { offset: from.offset + consumed, count: verifier.count, lastHash: verifier.lastHash, incident: from.incident };
  return { events, position, ...(problem === undefined ? {} : { problem }) };
}
