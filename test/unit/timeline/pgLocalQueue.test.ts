import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalQueue, queueDir } from '../../../src/timeline/postgres/pgLocalQueue';
import type { PreparedEvent } from '../../../src/timeline/storedEvents';
import { openQueue, QUEUED_INCIDENT, queuedNote } from '../../support/localQueue';

const INCIDENT = QUEUED_INCIDENT;
const NOW = new Date('2026-11-22T02:00:00Z');
let dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  dirs = [];
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-queue-'));
  dirs.push(dir);
  return dir;
}

describe('the local queue of a shared incident', () => {
  it('keeps what was added across a reopen, in order, and forgets what was recorded', async () => {
    const dir = await dataDir();
    const queue = await openQueue(dir);
    await queue.add([queuedNote('01A', 'one'), queuedNote('01B', 'two')]);
    await queue.add([queuedNote('01C', 'three')]);
    await queue.close();
    const again = await openQueue(dir);
    expect(again.entries().map((e) => e.id)).toEqual(['01A', '01B', '01C']);
    await again.remove(new Set(['01A']));
    expect((await readFile(again.path, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as PreparedEvent).id)).toEqual(['01B', '01C']);
    await again.remove(new Set(['01B', '01C']));
    expect(await readFile(again.path, 'utf8')).toBe('');
    await again.close();
  });

  it('a torn last line (a crash mid-write, never acknowledged) is dropped and written over', async () => {
    const dir = await dataDir();
    const queue = await openQueue(dir);
    await queue.add([queuedNote('01A', 'one')]);
    await queue.close();
    await appendFile(join(queueDir(dir, INCIDENT), 'events.jsonl'), '{"v":1,"id":"01B","at":"2026');
    const again = await openQueue(dir);
    expect(again.entries().map((e) => e.id)).toEqual(['01A']);
    await again.add([queuedNote('01C', 'three')]);
    await again.close();
    expect((await openQueue(dir)).entries().map((e) => e.id)).toEqual(['01A', '01C']);
  });

  it('a damaged line is refused with where it is, and the file is left alone', async () => {
    const dir = await dataDir();
    await (await openQueue(dir)).close();
    const file = join(queueDir(dir, INCIDENT), 'events.jsonl');
    await writeFile(file, `${JSON.stringify(queuedNote('01A', 'one'))}\nnot json\n`);
    const opened = await LocalQueue.open(dir, INCIDENT, NOW);
    expect(opened).toMatchObject({ ok: false, error: { message: expect.stringContaining(`${file}:2: not a queued event`) } });
    expect(await readFile(file, 'utf8')).toContain('not json');
  });

  it('one cockpit holds a queue at a time', async () => {
    const dir = await dataDir();
    const first = await openQueue(dir);
    expect(await LocalQueue.open(dir, INCIDENT, NOW)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    await first.close();
    await (await openQueue(dir)).close();
  });
});
