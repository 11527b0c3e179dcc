import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * What went wrong with the disk, in the words a responder needs at 3 a.m.: what, and where.
 * Errors from fs carry an errno `code`; the message names it plainly instead of Node's
 * "ENOSPC: no space left on device, write".
 */

const PLAIN: Readonly<Record<string, string>> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EIO: 'I/O error',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
};

/** Codes that mean "the data dir cannot take writes": a storage failure, not a bug. */
export function isStorageError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in PLAIN;
}

/**
 * `mkdir -p` that fails with the real reason: Node's recursive mkdir reports ENOENT where a
 * parent could not be made on a read-only or full file system. On failure, the first missing
 * ancestor is made on its own to learn why.
 */
export async function makeDirs(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = path;
    while (dirname(missing) !== missing && !(await exists(dirname(missing)))) missing = dirname(missing);
    await mkdir(missing);
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** A short write is an error of its own: the kernel took fewer bytes than were given. */
export class ShortWriteError extends Error {
  readonly code = 'ENOSPC';
  constructor(readonly written: number, readonly wanted: number) {
    super(`short write (${written} of ${wanted} bytes)`);
  }
}

export function describeIoError(error: unknown, path?: string): string {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof ShortWriteError) return `${error.message}${path === undefined ? '' : ` writing ${path}`}`;
  const plain = typeof e?.code === 'string' ? PLAIN[e.code] : undefined;
  const where = path;
  if (plain !== undefined) return `${plain} (${e.code})${where === undefined ? '' : ` at ${where}`}`;
  return e instanceof Error ? e.message : String(error);
}
