import type { StoredEvent } from '../core/events';
import { ChainVerifier } from '../core/hashChain';
import { readLines } from './logLines';

/**
 * Streams the verified events of a log, in order, stopping at the first line that does not
 * verify (or after `upTo`). Memory stays flat however long the log is.
 */
export async function* readVerifiedEvents(path: string, upTo = Number.POSITIVE_INFINITY, signal?: AbortSignal): AsyncGenerator<StoredEvent> {
  const verifier = new ChainVerifier();
  for await (const line of readLines(path, signal)) {
    if (!line.terminated || verifier.count >= upTo) return;
    const checked = verifier.next(line.text);
    if (!checked.ok) return;
    yield checked.event;
  }
}
