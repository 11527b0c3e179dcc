/** Issue #11: cockpit.log rotates instead of growing without end, on a real file. */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLogger, LOG_MAX_BYTES, LOG_MAX_LINE_CHARS } from '../../src/cli/fileLogger';
import { tempDir } from '../support/execContext';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dir, remove } = await tempDir('cockpit-log'));
});
afterEach(() => remove());

describe('cockpit.log', () => {
  it('rotates at 5 MB into cockpit.log.1, keeping one generation, the newest lines in cockpit.log', async () => {
    const file = path.join(dir, 'cockpit.log');
    const log = fileLogger(file, []);
    const pad = 'pad '.repeat(250).trimEnd();
    const lines = 12_000; // about 12 MB
    for (let n = 1; n <= lines; n++) log.info(`entry ${n} ${pad}`);
    await log.flush();
    expect((await readdir(dir)).sort()).toEqual(['cockpit.log', 'cockpit.log.1']);
    const current = await readFile(file, 'utf8');
    const previous = await readFile(`${file}.1`, 'utf8');
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(LOG_MAX_BYTES);
    expect(Buffer.byteLength(previous)).toBeLessThanOrEqual(LOG_MAX_BYTES);
    expect(current.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`info entry ${lines} (pad ?)+$`));
    // no line is lost across the last rotation: .1 ends where cockpit.log begins
    const lastOfPrevious = Number(/entry (\d+)/.exec(previous.trimEnd().split('\n').at(-1)!)![1]);
    const firstOfCurrent = Number(/entry (\d+)/.exec(current.split('\n')[0]!)![1]);
    expect(firstOfCurrent).toBe(lastOfPrevious + 1);
  });

  it('counts what an earlier run left in the file', async () => {
    const file = path.join(dir, 'cockpit.log');
    await writeFile(file, 'x'.repeat(LOG_MAX_BYTES - 100));
    const log = fileLogger(file, []);
    log.info('a'.repeat(500));
    await log.flush();
    expect((await readFile(`${file}.1`, 'utf8')).startsWith('xxx')).toBe(true);
    expect((await stat(file)).size).toBeLessThan(1_000);
  });

  it('cuts one huge entry to a bounded line that says so', async () => {
    const file = path.join(dir, 'cockpit.log');
    const log = fileLogger(file, []);
    log.warn('prometheus returned warnings', { warnings: ['w'.repeat(50_000_000)] });
    await log.flush();
    const text = await readFile(file, 'utf8');
    expect(text.length).toBeLessThanOrEqual(LOG_MAX_LINE_CHARS + 1);
    expect(text).toMatch(/warn prometheus returned warnings .* … 49,9\d\d,\d{3} characters cut … .*\n$/);
  });
});
