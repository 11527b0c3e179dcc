import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { importExport } from '../../../src/core/exportJson';
import { streamExport } from '../../../src/timeline/exportIncident';
import { scanLog } from '../../../src/timeline/scanLog';
import { CREATE, logPath, mustOpen, tempDataDir } from './helpers';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => cleanup());

async function incidentOf(events: number): Promise<{ id: string; log: string }> {
  const opened = await mustOpen({ dataDir, create: CREATE });
  await Promise.all(Array.from({ length: events }, (_, i) => opened.store.append({ kind: 'note', data: { text: `note ${i} ${'x'.repeat(200)}` } })));
  await opened.store.close();
  return { id: opened.store.incidentId, log: logPath(opened) };
}

describe('one pass over the log', () => {
  it('opening hands out every event of the log in order, with those written while opening (a lock takeover note)', async () => {
    const { id, log } = await incidentOf(5);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(log, '..', 'lock'), JSON.stringify({ pid: dead, host: hostname(), since: '2026-11-22T02:00:00.000Z' }));
    const seen: StoredEvent[] = [];
    const resumed = await mustOpen({ dataDir, id, onEvent: (event) => seen.push(event) });
    await resumed.store.close();
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seen.at(-1)).toMatchObject({ kind: 'note', data: { tag: 'lock-takeover' } });
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(seen.map((e) => e.hash)).toEqual(lines.map((l) => (JSON.parse(l) as StoredEvent).hash));
  });

  it('a new incident hands out its incident.opened', async () => {
    const seen: StoredEvent[] = [];
    const created = await mustOpen({ dataDir, create: CREATE, onEvent: (event) => seen.push(event) });
    await created.store.close();
    expect(seen.map((e) => e.kind)).toEqual(['incident.opened']);
  });

  it('verifying without folding checks the same chain and makes no state', async () => {
    const { log } = await incidentOf(20);
    const folded = await scanLog(log);
    const verified = await scanLog(log, { fold: false });
    expect(verified).toMatchObject({ count: 21, lastHash: folded.lastHash });
    expect(verified.state).toBeUndefined();
    expect(folded.state?.notes).toBe(20);
  });

  it('a JSON export is written as the log is read, in pieces, each event exactly its line', async () => {
    const { id, log } = await incidentOf(1_500);
    const pieces: string[] = [];
    const done = await streamExport({ dataDir, id, format: 'json' }, async (text) => {
      await new Promise((resolve) => setImmediate(resolve));
      pieces.push(text);
    });
    expect(done).toEqual({ ok: true, value: {} });
    expect(pieces.length).toBeGreaterThan(3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 * (1 << 16));
    const text = pieces.join('');
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    for (const line of [lines[0], lines[700], lines.at(-1)]) expect(text).toContain(`\n    ${line}`);
    expect(importExport(text)).toMatchObject({ ok: true, state: { lastSeq: 1_501, notes: 1_500 } });
  });
});
