import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { escapeHidden } from '../core/quotedText';
import { didYouMean } from '../core/suggest';

/**
 * Whether a file named on the command line can be read as a document (a runbook, a scenario):
 * a typo, a directory or a file without read permission is the user's input to fix, said in one
 * line with the path, and exit 2 — not a stack trace from deep inside the loader. Checked by
 * opening it, so the answer is the kernel's (root reads a chmod 000 file; that is not an error).
 */
export type InputCheck = { readonly ok: true } | { readonly ok: false; readonly why: 'missing' | 'directory' | 'unreadable'; readonly reason: string; readonly message: string };

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'I/O error',
};

export async function checkInputFile(path: string, noun = 'file'): Promise<InputCheck> {
  const where = escapeHidden(path);
  const refuse = (text: string, why: 'missing' | 'directory' | 'unreadable' = 'unreadable'): InputCheck => ({ ok: false, why, reason: text, message: `cannot read the ${noun} ${where}: ${text}` });
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const likely = missing ? ((await likelyMeant(path)) ?? (await shippedExample(path))) : undefined;
    return refuse(`${reason(error)}${likely === undefined ? '' : `; did you mean ${escapeHidden(likely)}?`}`, missing ? 'missing' : 'unreadable');
  }
  if (info.isDirectory()) return refuse(`is a directory, expected a ${noun} (a YAML file)`, 'directory');
  // A FIFO or a device would block the read or never end; a document is a regular file.
  if (!info.isFile()) return refuse(`not a regular file`);
  try {
    // O_NONBLOCK: even if the path was swapped for a FIFO since the stat, the open never hangs.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    await handle.close();
  } catch (error) {
    return refuse(reason(error));
  }
  return { ok: true };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code in WHY) return `${WHY[code]} (${code})`;
  return error instanceof Error ? error.message.split('\n', 1)[0]! : String(error);
}

/** The YAML file beside a path that does not exist that it is one slip away from (`checkout-api.yml`), if any. */
async function likelyMeant(path: string): Promise<string | undefined> {
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const meant = didYouMean(basename(path), names.filter((name) => /\.ya?ml$/i.test(name)));
  return meant === undefined ? undefined : join(dirname(path), meant);
}

/**
 * The example runbook of that name the cockpit ships, for `runbooks/…` run outside a checkout: `cockpit --help`'s own
 * example failed there with `no such file`, the examples installed beside the CLI (`bin/../runbooks`).
 */
async function shippedExample(path: string): Promise<string | undefined> {
  const script = process.argv[1];
  if (script === undefined || !/^(\.\/)?runbooks\//.test(path)) return undefined;
  const shipped = resolve(dirname(script), '..', 'runbooks', basename(path));
  return shipped !== resolve(path) && (await stat(shipped).then((info) => info.isFile(), () => false)) ? shipped : undefined;
}
