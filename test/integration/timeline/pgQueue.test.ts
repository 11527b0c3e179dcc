import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import type { EventStore } from '../../../src/timeline/eventStore';
import { migrate } from '../../../src/timeline/postgres/pgSchema';
import { pgIncidentStore, type PgIncidentStore } from '../../../src/timeline/postgres/pgIncidentStore';
import { cockpit } from '../../support/cli';
import { startPostgres, type PostgresServer } from '../../support/postgres';
import { CREATE } from './helpers';

const PASSWORD = 'Qx7-queue-pw-5150';
let server: PostgresServer;
let scratch: string;
const cleanup: (() => Promise<void>)[] = [];
let databases = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cockpit-pgqueue-'));
  // With a password: the queue file, the reason on screen and the log must never hold it.
  server = await startPostgres({ password: PASSWORD });
}, 120_000);

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  await server?.destroy();
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh database and local state dir per test. */
async function fresh(): Promise<{ url: string; localDir: string; incidents: PgIncidentStore }> {
  databases += 1;
  const url = await server.createDatabase(`queue_${databases}`);
  const localDir = join(scratch, `local-${databases}`);
  const incidents = pgIncidentStore(url, process.env, { localDir });
  cleanup.push(() => incidents.close());
  await migrate(incidents.pool);
  return { url, localDir, incidents };
}

async function create(incidents: PgIncidentStore): Promise<EventStore> {
  const opened = await incidents.open({ responder: 'alice', create: CREATE, secrets: [] });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value.store;
}

/** Appends and resolves once the store acknowledged the event as queued locally, or as recorded (whichever comes first). */
function appendNote(store: EventStore, text: string): { durable: Promise<'queued' | 'recorded'>; recorded: Promise<StoredEvent> } {
  let queued!: () => void;
  const isQueued = new Promise<'queued'>((resolve) => (queued = () => resolve('queued')));
  const recorded = store.append({ kind: 'note', data: { text } }, queued);
  recorded.catch(() => undefined);
  return { durable: Promise.race([isQueued, recorded.then(() => 'recorded' as const)]), recorded };
}

function texts(events: readonly { kind: string; data: unknown }[]): string[] {
  return events.map((e) => (e.kind === 'note' ? (e.data as { text: string }).text : e.kind));
}

async function queueFiles(localDir: string): Promise<string> {
  const root = join(localDir, 'queue');
  const found: string[] = [];
  for (const incident of await readdir(root).catch(() => [] as string[])) {
    for (const file of await readdir(join(root, incident))) found.push(await readFile(join(root, incident, file), 'utf8'));
  }
  return found.join('\n');
}

describe('the shared store unreachable: events wait in a local queue', () => {
  it('an append while the database is stopped is queued (fsynced, pending, never recorded) and uploaded when it is back', { timeout: 120_000 }, async () => {
    const { url, localDir, incidents } = await fresh();
    const store = await create(incidents);
    await store.append({ kind: 'note', data: { text: 'before' } });

    await server.stop();
    const down = appendNote(store, `while down, store ${url}`);
    // Today this rejects: "recording in the shared store … failed: connect ECONNREFUSED".
    expect(await down.durable).toBe('queued');
    expect(texts(store.pending?.() ?? [])).toEqual([expect.stringContaining('while down')]);
    expect(store.state().lastSeq).toBe(2);
    expect(store.offline?.()).toMatchObject({ reason: expect.stringContaining('ECONNREFUSED') });
    expect(JSON.stringify(store.offline?.())).not.toContain(PASSWORD);
    const file = await queueFiles(localDir);
    expect(file).toContain('while down');
    expect(file).not.toContain(PASSWORD);

    await server.start();
    const stored = await down.recorded;
    expect(stored.seq).toBe(3);
    expect(store.pending?.()).toEqual([]);
    expect(store.offline?.()).toBeUndefined();
    await store.close();
    const verify = await cockpit(['verify', store.incidentId, '--store', url]);
    expect(verify.exitCode).toBe(0);
    expect(verify.stdout).toContain('intact, 3 events');
  });
});
