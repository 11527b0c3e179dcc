import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { formatBytes, MB } from '../../src/core/bounds';
import { fail, ok, type ProviderErrorKind, type Result } from '../../src/plugins/contract';
import { parseFlagFile, type FlagFile } from './flagFile';

export interface FlagFileReading {
  readonly parsed: FlagFile;
  /** sha256 of the content: how a write notices that someone else changed the file. */
  readonly hash: string;
}

export const contentHash = (text: string) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

/** flagd files of thousands of flags are a few hundred KB; more is not a flag file. */
export const MAX_FLAG_FILE_BYTES = 5 * MB;

export async function readFlagFile(file: string, signal?: AbortSignal): Promise<Result<FlagFileReading>> {
  let text: string;
  try {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever, holding one of
    // libuv's four threads. One handle for everything, so the checks belong to the content read.
    // The file's modification time is never read: it says when the file was written (a clone, a
    // flip of another flag), not when any one flag changed.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stats = await handle.stat();
      const refused = refusal(stats, file);
      if (refused) return refused;
      const bytes = await readWhole(handle, stats.size, signal);
      // It may have grown since the stat.
      if (bytes.length > MAX_FLAG_FILE_BYTES) return tooLarge(file, bytes.length);
      text = bytes.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return fsFailure(error, `cannot read ${file}`);
  }
  const known = lastReadings.get(file);
  if (known?.parsed.text === text) return ok(known);
  const parsed = parseFlagFile(text, file);
  if (!parsed.ok) return parsed;
  const reading = { parsed: parsed.value, hash: contentHash(text) };
  lastReadings.set(file, reading);
  return ok(reading);
}

/**
 * The file's bytes in one read of the size its stat gave, and one byte more to see it did not
 * grow; one that grew is read whole. The panel reads the file every 5 s: readFile's own stat and
 * second read were a third of the thread-pool round trips of each poll.
 */
export async function readWhole(handle: FileHandle, size: number, signal: AbortSignal | undefined): Promise<Buffer> {
  // readFile throws the AbortError that a cancelled poll is told apart by.
  if (signal?.aborted) return handle.readFile({ signal });
  const buffer = Buffer.allocUnsafe(size + 1);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  return bytesRead <= size ? buffer.subarray(0, bytesRead) : handle.readFile({ signal });
}

/**
 * The last sound reading of each file: the panel reads its file every few seconds and it is
 * mostly unchanged, so the same text is not parsed and validated again (the reading is
 * immutable, and a function of the text alone).
 */
const lastReadings = new Map<string, FlagFileReading>();

/** Anything but a regular file of at most MAX_FLAG_FILE_BYTES: a FIFO, a device, a huge file. */
function refusal(stats: Stats, file: string): Result<never> | undefined {
  if (!stats.isFile()) return fail('failed', `cannot read ${file}: it is ${kindOf(stats)}, not a regular file`, 'not-a-file');
  return stats.size > MAX_FLAG_FILE_BYTES ? tooLarge(file, stats.size) : undefined;
}

const tooLarge = (file: string, size: number) =>
  fail('failed', `cannot read ${file}: it is ${formatBytes(size)}, more than the ${formatBytes(MAX_FLAG_FILE_BYTES)} a flag file may be`, 'file-too-large');

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a file';
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
