// The log read as lines a chunk at a time, the next chunk read while the caller works through
// this one (src/timeline/logLines.ts): real files larger than a chunk.
import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLineBatches, readLines } from '../../../src/timeline/logLines';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-log-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** About 3 MB of lines of varied lengths (some multi-byte), the last one unterminated. */
function bigLog(): string {
  const lines = Array.from({ length: 30_000 }, (_, i) => `{"seq":${i + 1},"text":"${'é·x'.repeat(i % 37)}${'y'.repeat(i % 101)}"}`);
  return `${lines.join('\n')}\n{"seq":"half a line`;
}

/** How many of this process's file descriptors are open on `file`. */
async function openOn(file: string): Promise<number> {
  const targets = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target === file).length;
}

describe('readLines over a log of several chunks', () => {
  it('gives every line with its byte offsets, across chunk boundaries, and says which one is unterminated', async () => {
    const file = join(dir, 'big.jsonl');
    const text = bigLog();
    await writeFile(file, text);
    const bytes = Buffer.from(text);
    const lines = [];
    for await (const line of readLines(file)) lines.push(line);
    expect(lines.map((line) => line.text)).toEqual(text.split('\n'));
    expect(lines.map((line) => bytes.subarray(line.start, line.end).toString())).toEqual(lines.map((line) => (line.terminated ? `${line.text}\n` : line.text)));
    expect(lines.at(-1)).toMatchObject({ terminated: false, end: bytes.length });
    expect(lines.slice(0, -1).every((line) => line.terminated)).toBe(true);
  });

  it('a reader that stops after the first batch leaves no file open (the read already under way ends first)', async () => {
    const file = join(dir, 'stop.jsonl');
    await writeFile(file, bigLog());
    for await (const batch of readLineBatches(file)) {
      expect(batch.length).toBeGreaterThan(0);
      expect(await openOn(file)).toBe(1);
      break;
    }
    expect(await openOn(file)).toBe(0);
  });

  it('an aborted read stops with the abort, and closes the file', async () => {
    const file = join(dir, 'abort.jsonl');
    await writeFile(file, bigLog());
    const abort = new AbortController();
    const read = async () => {
      for await (const _batch of readLineBatches(file, abort.signal)) abort.abort(new Error('stopped by the reader'));
    };
    await expect(read()).rejects.toThrow('stopped by the reader');
    expect(await openOn(file)).toBe(0);
  });
});
