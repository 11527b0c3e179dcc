import { stat } from 'node:fs/promises';
import type { EventOf, StoredEvent } from '../core/events';
import { ChainVerifier } from '../core/hashChain';
import { IncidentFold, type IncidentState } from '../core/incident';
import { readLineBatches } from './logLines';

/** Where and why the chain first broke. */
export interface LogProblem {
  /** The seq the first bad line should have had. */
  readonly seq: number;
  readonly reason: string;
  /** Byte offset where the bad line starts: everything before it verified. */
  readonly offset: number;
  /**
   * True when the bad line is the last one: a write the crash cut short (or a corrupt final
   * block). Only such a tail may be quarantined; a break earlier in the file is tampering or
   * damage, and no event after it is trusted.
   */
  readonly atTail: boolean;
}

export interface LogScan {
  /** Verified events. */
  readonly count: number;
  readonly lastHash: string;
  /** State folded from the verified events (undefined when not even the first one verified). */
  readonly state?: IncidentState;
  readonly totalBytes: number;
  /** Bytes up to the end of the last verified line: where a follower goes on reading. */
  readonly verifiedBytes: number;
  readonly problem?: LogProblem;
}

export interface ScanOptions {
  /**
   * Sees each verified event in order, with its line as the log holds it (exports write it as
   * is). A promise returned holds the reading back until it settles (an export's backpressure).
   */
  readonly onEvent?: (event: StoredEvent, line: string) => void | Promise<void>;
  /** False: verify only, no state (`cockpit verify`). */
  readonly fold?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Verifies (and, unless `fold` is false, folds) a log in one pass. Nothing after the first
 * problem is folded or handed out.
 */
export async function scanLog(path: string, options: ScanOptions = {}): Promise<LogScan> {
  const folding = options.fold !== false;
  const verifier = new ChainVerifier();
  let folded: IncidentFold | undefined;
  let problem: Omit<LogProblem, 'atTail'> | undefined;
  let linesAfterProblem = 0;
  let verifiedBytes = 0;
  for await (const batch of readLineBatches(path, options.signal)) {
    for (const line of batch) {
      if (problem !== undefined) {
        linesAfterProblem += 1;
        continue;
      }
      if (!line.terminated) {
        problem = { seq: verifier.count + 1, reason: `the last line has no newline (${line.end - line.start} bytes: cut off)`, offset: line.start };
        continue;
      }
      const checked = verifier.next(line.text);
      if (!checked.ok) {
        problem = { ...checked.problem, offset: line.start };
        continue;
      }
      const event = checked.event;
      verifiedBytes = line.end;
      // The verifier guarantees seq 1 is incident.opened.
      if (folding) {
        if (folded === undefined) folded = new IncidentFold(event as EventOf<'incident.opened'>);
        else folded.add(event);
      }
      const held = options.onEvent?.(event, line.text);
      if (held !== undefined) await held;
    }
  }
  const { size } = await stat(path);
  const state: IncidentState | undefined = folded?.state();
  return {
    count: verifier.count,
    lastHash: verifier.lastHash,
    ...(state === undefined ? {} : { state }),
    totalBytes: size,
    verifiedBytes,
    ...(problem === undefined ? {} : { problem: { ...problem, atTail: linesAfterProblem === 0 } }),
  };
}
