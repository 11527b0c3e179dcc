import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION } from '../../../src/timeline/postgres/pgSchema';
import { pgIncidentStore, type PgIncidentStore } from '../../../src/timeline/postgres/pgIncidentStore';
import { verifyIncident } from '../../../src/timeline/verifyIncident';
import { cockpit } from '../../support/cli';
import { startPostgres, type PostgresServer } from '../../support/postgres';
import { bundledWorker, CREATE, mustOpen } from './helpers';
import { openHarness } from '../../support/sessionHarness';

let server: PostgresServer;
let scratch: string;
let WORKER: string;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cockpit-pgstore-'));
  [server, WORKER] = await Promise.all([startPostgres(), bundledWorker(scratch, 'pgWriter')]);
}, 120_000);

afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await server?.destroy();
  await rm(scratch, { recursive: true, force: true });
});

let databases = 0;
/** A fresh database for each test: tests do not see each other's incidents. */
async function freshStore(migrated = true): Promise<{ url: string; store: PgIncidentStore }> {
  databases += 1;
  const url = await server.createDatabase(`cockpit_${databases}`);
  const store = pgIncidentStore(url);
  cleanup.push(() => store.close());
  if (migrated) await migrate(store.pool);
  return { url, store };
}

function runWriter(url: string, id: string, count: number, responder: string): Promise<{ acked?: number[]; refused?: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [url, id, String(count), responder], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let answer: { acked?: number[]; refused?: string } | undefined;
    child.on('message', (message) => {
      answer = message as typeof answer;
    });
    child.once('error', reject);
    child.once('exit', (code) => (answer === undefined ? reject(new Error(`writer exited ${code} without an answer`)) : resolve(answer)));
  });
}

