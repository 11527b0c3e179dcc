import { writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { ShortWriteError } from './ioError';

/**
 * Writes all of `data` at `position` and starts its fdatasync; the promise settles once the
 * bytes are synced, and rejects if they cannot be (a failed write throws at once).
 *
 * The write is synchronous: a batch of lines lands in the page cache in microseconds, while a
 * thread-pool write costs a round trip (hand-off, wake-up, promise) on every durable append:
 * ~20 µs of a ~140 µs write + fdatasync on the development machine. The fdatasync, which waits
 * for the disk, stays off the event loop. The bytes are in the file when this returns, so what
 * the caller does before awaiting overlaps the sync instead of delaying its start.
 *
 * Explicit positions: one write() may take fewer bytes than given, and after a cut-back the
 * file position of a non-append handle is past the end.
 */
export function writeSynced(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const written = writeSync(handle.fd, data, done, data.length - done, position + done);
    if (written <= 0) throw new ShortWriteError(done, data.length);
    done += written;
  }
  return handle.datasync();
}
