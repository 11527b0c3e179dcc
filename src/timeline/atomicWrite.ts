import { rename, unlink, writeFile } from 'node:fs/promises';

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
