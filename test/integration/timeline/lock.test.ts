import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { bundledWorker, CREATE, mustOpen, tempDataDir } from './helpers';

let WORKER: string;
let workerDir: string;
beforeAll(async () => {
  workerDir = await mkdtemp(join(tmpdir(), 'cockpit-worker-'));
  WORKER = await bundledWorker(workerDir);
});
afterAll(async () => rm(workerDir, { recursive: true, force: true }));

interface Report {
  ready?: number;
  refused?: string;
  kind?: string;
  closed?: boolean;
}

function start(dataDir: string, id: string): { child: ChildProcess; first: Promise<Report> } {
  const child = fork(WORKER, ['hold', dataDir, id], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const first = new Promise<Report>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Report));
    child.once('exit', (code) => reject(new Error(`worker exited ${code} without reporting`)));
  });
  return { child, first };
}

let dataDir: string;
let cleanup: () => Promise<void>;
const children: ChildProcess[] = [];
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await cleanup();
});

describe('one writer per incident', () => {
  it('of two processes opening the same incident at once, exactly one writes; the other can read', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    const id = opened.store.incidentId;
    await opened.store.close();

    const a = start(dataDir, id);
    const b = start(dataDir, id);
    children.push(a.child, b.child);
    const reports = await Promise.all([a.first, b.first]);
    const winners = reports.filter((r) => r.ready !== undefined);
    const losers = reports.filter((r) => r.refused !== undefined);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toMatchObject({ kind: 'conflict' });
    expect(losers[0]?.refused).toMatch(/being written by another cockpit \(pid \d+ on .+\); open it read-only/);

    const readOnly = await mustOpen({ dataDir, id, readOnly: true });
    expect(readOnly.store.state().lastSeq).toBe(1);

    const winner = reports[0]?.ready !== undefined ? a.child : b.child;
    const closed = new Promise<Report>((resolve) => winner.once('message', (m) => resolve(m as Report)));
    winner.send('write-and-close');
    expect(await closed).toEqual({ closed: true });

    const events: StoredEvent[] = [];
    for await (const e of (await mustOpen({ dataDir, id, readOnly: true })).store.events()) events.push(e);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'incident.opened'],
      [2, 'note'],
    ]);
    expect(events[1]?.data).toEqual({ text: `written by ${winner.pid}` });
  });
});

describe('the lock of a sandbox drill', () => {
  // A second drill was told "being written by another cockpit (pid … since 2026-11-22T02:30:00.000Z)": the drill's virtual time.
  it('is dated by the wall clock a drill stamps its id with, not by its virtual clock', async () => {
    const { readFile } = await import('node:fs/promises');
    const { LOCK_FILE } = await import('../../../src/timeline/paths');
    const virtual = new Date('2026-11-22T02:30:00.000Z');
    const wall = new Date('2026-12-05T00:09:00.000Z');
    const opened = await mustOpen({ dataDir, create: CREATE, now: () => virtual, idNow: () => wall });
    const lock = JSON.parse(await readFile(join(dataDir, 'incidents', opened.store.incidentId, LOCK_FILE), 'utf8')) as { since: string };
    expect(lock.since).toBe(wall.toISOString());
    await opened.store.close();
  });

  it('is refused to a second cockpit with when it was taken, to the minute, and how long ago', async () => {
    const wall = new Date('2026-12-05T00:09:40.000Z');
    const opened = await mustOpen({ dataDir, create: CREATE, idNow: () => wall });
    const { openIncident } = await import('../../../src/timeline/openIncident');
    const second = await openIncident({ dataDir, responder: 'bob', id: opened.store.incidentId, now: () => new Date(wall.getTime() + 12.5 * 60_000) });
    expect(second).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(second.ok ? '' : second.error.message).toMatch(/another cockpit \(pid \d+ on .+ since 2026-12-05 00:09Z \(12m ago\)\); open it read-only/);
    await opened.store.close();
  });
});