describe('the shared store on a real PostgreSQL', () => {
  it('migrate run twice at once from two processes applies the schema once; both succeed', { timeout: 60_000 }, async () => {
    databases += 1;
    const url = await server.createDatabase(`cockpit_${databases}`);
    const [a, b] = await Promise.all([cockpit(['store', 'migrate', '--store', url]), cockpit(['store', 'migrate', '--store', url])]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect([a.stdout, b.stdout].sort().join('')).toMatch(new RegExp(`migrated from version 0 to ${SCHEMA_VERSION}[\\s\\S]*already at version ${SCHEMA_VERSION}|already at version ${SCHEMA_VERSION}[\\s\\S]*migrated from version 0 to ${SCHEMA_VERSION}`));
    expect(await server.sql('SELECT count(*) FROM cockpit_schema', `cockpit_${databases}`)).toBe(String(SCHEMA_VERSION));
    const again = await cockpit(['store', 'migrate', '--store', url]);
    expect(again).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`already at version ${SCHEMA_VERSION}`) });
  });

  it('a store that was never migrated is refused with what to run', { timeout: 30_000 }, async () => {
    const { store } = await freshStore(false);
    const opened = await store.open({ responder: 'alice', create: CREATE });
    expect(opened).toMatchObject({ ok: false, error: { message: expect.stringContaining('cockpit store migrate') } });
  });

  it('eight concurrent writers in separate processes produce one gapless chain that cockpit verify --store passes', { timeout: 120_000 }, async () => {
    const { url, store } = await freshStore();
    const created = await store.open({ responder: 'alice', create: CREATE });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.store.incidentId;
    await created.value.store.close();

    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => runWriter(url, id, 40, `writer-${i}`)));
    const acked = answers.flatMap((a) => a.acked ?? []);
    expect(answers.map((a) => a.refused)).toEqual(Array(8).fill(undefined));
    // Every acknowledged seq is distinct, and together with the opening event they are 1..321.
    expect(new Set(acked).size).toBe(320);
    expect([1, ...acked].sort((x, y) => x - y)).toEqual(Array.from({ length: 321 }, (_, i) => i + 1));

    const verify = await cockpit(['verify', id, '--store', url, '--json']);
    expect(verify.exitCode).toBe(0);
    const verified = JSON.parse(verify.stdout) as { intact: boolean; events: number; lastHash: string; anchor: { check: { status: string }; anchor: { events: number; head: string } } };
    expect(verified).toMatchObject({ intact: true, events: 321, anchor: { check: { status: 'match' }, anchor: { events: 321, head: verified.lastHash } } });

    const exported = await cockpit(['export', id, '--format', 'json', '--store', url]);
    expect(exported.exitCode).toBe(0);
    expect((JSON.parse(exported.stdout) as { events: unknown[] }).events).toHaveLength(321);
    const listed = await cockpit(['incidents', '--store', url, '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, service: 'checkout-api', status: 'open' })]);
  });

  it('a changed row is caught by verify (the hash is re-derived from the stored line)', { timeout: 30_000 }, async () => {
    const { url, store } = await freshStore();
    const created = await store.open({ responder: 'alice', create: CREATE });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.store.incidentId;
    await created.value.store.append({ kind: 'note', data: { text: 'rolled back to :41' } });
    await created.value.store.close();
    await server.sql(`UPDATE cockpit_events SET line = replace(line, ':41', ':42') WHERE incident = '${id}' AND seq = 2`, `cockpit_${databases}`);
    const verify = await cockpit(['verify', id, '--store', url]);
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toContain('broken at seq 2: hash does not match the line');
  });

  it('import uploads a local incident with its chain intact: verify on the shared store finds the same head', { timeout: 60_000 }, async () => {
    const { url } = await freshStore();
    const dataDir = join(scratch, 'local');
    const local = await mustOpen({ dataDir, create: CREATE });
    for (let i = 0; i < 30; i += 1) await local.store.append({ kind: 'note', data: { text: `local note ${i}` } });
    await local.store.close();
    const id = local.store.incidentId;
    const localHead = await verifyIncident(dataDir, id);
    if (!localHead.ok) throw new Error(localHead.error.message);

    const imported = await cockpit(['store', 'import', id, '--store', url], { env: { COCKPIT_DATA_DIR: dataDir } });
    expect(imported).toMatchObject({ exitCode: 0, stdout: expect.stringContaining(`31 events, head ${localHead.value.lastHash}`) });
    const verify = await cockpit(['verify', id, '--store', url, '--expect-head', localHead.value.lastHash]);
    expect(verify.exitCode).toBe(0);
    expect(verify.stdout).toContain(`intact, 31 events, last hash ${localHead.value.lastHash}`);
    const twice = await cockpit(['store', 'import', id, '--store', url], { env: { COCKPIT_DATA_DIR: dataDir } });
    expect(twice).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('already has an incident') });

    // Resumed from the shared store, the chain goes on from the imported head.
    const store = pgIncidentStore(url);
    cleanup.push(() => store.close());
    const resumed = await store.open({ id, responder: 'bob' });
    if (!resumed.ok) throw new Error(resumed.error.message);
    expect((await resumed.value.store.append({ kind: 'note', data: { text: 'after import' } })).prev).toBe(localHead.value.lastHash);
    await resumed.value.store.close();
    expect((await cockpit(['verify', id, '--store', url])).exitCode).toBe(0);
  });

  it('an append resolves only after COMMIT: a writer that cannot commit rejects, and the store records again once it can', { timeout: 60_000 }, async () => {
    const { store } = await freshStore();
    const created = await store.open({ responder: 'alice', create: CREATE });
    if (!created.ok) throw new Error(created.error.message);
    const writer = created.value.store;
    // Held by another session: the head row lock makes the append wait, then the trigger makes it fail.
    await server.sql(`CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql; CREATE TRIGGER refuse BEFORE INSERT ON cockpit_events FOR EACH ROW EXECUTE FUNCTION refuse()`, `cockpit_${databases}`);
    await expect(writer.append({ kind: 'note', data: { text: 'not recorded' } })).rejects.toThrow(/refused by test/);
    expect(writer.recordingFailure()).toMatchObject({ reason: expect.stringContaining('refused by test') });
    expect(writer.state().lastSeq).toBe(1);
    await server.sql('DROP TRIGGER refuse ON cockpit_events', `cockpit_${databases}`);
    expect((await writer.append({ kind: 'note', data: { text: 'recorded' } })).seq).toBe(2);
    expect(writer.recordingFailure()).toBeUndefined();
    await writer.close();
  });
});

