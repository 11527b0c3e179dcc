import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../../src/core/events';
import type { EventStore } from '../../../src/timeline/eventStore';
import { migrate } from '../../../src/timeline/postgres/pgSchema';
import { uploadLeftQueues } from '../../../src/timeline/postgres/pgLeftQueues';
import type { PreparedEvent } from '../../../src/timeline/storedEvents';
import { pgIncidentStore, type PgIncidentStore } from '../../../src/timeline/postgres/pgIncidentStore';
import { cockpit } from '../../support/cli';
import { startPostgres, type PostgresServer } from '../../support/postgres';
import { bundledWorker, CREATE } from './helpers';
import { openHarness } from '../../support/sessionHarness';

const PASSWORD = 'Qx7-queue-pw-5150';
let server: PostgresServer;
let scratch: string;
let WORKER: string;
const cleanup: (() => Promise<void>)[] = [];
let databases = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cockpit-pgqueue-'));
  // With a password: the queue file, the reason on screen and the log must never hold it.
  [server, WORKER] = await Promise.all([startPostgres({ password: PASSWORD }), bundledWorker(scratch, 'pgQueueWriter')]);
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
function appendEvent(store: EventStore, event: NewEvent): { durable: Promise<'queued' | 'recorded'>; recorded: Promise<StoredEvent> } {
  let queued!: () => void;
  const isQueued = new Promise<'queued'>((resolve) => (queued = () => resolve('queued')));
  const recorded = store.append(event, queued);
  recorded.catch(() => undefined);
  return { durable: Promise.race([isQueued, recorded.then(() => 'recorded' as const)]), recorded };
}

const appendNote = (store: EventStore, text: string) => appendEvent(store, { kind: 'note', data: { text } });

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
    // Where the shared store keeps its anchor (there is no incident.json in it).
    expect(verify.stdout).toContain("anchor: the log matches the anchor in the incident's row in the shared store");
  });
});

/**
 * A TCP proxy to the database that can be cut: one responder loses the network (ECONNREFUSED,
 * open connections reset) while another, connected directly, keeps recording.
 */
interface Proxy {
  url: (direct: string) => string;
  cut: () => Promise<void>;
  restore: () => Promise<void>;
  /** The next COMMIT reaches the server, which commits; its answer never reaches the client (its connection drops). */
  loseNextCommitAnswer: () => void;
  close: () => Promise<void>;
}

