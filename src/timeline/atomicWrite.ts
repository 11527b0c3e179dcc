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
export async function streamFileAtomically<T>(path: string, produce: (write: (text: string) => Promise<void>) => Promise<{ keep: boolean; value: T }>): Promise<T> {
  const temp = `${path}.${process.pid}-${(writes += 1)}.tmp`;
  const handle = await open(temp, 'w');
  let renamed = false;
  try {
    const { keep, value } = await produce(async (text) => void (await handle.write(text)));
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
