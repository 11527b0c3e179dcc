import { appendFile, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH, type StoredEvent } from '../../../src/core/events';
import { createRedactor } from '../../../src/core/redact';
import { JsonlEventStore } from '../../../src/timeline/jsonlEventStore';
import { fold } from '../../../src/core/incident';
import { openIncident } from '../../../src/timeline/openIncident';
import { verifyIncident } from '../../../src/timeline/verifyIncident';
import { timelineArb } from '../../unit/core/eventArbitraries';
import { CREATE, logPath, mustOpen, readLogLines, tempDataDir, writeLogLines } from './helpers';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => cleanup());

async function readAll(opened: { store: { events(): AsyncIterable<StoredEvent> } }): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of opened.store.events()) out.push(e);
  return out;
}

describe('JsonlEventStore', () => {
  it('creates an incident with an id from its opening minute and service, and writes the index', async () => {
    const now = () => new Date('2026-11-22T02:31:59.000Z');
    const first = await mustOpen({ dataDir, create: CREATE, now });
    const second = await mustOpen({ dataDir, create: CREATE, now });
    expect(first.store.incidentId).toBe('inc-20261122-0231-checkout-api');
    expect(second.store.incidentId).toBe('inc-20261122-0231-checkout-api-2');
    const index = JSON.parse(await readFile(join(first.dir, 'incident.json'), 'utf8'));
    expect(index).toMatchObject({ id: first.store.incidentId, service: 'checkout-api', status: 'open', drill: false, openedAt: '2026-11-22T02:31:59.000Z' });
    await Promise.all([first.store.close(), second.store.close()]);
  });

  it('keeps seq gapless in call order under many concurrent appends, each durable on resolve', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => opened.store.append({ kind: 'note', data: { text: `n${i}` } })));
    expect(results.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    const lines = await readLogLines(logPath(opened));
    expect(lines).toHaveLength(201);
    expect(lines.map((l) => JSON.parse(l).data.text).slice(1)).toEqual(results.map((e) => (e.data as { text: string }).text));
    await opened.store.close();
  });

  it('appends made in the same turn are one batch: the first to settle already sees the others folded in', async () => {
    // A screen that redraws when one of them settles must not show a state between them
    // (a rollback drawn as started with its target not yet marked: a false "bad" for a moment).
    const opened = await mustOpen({ dataDir, create: CREATE });
    const seen: number[] = [];
    const first = opened.store.append({ kind: 'note', data: { text: 'a' } }).then(() => seen.push(opened.store.state().lastSeq));
    const second = opened.store.append({ kind: 'note', data: { text: 'b' } });
    await Promise.all([first, second]);
    expect(seen).toEqual([3]);
    await opened.store.close();
  });

  it('an append settles only once its line is written and fdatasynced, with the event exactly as its line says', async () => {
    const path = join(dataDir, 'events.jsonl');
    const file = await open(path, 'a+');
    const calls: string[] = [];
    let releaseSync: () => void = () => undefined;
    const syncGate = new Promise<void>((resolve) => (releaseSync = resolve));
    // The real file, with its fdatasync held until the test lets it go.
    const handle = new Proxy(file, {
      get(target, key) {
        if (key === 'datasync') return async () => (calls.push('datasync'), await syncGate, target.datasync());
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (...args: unknown[]) => (calls.push(String(key)), (value as (...a: unknown[]) => unknown).apply(target, args)) : value;
      },
    });
    const store = new JsonlEventStore({ dir: dataDir, id: 'inc-1', drill: false, lastHash: GENESIS_HASH, handle, redact: createRedactor(['hunter2-secret']), responder: 'alice', now: () => new Date('2026-11-22T02:31:00.000Z') });
    let settled = false;
    const data = { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', steps: [], title: 'password hunter2-secret', runbook: undefined } as const;
    const opening = store.append({ kind: 'incident.opened', data }).finally(() => (settled = true));
    await vi.waitFor(() => expect(calls).toContain('datasync'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    // Written before its fdatasync, which the append waits for.
    const [line] = await readLogLines(path);
    expect(line).toBeDefined();
    releaseSync();
    const stored = await opening;
    expect(await readLogLines(path)).toEqual([line]);
    expect(stored).toEqual(JSON.parse(line as string));
    expect(JSON.stringify(stored.data)).not.toContain('hunter2');
    expect(Object.keys(stored.data)).not.toContain('runbook');
    expect(store.state().lastHash).toBe(stored.hash);
    await expect(store.append({ kind: 'note', data: { text: 'second' } })).resolves.toMatchObject({ seq: 2, prev: stored.hash });
    await store.close();
  });

  // A fresh-clone CI run (disk full): the failed batch's callers were told before its partial line was cut back, and the
  // log read then ended in "the last line has no newline (486 bytes of an interrupted write)".
  it('a failed batch is cut back before its callers hear of it', async () => {
    const path = join(dataDir, 'events.jsonl');
    const file = await open(path, 'a+');
    let failSync = false;
    // The real file; its fdatasync fails once asked to, and its truncate takes a while.
    const handle = new Proxy(file, {
      get(target, key) {
        if (key === 'datasync') return async () => (failSync ? Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) : target.datasync());
        if (key === 'truncate') return async (size: number) => (await new Promise((resolve) => setTimeout(resolve, 50)), target.truncate(size));
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const store = new JsonlEventStore({ dir: dataDir, id: 'inc-1', drill: false, lastHash: GENESIS_HASH, handle, redact: createRedactor([]), responder: 'alice', now: () => new Date() });
    const data = { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', steps: [], title: 't' } as const;
    await store.append({ kind: 'incident.opened', data });
    const synced = (await readFile(path, 'utf8')).length;
    failSync = true;
    const failed = await store.append({ kind: 'note', data: { text: 'lost to the disk' } }).then(() => undefined, (error: Error) => error);
    expect(failed?.message).toMatch(/failed/);
    // At the moment the caller hears of it, the log is what was synced: no partial line after it.
    expect((await readFile(path, 'utf8')).length).toBe(synced);
    await store.close();
  });

  it('never writes a first line that is not incident.opened', async () => {
    const path = join(dataDir, 'events.jsonl');
    const store = new JsonlEventStore({ dir: dataDir, id: 'inc-1', drill: false, lastHash: GENESIS_HASH, handle: await open(path, 'a+'), redact: createRedactor([]), responder: 'alice', now: () => new Date() });
    await expect(store.append({ kind: 'note', data: { text: 'too early' } })).rejects.toThrow('the first event of an incident must be incident.opened, not note');
    expect(await readFile(path, 'utf8')).toBe('');
    await store.close();
  });

  it('the state it holds live equals the fold of what a reopen reads back', async () => {
    await fc.assert(
      fc.asyncProperty(timelineArb(undefined, 25), async (timeline) => {
        const opened = await mustOpen({ dataDir, create: CREATE });
        for (const event of timeline) await opened.store.append(event);
        const live = opened.store.state();
        await opened.store.close();
        const reopened = await mustOpen({ dataDir, id: opened.store.incidentId, readOnly: true });
        expect(reopened.store.state()).toEqual(live);
        expect(fold(await readAll(reopened))).toEqual({ ok: true, state: live });
      }),
      { numRuns: 15 },
    );
  });

  it('a read-only store refuses appends and takes no lock', async () => {
    const writer = await mustOpen({ dataDir, create: CREATE });
    const reader = await mustOpen({ dataDir, id: writer.store.incidentId, readOnly: true });
    await expect(reader.store.append({ kind: 'note', data: { text: 'x' } })).rejects.toThrow(/read-only/);
    const second = await openIncident({ dataDir, id: writer.store.incidentId, responder: 'bob' });
    expect(second).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(!second.ok && second.error.message).toContain(`pid ${process.pid} on ${hostname()}`);
    await writer.store.close();
    await reader.store.close();
    await expect(writer.store.append({ kind: 'note', data: { text: 'late' } })).rejects.toThrow(/closed/);
  });

  it('an unknown incident is a not-found error, not an exception', async () => {
    expect(await openIncident({ dataDir, id: 'inc-nope', responder: 'a' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await openIncident({ dataDir, id: '../../etc', responder: 'a', readOnly: true })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('takes over a stale lock (dead pid on this host) and records it', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    await opened.store.close();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(opened.dir, 'lock'), JSON.stringify({ pid: dead, host: hostname(), since: '2026-11-22T02:00:00.000Z' }));
    const resumed = await mustOpen({ dataDir, id: opened.store.incidentId });
    expect(resumed.recovery.tookOverLockFrom).toMatchObject({ pid: dead });
    const events = await readAll(resumed);
    expect(events.at(-1)).toMatchObject({ kind: 'note', data: { tag: 'lock-takeover', details: { pid: dead } } });
    expect(JSON.parse(await readFile(join(opened.dir, 'lock'), 'utf8')).pid).toBe(process.pid);
    await resumed.store.close();
    await expect(readFile(join(opened.dir, 'lock'))).rejects.toThrow(/ENOENT/);
  });

  for (const [what, content] of [
    ['empty', ''],
    ['garbage', '\u0000\u0000{not json'],
    ['pid 0', JSON.stringify({ pid: 0, host: hostname(), since: '' })],
    ['pid -1', JSON.stringify({ pid: -1, host: hostname(), since: '' })],
  ] as const) {
    it(`an ${what} lock names no live writer: it is taken over, not refused`, async () => {
      const opened = await mustOpen({ dataDir, create: CREATE });
      await opened.store.close();
      await writeFile(join(opened.dir, 'lock'), content);
      const resumed = await mustOpen({ dataDir, id: opened.store.incidentId });
      expect(JSON.parse(await readFile(join(opened.dir, 'lock'), 'utf8')).pid).toBe(process.pid);
      await resumed.store.close();
    });
  }

  it('a lock whose pid just died (a zombie not yet reaped) is taken over at once', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    await opened.store.close();
    // The shell's background child exits once the shell has become `sleep`, which never reaps it
    // (exiting sooner, on a loaded machine it was reaped by the shell itself before the exec).
    const parent = spawn('sh', ['-c', '(while read -r name < /proc/$$/comm && [ "$name" != sleep ]; do :; done) & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number((await once(parent.stdout, 'data'))[0].toString().trim());
      // A ceiling for a loaded machine, not a speed check.
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && !(await readFile(`/proc/${zombie}/stat`, 'utf8')).includes(') Z '); ) await new Promise((r) => setTimeout(r, 10));
      await writeFile(join(opened.dir, 'lock'), JSON.stringify({ pid: zombie, host: hostname(), since: '' }));
      const resumed = await mustOpen({ dataDir, id: opened.store.incidentId });
      expect(resumed.recovery.tookOverLockFrom).toMatchObject({ pid: zombie });
      await resumed.store.close();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('a lock held by another host is respected', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    await opened.store.close();
    await writeFile(join(opened.dir, 'lock'), JSON.stringify({ pid: 1, host: 'elsewhere', since: '' }));
    expect(await openIncident({ dataDir, id: opened.store.incidentId, responder: 'a' })).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });
});

describe('torn and corrupt tails', () => {
  async function incidentWithNotes(count: number) {
    const opened = await mustOpen({ dataDir, create: CREATE });
    for (let i = 0; i < count; i += 1) await opened.store.append({ kind: 'note', data: { text: `n${i}` } });
    await opened.store.close();
    return opened;
  }

  it('a torn last line is reported by verify, then quarantined on open with a note, losing nothing before it', async () => {
    const opened = await incidentWithNotes(3);
    const before = await readLogLines(logPath(opened));
    const torn = '{"v":1,"seq":5,"id":"01J","at":"2026-11-22T02:3';
    await appendFile(logPath(opened), torn);

    const verified = await verifyIncident(dataDir, opened.store.incidentId);
    expect(verified.ok && verified.value.problem).toMatchObject({ seq: 5, atTail: true });

    const resumed = await mustOpen({ dataDir, id: opened.store.incidentId });
    expect(resumed.recovery.quarantined).toMatchObject({ bytes: Buffer.byteLength(torn) });
    const file = resumed.recovery.quarantined?.file as string;
    expect(await readFile(join(opened.dir, file), 'utf8')).toBe(torn);
    const events = await readAll(resumed);
    expect(events.slice(0, 4).map((e) => e.hash)).toEqual(before.map((l) => JSON.parse(l).hash));
    expect(events[4]).toMatchObject({ seq: 5, kind: 'note', data: { tag: 'quarantine', details: { file, afterSeq: 4 } } });
    await resumed.store.append({ kind: 'note', data: { text: 'continues' } });
    await resumed.store.close();

    const after = await verifyIncident(dataDir, opened.store.incidentId);
    expect(after.ok && after.value).toMatchObject({ events: 6, quarantined: [file] });
    expect(after.ok && after.value.problem).toBeUndefined();
  });

  it('a corrupt (complete but garbled) last line is quarantined too', async () => {
    const opened = await incidentWithNotes(2);
    await appendFile(logPath(opened), `${'\u0000'.repeat(64)}\n`);
    const resumed = await mustOpen({ dataDir, id: opened.store.incidentId });
    expect(resumed.recovery.quarantined?.reason).toBe('not valid JSON');
    expect(resumed.store.state().lastSeq).toBe(4);
    await resumed.store.close();
  });

  it('damage before the last line is not a tail: writing is refused, reading shows where', async () => {
    const opened = await incidentWithNotes(3);
    const lines = await readLogLines(logPath(opened));
    lines[1] = (lines[1] as string).replace('"n0"', '"n9"');
    await writeLogLines(logPath(opened), lines);
    const writable = await openIncident({ dataDir, id: opened.store.incidentId, responder: 'a' });
    expect(writable).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
    expect(!writable.ok && writable.error.message).toContain('broken at seq 2');
    const readOnly = await mustOpen({ dataDir, id: opened.store.incidentId, readOnly: true });
    expect(readOnly.recovery.problem).toMatchObject({ seq: 2, atTail: false });
    expect(readOnly.store.state().lastSeq).toBe(1);
    expect(await readdir(opened.dir)).not.toContain('lock');
  });
});

describe('incidents killed before their first event', () => {
  it('are cleaned up by the next create when nobody holds them; a young or held one is left alone; verify never calls them intact', async () => {
    const { mkdir, utimes } = await import('node:fs/promises');
    const incidents = join(dataDir, 'incidents');
    const make = async (id: string, files: Record<string, string>, ageMs: number) => {
      const dir = join(incidents, id);
      await mkdir(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
      const when = new Date(Date.now() - ageMs);
      await utimes(dir, when, when);
    };
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    await make('inc-empty-log', { 'events.jsonl': '', lock: '' }, 60_000);
    await make('inc-no-log', {}, 60_000);
    await make('inc-torn-first', { 'events.jsonl': '{"v":1,"seq":1,"id"', lock: JSON.stringify({ pid: dead, host: hostname() }) }, 60_000);
    await make('inc-young', { 'events.jsonl': '' }, 0);
    await make('inc-held', { 'events.jsonl': '', lock: JSON.stringify({ pid: process.pid, host: hostname(), since: '' }) }, 60_000);
    const verified = await verifyIncident(dataDir, 'inc-empty-log');
    expect(verified.ok && verified.value.events).toBe(0);
    const opened = await mustOpen({ dataDir, create: CREATE });
    await opened.store.close();
    // The sweep runs after the new incident is created, off the start-up path.
    const expected = ['inc-held', 'inc-young', opened.store.incidentId].sort();
    for (let i = 0; i < 500 && JSON.stringify((await readdir(incidents)).sort()) !== JSON.stringify(expected); i += 1) await new Promise((r) => setTimeout(r, 10));
    expect((await readdir(incidents)).sort()).toEqual(expected);
  });
});
