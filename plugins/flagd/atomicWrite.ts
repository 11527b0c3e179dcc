import { randomUUID } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with `content` so that a reader (flagd, the cockpit's own poller) sees the old
 * file or the new one, never a mix: a temp file in the same directory, fsynced, renamed over the
 * original, then the directory fsynced so the rename survives a crash. The original's mode is
 * kept.
 *
 * `stillCurrent` runs right before the rename; when it says no (someone else edited the file),
 * the temp file is removed and nothing is replaced. POSIX has no compare-and-rename, so a write
 * landing between that check and the rename still loses; the window is one syscall wide.
 */
/** `modifiedAt` stamps the file with the cockpit's clock (a drill's virtual time); no flag's "last changed" is read from it. */
export async function replaceFile(file: string, content: string, stillCurrent: () => Promise<boolean>, modifiedAt: Date): Promise<'replaced' | 'changed'> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomUUID().slice(0, 8)}.tmp`);
  const { mode } = await stat(file);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.chmod(mode);
      await handle.writeFile(content, 'utf8');
      await handle.utimes(modifiedAt, modifiedAt);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!(await stillCurrent())) {
      await unlink(temp);
      return 'changed';
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
  return 'replaced';
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
