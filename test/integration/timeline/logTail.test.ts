import { appendFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealEvent } from '../../../src/core/hashChain';
import type { StoredEvent } from '../../../src/core/events';
import { writeIndex } from '../../../src/timeline/incidentIndex';
import { readTail, type TailPosition } from '../../../src/timeline/logTail';
import { summarize } from '../../../src/core/summary';
import { CREATE, logPath, mustOpen, readLogLines, tempDataDir } from './helpers';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => cleanup());

/** A real log of the opening and `notes` notes, as lines (without newlines). */
async function realLog(notes: number): Promise<{ lines: string[]; incident: string }> {
  const writer = await mustOpen({ dataDir, create: CREATE });
  for (let i = 1; i <= notes; i += 1) await writer.store.append({ kind: 'note', data: { text: `note ${i}` } });
  await writer.store.close();
  return { lines: await readLogLines(logPath(writer)), incident: writer.store.incidentId };
}

const parsed = (line: string) => JSON.parse(line) as StoredEvent;

/** The position just past the first `count` lines. */
function after(lines: readonly string[], count: number, incident: string): TailPosition {
  const offset = lines.slice(0, count).reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  return { offset, count, lastHash: parsed(lines[count - 1]!).hash, incident };
}

/** A chain-valid note at seq 3 after `lines` (the opening and one note). */
function thirdNote(lines: readonly string[], text: string): { line: string; hash: string } {
  const { hash: prev, ...second } = parsed(lines[1]!);
  return sealEvent({ ...second, seq: 3, prev, data: { text } });
}

describe('readTail: the events another process appended since a position', () => {
  it('reads only the new bytes, verified and in order, and moves the position past them', async () => {
    const { lines, incident } = await realLog(2);
    const path = join(dataDir, 'tail.jsonl');
    await writeFile(path, `${lines[0]}\n`);
    const start = after(lines, 1, incident);
    expect(await readTail(path, start)).toEqual({ events: [], position: start });
    await appendFile(path, `${lines[1]}\n${lines[2]}\n`);
    const read = await readTail(path, start);
    expect(read.events.map((e) => [e.seq, e.data])).toEqual([
      [2, { text: 'note 1' }],
      [3, { text: 'note 2' }],
    ]);
    expect(read.position).toEqual(after(lines, 3, incident));
    expect(read.problem).toBeUndefined();
  });

  it('waits for the newline of a partial last line', async () => {
    const { lines, incident } = await realLog(1);
    const path = join(dataDir, 'tail.jsonl');
    const half = Math.floor(lines[1]!.length / 2);
    await writeFile(path, `${lines[0]}\n${lines[1]!.slice(0, half)}`);
    const start = after(lines, 1, incident);
    expect(await readTail(path, start)).toEqual({ events: [], position: start });
    await appendFile(path, `${lines[1]!.slice(half)}\n`);
    const read = await readTail(path, start);
    expect(read.events.map((e) => e.seq)).toEqual([2]);
    expect(read.position).toEqual(after(lines, 2, incident));
  });

  it('stops before a line that breaks the chain, consumes nothing of it, and says which seq', async () => {
    const { lines, incident } = await realLog(2);
    const path = join(dataDir, 'tail.jsonl');
    const edited = lines[2]!.replace('note 2', 'note X');
    await writeFile(path, `${lines[0]}\n${lines[1]}\n${edited}\n`);
    const start = after(lines, 1, incident);
    const read = await readTail(path, start);
    expect(read.events.map((e) => e.seq)).toEqual([2]);
    expect(read.position).toEqual(after(lines, 2, incident));
    expect(read.problem).toMatch(/^seq 3: hash does not match/);
  });

  it('reads no further than `upTo` events (what the writer has anchored as synced)', async () => {
    const { lines, incident } = await realLog(2);
    const path = join(dataDir, 'tail.jsonl');
    await writeFile(path, `${lines.join('\n')}\n`);
    const read = await readTail(path, after(lines, 1, incident), { upTo: 2 });
    expect(read.events.map((e) => e.seq)).toEqual([2]);
    expect(read.position).toEqual(after(lines, 2, incident));
  });

  it('reports a log cut back below what was read, without moving', async () => {
    const { lines, incident } = await realLog(2);
    const path = join(dataDir, 'tail.jsonl');
    await writeFile(path, `${lines.join('\n')}\n`);
    const start = after(lines, 3, incident);
    await truncate(path, start.offset - 5);
    const read = await readTail(path, start);
    expect(read.events).toEqual([]);
    expect(read.position).toEqual(start);
    expect(read.problem).toMatch(/shorter than/);
  });
});

describe('a read-only store catches up with its writer', () => {
  it('folds what the writer recorded into its state and hands the events out once', async () => {
    const writer = await mustOpen({ dataDir, create: CREATE });
    const watcher = await mustOpen({ dataDir, id: writer.store.incidentId, readOnly: true });
    expect(await watcher.store.catchUp()).toEqual({ events: [] });
    await writer.store.append({ kind: 'note', data: { text: 'tasks on :41 healthy' } });
    await writer.store.append({ kind: 'severity.changed', data: { to: 'SEV1' } });
    await writer.store.syncIndex();
    const caught = await watcher.store.catchUp();
    expect(caught.events.map((e) => e.kind)).toEqual(['note', 'severity.changed']);
    expect(watcher.store.state()).toMatchObject({ severity: 'SEV1', lastSeq: 3 });
    expect(await watcher.store.catchUp()).toEqual({ events: [] });
    await writer.store.close();
    await watcher.store.close();
  });

  it('never shows a line the writer has not anchored as synced: a cut-back and retry shows only the retried event', async () => {
    const writer = await mustOpen({ dataDir, create: CREATE });
    await writer.store.append({ kind: 'note', data: { text: 'recorded' } });
    await writer.store.syncIndex();
    await writer.store.close();
    const path = logPath(writer);
    const lines = await readLogLines(path);
    const watcher = await mustOpen({ dataDir, id: writer.store.incidentId, readOnly: true });
    const state = watcher.store.state();

    // A batch written but not synced (its fdatasync is about to fail): complete and chain-valid, not anchored.
    await appendFile(path, `${thirdNote(lines, 'lost').line}\n`);
    expect(await watcher.store.catchUp()).toEqual({ events: [] });

    // The writer cuts back to its synced size and records again: another event at seq 3, anchored.
    await truncate(path, lines.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0));
    const kept = thirdNote(lines, 'kept');
    await appendFile(path, `${kept.line}\n`);
    await writeIndex(watcher.dir, summarize(state), { events: 3, head: kept.hash });
    const caught = await watcher.store.catchUp();
    expect(caught.events.map((e) => e.data)).toEqual([{ text: 'kept' }]);
    await watcher.store.close();
  });
});
