import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { fail, ok, type ProviderErrorKind, type Result } from '../../src/plugins/contract';
import { parseFlagFile, type FlagFile } from './flagFile';

export interface FlagFileReading {
  readonly parsed: FlagFile;
  readonly mtime: Date;
  /** sha256 of the content: how a write notices that someone else changed the file. */
  readonly hash: string;
}

export const contentHash = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

export async function readFlagFile(file: string, signal?: AbortSignal): Promise<Result<FlagFileReading>> {
  let text: string;
  let mtime: Date;
  try {
    // One handle for both, so the mtime belongs to the content read.
    const handle = await open(file, 'r');
    try {
      mtime = (await handle.stat()).mtime;
      text = await handle.readFile({ encoding: 'utf8', signal });
    } finally {
      await handle.close();
    }
  } catch (error) {
    return fsFailure(error, `cannot read ${file}`);
  }
  const parsed = parseFlagFile(text, file);
  return parsed.ok ? ok({ parsed: parsed.value, mtime, hash: contentHash(text) }) : parsed;
}

const FS_ERROR_KINDS: Readonly<Record<string, ProviderErrorKind>> = {
  ENOENT: 'not-found',
  ENOTDIR: 'not-found',
  EACCES: 'unauthorized',
  EPERM: 'unauthorized',
  ABORT_ERR: 'cancelled',
};

export function fsFailure(error: unknown, doing: string): Result<never> {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const reason = code === 'ENOENT' ? 'no such file' : code === 'ABORT_ERR' ? 'cancelled' : code;
  return fail(FS_ERROR_KINDS[code] ?? 'failed', `${doing}: ${reason}`, code);
}
