import { writeSync } from 'node:fs';
import { open, rename, unlink, writeFile } from 'node:fs/promises';

let writes = 0;

/**
 * Whole file or nothing: the text is written aside (a temp file beside `path`) and renamed over
 * it, so a reader sees the old file or the new one, never half of one. On failure the temp file
 * is removed. (The flagd plugin's replaceFile also fsyncs, keeps the mode and checks for a
 * concurrent edit; the launcher's compile cache does the same synchronously.)
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}-${(writes += 1)}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * `writeFileAtomically` for a text made a piece at a time (an export of a long incident): the
 * pieces go to the temp file as they come, and the rename happens only if `produce` returns
 * `keep: true`; otherwise, or on a failure, the temp file is removed and `path` is untouched.
 */
export async function streamFileAtomically<T>(path: string, produce: (write: (text: string) => void) => Promise<{ keep: boolean; value: T }>): Promise<T> {
  const temp = `${path}.${process.pid}-${(writes += 1)}.tmp`;
  const handle = await open(temp, 'w');
  let renamed = false;
  try {
    // Written synchronously: a piece is copied to the page cache in microseconds, where awaiting
    // each write left this thread idle for a round trip through libuv's pool per piece (a
    // 100,000-event JSON export: ~750 of them, ~0.15 s idle).
    // A failed write fails the whole, whatever `produce` made of it: `cockpit export` reported a full disk as the store's
    // failure (`cockpit export: ENOSPC: no space left on device, write`), naming no file.
    let failed: { readonly error: unknown } | undefined;
    const { keep, value } = await produce((text) => {
      try {
        writeAllSync(handle.fd, text);
      } catch (error) {
        failed ??= { error };
        throw error;
      }
    });
    if (failed !== undefined) throw failed.error;
    await handle.close();
    if (keep) {
      await rename(temp, path);
      renamed = true;
    }
    return value;
  } finally {
    await handle.close().catch(() => undefined);
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/** Makes a new directory entry durable (the file exists after a crash, not only its data). */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** All of `text` (a write may take only part of it, and says so only in its count). */
function writeAllSync(fd: number, text: string): void {
  const written = writeSync(fd, text);
  if (written === Buffer.byteLength(text)) return;
  const bytes = Buffer.from(text);
  for (let done = written; done < bytes.length; ) done += writeSync(fd, bytes, done);
}
