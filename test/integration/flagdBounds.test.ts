/**
 * Issue #11: a flag file that is not a small regular file is refused with a clear error, at once,
 * never by reading it whole or waiting on it: a real FIFO without a writer, /dev/zero, and a big
 * sparse file.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { open, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import flagdPlugin, { flagdConfig } from '../../plugins/flagd';
import { MAX_FLAG_FILE_BYTES, readWhole } from '../../plugins/flagd/readFlagFile';
import type { Flag, PluginInstance, Result } from '../../src/plugins/contract';
import { checkoutFlags } from '../fixtures/flagd/checkoutFlags';
import { execContext, tempDir } from '../support/execContext';

let baseDir: string;
let removeBaseDir: () => Promise<void>;
let fifo: string | undefined;

beforeEach(async () => {
  ({ dir: baseDir, remove: removeBaseDir } = await tempDir('cockpit-flagd-bounds'));
});
afterEach(async () => {
  // A reader stuck in open() on the FIFO (the behaviour this guards against) is released by a writer.
  if (fifo) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader waiting: nothing to release
    }
    fifo = undefined;
  }
  await removeBaseDir();
});

async function listFlags(file: string): Promise<Result<readonly Flag[]>> {
  const instance: PluginInstance = await flagdPlugin.create(flagdConfig.parse({ file }), execContext({ baseDir }));
  // The scheduler would give up after its poll timeout; a refusal must come well before that.
  const tooLate = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 3_000).unref());
  const answer = await Promise.race([instance.flags!.list(new AbortController().signal), tooLate]);
  if (answer === 'still waiting') throw new Error(`reading ${file} was still waiting after 3 s`);
  return answer;
}

describe('flag files that are not small regular files', () => {
  it('a FIFO with no writer is refused at once', async () => {
    fifo = path.join(baseDir, 'flags.json');
    execFileSync('mkfifo', [fifo]);
    const answer = await listFlags(fifo);
    expect(answer).toEqual({ ok: false, error: { kind: 'failed', message: `cannot read ${fifo}: it is a FIFO, not a regular file`, code: 'not-a-file' } });
  });

  it('/dev/zero is refused without being read', async () => {
    const answer = await listFlags('/dev/zero');
    expect(answer).toEqual({ ok: false, error: { kind: 'failed', message: 'cannot read /dev/zero: it is a character device, not a regular file', code: 'not-a-file' } });
  });

  it('/dev/urandom too', async () => {
    const answer = await listFlags('/dev/urandom');
    expect(answer.ok || answer.error.code).toBe('not-a-file');
  });

  it('a directory says so', async () => {
    const answer = await listFlags(baseDir);
    expect(answer.ok || answer.error.message).toMatch(/is a directory|EISDIR/);
  });

  it('a 2 GB sparse file is refused by its size, not read', async () => {
    const big = path.join(baseDir, 'big.flagd.json');
    await writeFile(big, '{');
    await truncate(big, 2_000_000_000);
    const before = process.memoryUsage().rss;
    const answer = await listFlags(big);
    expect(answer).toEqual({ ok: false, error: { kind: 'failed', message: `cannot read ${big}: it is 2,000 MB, more than the 5 MB a flag file may be`, code: 'file-too-large' } });
    expect(process.memoryUsage().rss - before).toBeLessThan(50_000_000);
  });

  it('a file that grew after its stat is read whole, not cut at the size the stat gave', async () => {
    const file = path.join(baseDir, 'grown.flagd.json');
    const text = checkoutFlags();
    await writeFile(file, text);
    const handle = await open(file, 'r');
    try {
      // The size a stat taken before the file was rewritten longer would have given.
      expect((await readWhole(handle, 40, undefined)).toString('utf8')).toBe(text);
      expect((await readWhole(handle, Buffer.byteLength(text), undefined)).toString('utf8')).toBe(text);
    } finally {
      await handle.close();
    }
  });

  it('a flag file just under the limit is still read', async () => {
    const file = path.join(baseDir, 'padded.flagd.json');
    const text = checkoutFlags();
    await writeFile(file, text.replace(/}\s*$/, `${' '.repeat(MAX_FLAG_FILE_BYTES - text.length - 10)}}`));
    const answer = await listFlags(file);
    expect(answer.ok).toBe(true);
  });
});