describe('the database going away mid-incident', () => {
  it('loses nothing acknowledged: appends while it is down are refused (never acknowledged), and recording and following resume when it is back', { timeout: 120_000 }, async () => {
    const { store } = await freshStore();
    const created = await store.open({ responder: 'alice', create: CREATE });
    if (!created.ok) throw new Error(created.error.message);
    const writer = created.value.store;
    const follower = pgIncidentStore(store.target.url);
    cleanup.push(() => follower.close());
    const watching = await follower.open({ id: writer.incidentId, responder: 'bob', readOnly: true });
    if (!watching.ok) throw new Error(watching.error.message);
    const watch = watching.value.store;
    const acked: string[] = [];
    for (let i = 0; i < 5; i += 1) acked.push((await writer.append({ kind: 'note', data: { text: `before ${i}` } })).hash);

    await server.stop();
    await expect(writer.append({ kind: 'note', data: { text: 'while down' } })).rejects.toThrow(/shared store postgres:\/\/postgres@127\.0\.0\.1/);
    expect(writer.recordingFailure()).toBeDefined();
    await server.start();

    // The pool reconnects on the next append; the chain goes on from the last acknowledged event.
    for (let i = 0; i < 5; i += 1) acked.push((await writer.append({ kind: 'note', data: { text: `after ${i}` } })).hash);
    expect(writer.recordingFailure()).toBeUndefined();
    // The follower's doorbell reconnects and rings: it reads everything after the last seq it saw.
    const seen: string[] = [];
    for (let look = 0; look < 100 && seen.length < 10; look += 1) {
      await watch.waitForChange!(1_000, AbortSignal.timeout(5_000));
      seen.push(...(await watch.catchUp()).events.map((e) => e.hash));
    }
    expect(seen).toEqual(acked);
    await watch.close();
    await writer.close();
    const events: string[] = [];
    const scanned = await store.source.scan(writer.incidentId, { onEvent: (e) => void events.push(e.kind === 'note' ? (e.data as { text: string }).text : e.kind) });
    expect(scanned).toMatchObject({ ok: true, value: { count: 11 } });
    expect(events).toEqual(['incident.opened', ...[0, 1, 2, 3, 4].map((i) => `before ${i}`), ...[0, 1, 2, 3, 4].map((i) => `after ${i}`)]);
  });
});

// Node 20 loses an AbortSignal.timeout inside AbortSignal.any to a garbage collection (nodejs/node#57736): the
// beat waited on one, and stopped on an idle incident; a killed teammate stayed "also here", and a second drill
// driver was let in beside a live one.
describe('presence on an idle incident', () => {
  it('beats through garbage collections with nothing recorded: the mark never expires, and goes when the cockpit does', { timeout: 60_000 }, async () => {
    databases += 1;
    const url = await server.createDatabase(`cockpit_${databases}`);
    const store = pgIncidentStore(url, process.env, { presenceTtlMs: 450, localDir: join(scratch, `presence-${databases}`) });
    cleanup.push(() => store.close());
    await migrate(store.pool);
    const opened = await store.open({ responder: 'alice', create: CREATE, secrets: [] });
    if (!opened.ok) throw new Error(opened.error.message);
    const incident = opened.value.store.incidentId;
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const board = store.presence!;
    const leave = new AbortController();
    const attending = board.attend({ incident, responder: 'alice', readOnly: false }, leave.signal, () => undefined);
    const seen: number[] = [];
    for (let look = 0; look < 6; look += 1) {
      gc();
      await sleep(300);
      seen.push((await board.present(incident)).length);
    }
    leave.abort();
    await attending;
    expect(seen).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await board.present(incident)).toEqual([]);
    await opened.value.store.close();
  });
});