async function cuttableProxy(port: number): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let listener: Server | undefined;
  let proxyPort = 0;
  let loseCommitAnswer = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      listener = createServer((client) => {
        const upstream = connect(port, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => sockets.delete(socket));
        }
        let commitSent = false;
        client.on('data', (chunk: Buffer) => {
          // node-postgres sends COMMIT as a simple query: 'Q', length, "COMMIT\0".
          if (loseCommitAnswer && chunk.includes('COMMIT\0')) {
            loseCommitAnswer = false;
            commitSent = true;
          }
          upstream.write(chunk);
        });
        upstream.on('data', (chunk: Buffer) => (commitSent ? client.destroy() : client.write(chunk)));
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      listener.once('error', reject);
      listener.listen(proxyPort, '127.0.0.1', () => {
        proxyPort = (listener!.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = async () => {
    const closed = new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  await listen();
  return { url: (direct) => direct.replace(`:${port}/`, `:${proxyPort}/`), cut, restore: listen, loseNextCommitAnswer: () => void (loseCommitAnswer = true), close: cut };
}

/** A new incident, and Alice's store on it reaching the database through a cuttable proxy (with a local queue). */
async function throughProxy(): Promise<{ url: string; localDir: string; incidents: PgIncidentStore; proxy: Proxy; id: string; store: EventStore }> {
  const { url, localDir, incidents } = await fresh();
  const proxy = await cuttableProxy(server.port);
  cleanup.push(() => proxy.close());
  const created = await create(incidents);
  const id = created.incidentId;
  await created.close();
  const viaProxy = pgIncidentStore(proxy.url(url), process.env, { localDir });
  cleanup.push(() => viaProxy.close());
  const opened = await viaProxy.open({ id, responder: 'alice' });
  if (!opened.ok) throw new Error(opened.error.message);
  return { url, localDir, incidents, proxy, id, store: opened.value.store };
}

async function chainTexts(incidents: PgIncidentStore, id: string): Promise<{ texts: string[]; problem: unknown }> {
  const events: StoredEvent[] = [];
  const scanned = await incidents.source.scan(id, { onEvent: (e) => void events.push(e) });
  if (!scanned.ok) throw new Error(scanned.error.message);
  return { texts: texts(events), problem: scanned.value.problem };
}

async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000}s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('closing while the database is down', () => {
  it('stops reconnecting at once: the append is told it stays queued, the file keeps it for the next open', { timeout: 120_000 }, async () => {
    const { url, localDir, incidents } = await fresh();
    const store = await create(incidents);
    const id = store.incidentId;
    await server.stop();
    try {
      const down = appendNote(store, 'kept for later');
      expect(await down.durable).toBe('queued');
      // The reconnect loop is waiting to retry: close cancels it (were it not cancellable, this would wait for the database).
      await store.close();
      await expect(down.recorded).rejects.toThrow(/not recorded yet: queued in .*events\.jsonl, uploaded when the incident is next opened/);
      expect(await queueFiles(localDir)).toContain('kept for later');
    } finally {
      await server.start();
    }
    const next = pgIncidentStore(url, process.env, { localDir });
    cleanup.push(() => next.close());
    const opened = await next.open({ id, responder: 'alice' });
    if (!opened.ok) throw new Error(opened.error.message);
    await eventually(() => opened.value.store.pending?.().length === 0, 'the queue uploaded');
    await opened.value.store.close();
    expect((await chainTexts(incidents, id)).texts).toEqual(['incident.opened', 'kept for later']);
  });
});

describe('uploading the queue', () => {
  it("others' events committed meanwhile come first; the queued ones are sealed after them, in the order they were done", { timeout: 120_000 }, async () => {
    // Alice reaches the database through the proxy; Bob directly.
    const { url, localDir, incidents, proxy, id, store: alice } = await throughProxy();
    const bobOpened = await incidents.open({ id, responder: 'bob' });
    if (!bobOpened.ok) throw new Error(bobOpened.error.message);
    const bob = bobOpened.value.store;
    await alice.append({ kind: 'note', data: { text: 'a1' } });

    await proxy.cut();
    const a2 = appendNote(alice, 'a2');
    const a3 = appendNote(alice, 'a3');
    expect([await a2.durable, await a3.durable]).toEqual(['queued', 'queued']);
    await bob.append({ kind: 'note', data: { text: 'b1' } });
    await bob.append({ kind: 'note', data: { text: 'b2' } });
    expect(texts(alice.pending?.() ?? [])).toEqual(['a2', 'a3']);
    expect(alice.offline?.()).toBeDefined();

    await proxy.restore();
    const [r2, r3] = [await a2.recorded, await a3.recorded];
    expect([r2.seq, r3.seq]).toEqual([5, 6]);
    expect(r3.prev).toBe(r2.hash);
    await eventually(() => alice.offline?.() === undefined, 'alice reconnected');
    expect(alice.pending?.()).toEqual([]);
    // Alice's fold took Bob's events in too, in seq order.
    expect(alice.state().lastSeq).toBe(6);
    await alice.close();
    await bob.close();
    expect(await chainTexts(incidents, id)).toEqual({ texts: ['incident.opened', 'a1', 'b1', 'b2', 'a2', 'a3'], problem: undefined });
    expect(await queueFiles(localDir)).not.toContain('"a2"');
    const verify = await cockpit(['verify', id, '--store', url]);
    expect(verify).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('intact, 6 events') });
  });

  // A responder's test: alice's SEV1 and command, queued while the store was out of reach, were uploaded after bob's later
  // SEV3 and command, and replaced them on every screen.
  it('a decision queued, recorded after a later one of a teammate, does not replace it in either fold', { timeout: 120_000 }, async () => {
    const { incidents, proxy, id, store: alice } = await throughProxy();
    const bobOpened = await incidents.open({ id, responder: 'bob' });
    if (!bobOpened.ok) throw new Error(bobOpened.error.message);
    const bob = bobOpened.value.store;
    await proxy.cut();
    let queued!: () => void;
    const isQueued = new Promise<void>((resolve) => (queued = resolve));
    const sev1 = alice.append({ kind: 'severity.changed', data: { to: 'SEV1' } }, queued);
    await isQueued;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await bob.append({ kind: 'severity.changed', data: { to: 'SEV3' } });
    await proxy.restore();
    const recorded = await sev1;
    // Recorded after bob's: alice's own fold, and the store's read afresh (what every other cockpit and the export fold).
    expect((await chainTexts(incidents, id)).texts.slice(-2)).toEqual(['severity.changed', 'severity.changed']);
    expect(recorded.seq).toBe(alice.state().lastSeq);
    const scanned = await incidents.source.scan(id, {});
    if (!scanned.ok || scanned.value.state === undefined) throw new Error('the chain could not be read');
    expect([alice.state().severity, scanned.value.state.severity]).toEqual(['SEV3', 'SEV3']);
    await alice.close();
    await bob.close();
  });

  // A responder's test: `d` on a step while the store was out of reach left it `to do`, `d` again queued it twice, and the
  // postmortem listed its completion more than once.
  it('a step marked done while queued shows done, pending, and is not marked twice', { timeout: 120_000 }, async () => {
    const { url, localDir } = await fresh();
    const proxy = await cuttableProxy(server.port);
    cleanup.push(() => proxy.close());
    const viaProxy = pgIncidentStore(proxy.url(url), process.env, { localDir });
    const alice = await openHarness({ incidents: viaProxy, responder: 'alice', mode: 'drill-sandbox', dataDir: join(scratch, `alice-done-${databases}`) });
    cleanup.push(async () => {
      await alice.cleanup();
      await viaProxy.close();
    });
    await proxy.cut();
    expect(await alice.session.dispatch({ type: 'step.complete', step: 'confirm-impact' })).toEqual({ ok: true });
    const step = () => alice.session.view().steps.find((s) => s.id === 'confirm-impact');
    expect(step()).toMatchObject({ status: 'done', detail: '⧗ pending: recorded once the shared store is back' });
    expect(await alice.session.dispatch({ type: 'step.complete', step: 'confirm-impact' })).toEqual({ ok: false, reason: 'step confirm-impact is done already: ⧗ pending, recorded once the shared store is back' });
    await proxy.restore();
    await eventually(() => alice.session.view().steps.find((s) => s.id === 'confirm-impact')?.detail === undefined, 'the completion recorded');
    expect(step()?.status).toBe('done');
    const direct = pgIncidentStore(url);
    cleanup.push(() => direct.close());
    const completed = (await chainTexts(direct, alice.session.incidentId)).texts.filter((text) => text === 'step.completed');
    expect(completed).toHaveLength(1);
  });

  it('nothing is recorded twice: an append whose COMMIT landed but whose answer was lost is queued, then recognised by its id at upload', { timeout: 120_000 }, async () => {
    const { incidents, proxy, id, store } = await throughProxy();

    proxy.loseNextCommitAnswer();
    const lost = appendNote(store, 'committed, answer lost');
    // The cockpit cannot know it was committed: it keeps the event queued, never shown as recorded.
    expect(await lost.durable).toBe('queued');
    const recorded = await lost.recorded;
    expect(recorded.seq).toBe(2);
    await eventually(() => store.pending?.().length === 0 && store.offline?.() === undefined, 'the queue settled');
    await store.append({ kind: 'note', data: { text: 'next' } });
    await store.close();
    expect(await chainTexts(incidents, id)).toEqual({ texts: ['incident.opened', 'committed, answer lost', 'next'], problem: undefined });
  });

  it('nothing is recorded twice: a queue file left as it was before an upload committed (a crash after COMMIT) is recognised by event id', { timeout: 120_000 }, async () => {
    const { url, localDir, incidents } = await fresh();
    const store = await create(incidents);
    const id = store.incidentId;
    await server.stop();
    const q1 = appendNote(store, 'q1');
    const q2 = appendNote(store, 'q2');
    expect([await q1.durable, await q2.durable]).toEqual(['queued', 'queued']);
    const file = join(localDir, 'queue', id, 'events.jsonl');
    const before = await readFile(file, 'utf8');
    expect(before.split('\n').filter(Boolean).map((line) => Object.keys(JSON.parse(line) as object))).toEqual([
      ['v', 'id', 'at', 'incident', 'kind', 'actor', 'drill', 'redaction', 'data'],
      ['v', 'id', 'at', 'incident', 'kind', 'actor', 'drill', 'redaction', 'data'],
    ]);
    await server.start();
    expect([(await q1.recorded).seq, (await q2.recorded).seq]).toEqual([2, 3]);
    await store.close();
    expect(await readFile(file, 'utf8')).toBe('');

    // As if the cockpit died between COMMIT and rewriting the file: both events are still in it.
    await writeFile(file, before);
    const again = pgIncidentStore(url, process.env, { localDir });
    cleanup.push(() => again.close());
    const reopened = await again.open({ id, responder: 'alice' });
    if (!reopened.ok) throw new Error(reopened.error.message);
    expect(reopened.value.store.pending?.()).toEqual([]);
    await reopened.value.store.append({ kind: 'note', data: { text: 'after' } });
    await reopened.value.store.close();
    expect(await chainTexts(incidents, id)).toEqual({ texts: ['incident.opened', 'q1', 'q2', 'after'], problem: undefined });
    expect((await cockpit(['verify', id, '--store', url])).exitCode).toBe(0);
  });
});

describe('a cockpit killed while its events were queued', () => {
  it('a new process opening the incident uploads them, in order, once', { timeout: 120_000 }, async () => {
    const { url, localDir, incidents } = await fresh();
    const store = await create(incidents);
    const id = store.incidentId;
    await store.close();
    const child: ChildProcess = fork(WORKER, [url, id, localDir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    cleanup.push(async () => void child.kill('SIGKILL'));
    const messages: Record<string, unknown>[] = [];
    child.on('message', (message) => messages.push(message as Record<string, unknown>));
    await eventually(() => messages.some((m) => m.ready || m.refused), 'the child opened the incident');
    expect(messages).toEqual([{ ready: true }]);

    await server.stop();
    child.send({ append: ['c1', 'c2', 'c3'] });
    await eventually(() => messages.filter((m) => m.queued || m.other).length === 3, 'three answers from the child');
    expect(messages.slice(1)).toEqual([{ queued: 'c1' }, { queued: 'c2' }, { queued: 'c3' }]);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    await server.start();
    const next = pgIncidentStore(url, process.env, { localDir });
    cleanup.push(() => next.close());
    const opened = await next.open({ id, responder: 'carol' });
    if (!opened.ok) throw new Error(opened.error.message);
    const resumed = opened.value.store;
    // Queued by the dead process: pending here until uploaded by this one.
    await eventually(() => resumed.pending?.().length === 0, 'the queue uploaded');
    expect(resumed.state().lastSeq).toBe(4);
    // Handed to this cockpit's timeline like anyone's: uploaded with no append of its own waiting,
    // they never reached the screen, which then waited for them and showed nothing newer.
    expect(texts((await resumed.catchUp()).events)).toEqual(['c1', 'c2', 'c3']);
    await resumed.close();
    expect(await chainTexts(incidents, id)).toEqual({ texts: ['incident.opened', 'c1', 'c2', 'c3'], problem: undefined });
    expect((await cockpit(['verify', id, '--store', url])).exitCode).toBe(0);
  });
});

/**
 * Helper-132's findings: two cockpits opening in the same second each recorded `trigger.fired`; after an outage both
 * uploaded `Deploy checkout-api:2 successful (current)`; two `r` pressed together recorded two resolves.
 */
describe('a fact two cockpits state at the same moment is recorded once', () => {
  const fired = { kind: 'trigger.fired', actor: 'cockpit', data: { trigger: 'fast-burn', slo: 'availability', burnRate: 20, threshold: 14.4 } } as const;
  const deployed = { kind: 'deploy.observed', actor: 'cockpit', data: { id: 'checkout-api:2', revision: '2', status: 'successful', current: true } } as const;

  it('observed together, and marked resolved together: one record each, and both appends answered with it', { timeout: 120_000 }, async () => {
    const { incidents } = await fresh();
    const alice = await create(incidents);
    const id = alice.incidentId;
    const bobOpened = await incidents.open({ id, responder: 'bob' });
    if (!bobOpened.ok) throw new Error(bobOpened.error.message);
    const bob = bobOpened.value.store;

    const [aFired, bFired] = await Promise.all([alice.append(fired), bob.append(fired)]);
    const [aDeployed, bDeployed] = await Promise.all([alice.append(deployed), bob.append(deployed)]);
    const [aResolved, bResolved] = await Promise.all([alice.append({ kind: 'incident.resolved', data: { summary: 'alice' } }), bob.append({ kind: 'incident.resolved', data: { summary: 'bob' } })]);
    expect([aFired.seq, aDeployed.seq, aResolved.seq]).toEqual([bFired.seq, bDeployed.seq, bResolved.seq]);
    expect(aResolved.id).toBe(bResolved.id);
    const [aReopened, bReopened] = await Promise.all([alice.append({ kind: 'incident.reopened', data: { reason: 'alice reopens' } }), bob.append({ kind: 'incident.reopened', data: { reason: 'bob reopens' } })]);
    expect(aReopened.id).toBe(bReopened.id);
    // A clear, then the trigger firing again: a new fact, recorded.
    await bob.append({ kind: 'trigger.cleared', actor: 'cockpit', data: { trigger: 'fast-burn', slo: 'availability' } });
    await alice.append(fired);
    await alice.close();
    await bob.close();
    expect((await chainTexts(incidents, id)).texts).toEqual(['incident.opened', 'trigger.fired', 'deploy.observed', 'incident.resolved', 'incident.reopened', 'trigger.cleared', 'trigger.fired']);
  });

  it('queued while the store was away, and recorded by a teammate meanwhile: not uploaded again, and out of the queue', { timeout: 120_000 }, async () => {
    const { localDir, incidents, proxy, id, store: alice } = await throughProxy();
    const bobOpened = await incidents.open({ id, responder: 'bob' });
    if (!bobOpened.ok) throw new Error(bobOpened.error.message);
    const bob = bobOpened.value.store;
    await proxy.cut();
    const { durable, recorded: aliceSaw } = appendEvent(alice, deployed);
    expect(await durable).toBe('queued');
    const bobSaw = await bob.append(deployed);
    await proxy.restore();
    expect((await aliceSaw).id).toBe(bobSaw.id);
    await eventually(() => alice.pending?.().length === 0, 'the queue settled');
    await alice.append({ kind: 'note', data: { text: 'after' } });
    await alice.close();
    await bob.close();
    expect((await chainTexts(incidents, id)).texts).toEqual(['incident.opened', 'deploy.observed', 'after']);
    expect(await queueFiles(localDir)).not.toContain('checkout-api:2');
  });
});

// helper-134: dave's note was queued (the store down), his cockpit killed, and the incident resolved by a teammate
// meanwhile. His next `cockpit open` of the service made a new incident; the note stayed in its file, unsaid, for good.
describe('events a stopped cockpit left queued for another incident', () => {
  it('are uploaded to it at the next open on this machine, and said', { timeout: 60_000 }, async () => {
    const { localDir, incidents } = await fresh();
    const store = await create(incidents);
    const id = store.incidentId;
    await store.append({ kind: 'incident.resolved', data: { summary: 'erin resolved it' } });
    await store.close();
    const { LocalQueue } = await import('../../../src/timeline/postgres/pgLocalQueue');
    const queue = await LocalQueue.open(localDir, id, new Date());
    if (!queue.ok) throw new Error(queue.error.message);
    await queue.value.add([{ v: 1, id: '01M9QUEUEDBEFORECRASH00000', at: new Date().toISOString(), incident: id, kind: 'note', actor: 'dave', drill: false, data: { text: 'dave note queued before crash' } } as PreparedEvent]);
    await queue.value.close();
    const said = await uploadLeftQueues(incidents, localDir, 'dave', []);
    expect(said).toEqual([`1 event(s) of ${id} left queued on this machine by a cockpit that stopped were recorded in it now`]);
    expect((await chainTexts(incidents, id)).texts).toEqual(['incident.opened', 'incident.resolved', 'dave note queued before crash']);
    expect(await queueFiles(localDir)).not.toContain('dave note');
    // Nothing left: nothing said.
    expect(await uploadLeftQueues(incidents, localDir, 'dave', [])).toEqual([]);
  });
});