describe('the password of the shared store', () => {
  let secured: PostgresServer;
  const PASSWORD = 'Zq9-sekrit-pw-771';
  beforeAll(async () => {
    secured = await startPostgres({ password: PASSWORD });
  }, 120_000);
  afterAll(async () => secured?.destroy());

  it('never reaches the timeline, the log file or an error message', { timeout: 60_000 }, async () => {
    const dataDir = join(scratch, 'pw');
    const env = { COCKPIT_DATA_DIR: dataDir };
    expect((await cockpit(['store', 'migrate', '--store', secured.url], { env })).exitCode).toBe(0);
    const store = pgIncidentStore(secured.url);
    const created = await store.open({ responder: 'alice', create: CREATE });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.store.incidentId;
    await created.value.store.append({ kind: 'note', data: { text: `the store is ${secured.url}` } });
    await created.value.store.close();
    await store.close();
    const lines = await secured.sql('SELECT string_agg(line, E\'\\n\') FROM cockpit_events');
    expect(lines).toContain('the store is postgres://postgres:');
    expect(lines).not.toContain(PASSWORD);

    const wrongPassword = secured.url.replace(PASSWORD, 'Wr0ng-pw-4242');
    const refused = await cockpit(['verify', id, '--store', wrongPassword], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('password authentication failed');
    expect(refused.stderr).toContain(`postgres://postgres@127.0.0.1:${secured.port}/postgres`);
    expect(refused.stderr).not.toContain('Wr0ng-pw-4242');
    const viaEnv = await cockpit(['incidents', '--store', `postgres://postgres@127.0.0.1:${secured.port}/nope`], { env: { ...env, PGPASSWORD: PASSWORD } });
    expect(viaEnv.exitCode).toBe(2);
    expect(viaEnv.stderr).toContain('database "nope" does not exist');
    expect(viaEnv.stderr).not.toContain(PASSWORD);
    const ok = await cockpit(['verify', id], { env: { ...env, COCKPIT_STORE: secured.url } });
    expect(ok.exitCode).toBe(0);
    expect(`${ok.stdout}${ok.stderr}`).not.toContain(PASSWORD);
    const log = await readFile(join(dataDir, 'cockpit.log'), 'utf8').catch(() => '');
    expect(log).not.toContain(PASSWORD);
  });
});

// A shared-store play-test: two (then three) responders pressed Enter on `cockpit open RUNBOOK` at the same moment: each
// made an incident (`…-cart-api`, `…-cart-api-2`), and worked apart, unknowing.
describe('responders opening the service at the same moment', () => {
  it('all open one incident: the creation is checked under a lock, and the one made first is resumed', { timeout: 90_000 }, async () => {
    const { url } = await freshStore();
    const opened = await Promise.all(
      ['alice', 'bob', 'carol'].map(async (responder) => {
        const incidents = pgIncidentStore(url);
        cleanup.push(() => incidents.close());
        const harness = await openHarness({ incidents, responder, resumeOpen: true, dataDir: join(scratch, `${responder}-same-moment`) });
        cleanup.push(() => harness.cleanup());
        return harness.session.incidentId;
      }),
    );
    expect(new Set(opened).size).toBe(1);
    const listed = await cockpit(['incidents', '--store', url, '--json']);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((incident) => incident.id)).toEqual([opened[0]]);
  });

  it('the store refuses to create one while the service has an open incident in that environment, naming it', { timeout: 30_000 }, async () => {
    const { store } = await freshStore();
    const first = await store.open({ responder: 'alice', create: CREATE, unlessOpen: { service: 'checkout-api', environment: 'production' } });
    if (!first.ok) throw new Error(first.error.message);
    await first.value.store.close();
    const second = await store.open({ responder: 'bob', create: CREATE, unlessOpen: { service: 'checkout-api', environment: 'production' } });
    expect(second).toMatchObject({ ok: false, error: { kind: 'conflict', message: `${first.value.store.incidentId} of checkout-api was opened in production a moment ago, by another cockpit: open it` } });
    // Elsewhere, or asked for a new one (`--new`): made.
    const staging = await store.open({ responder: 'bob', create: { ...CREATE, environment: 'staging' }, unlessOpen: { service: 'checkout-api', environment: 'staging' } });
    expect(staging.ok).toBe(true);
    if (staging.ok) await staging.value.store.close();
  });
});
