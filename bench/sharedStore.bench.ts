// The shared store beside the local one (reported, not asserted): durable append latency, one in
// flight, on the JSONL store (write + fdatasync) and on PostgreSQL on loopback with
// synchronous_commit=on (a transaction per append: head row lock, insert, commit, NOTIFY); follow
// latency (an append committed by one store until another store, on its own connections, has
// read it through its doorbell), with the other store in this process and in another process (a
// teammate's cockpit: the time until that process has the event and says so on a pipe), and their
// ratio; and ten responders appending at once. PostgreSQL is started here
// (initdb into a temp dir), as the tests do.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../src/timeline/eventStore';
import { openIncident, type CreateIncident } from '../src/timeline/openIncident';
import { pgIncidentStore } from '../src/timeline/postgres/pgIncidentStore';
import { migrate } from '../src/timeline/postgres/pgSchema';
import { startPostgres } from '../test/support/postgres';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 500);
const RESPONDERS = 10;
const FOLLOWS = 100;
const CREATE: CreateIncident = { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', drill: false, steps: [] };
const note = (i: number) => ({ kind: 'note' as const, data: { text: `observation ${i}: p95 latency 840ms on /checkout, 5xx at 3.1%` } });

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function report(label: string, samples: readonly number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const ms = (n: number) => n.toFixed(2).padStart(7);
  process.stdout.write(`${label.padEnd(48)} n=${String(sorted.length).padStart(5)}  p50 ${ms(quantile(sorted, 0.5))} ms  p99 ${ms(quantile(sorted, 0.99))} ms  max ${ms(sorted[sorted.length - 1] ?? 0)} ms\n`);
}

async function appendLatencies(store: EventStore, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await store.append(note(i));
    samples.push(performance.now() - start);
  }
  return samples;
}

const dataDir = await mkdtemp(join(tmpdir(), 'cockpit-bench-shared-'));
const server = await startPostgres();
try {
  process.stdout.write(`PostgreSQL: ${(await server.sql('SHOW server_version')).trim()}, synchronous_commit=${(await server.sql('SHOW synchronous_commit')).trim()}, fsync=${(await server.sql('SHOW fsync')).trim()}\n\n`);
  const local = await openIncident({ dataDir, responder: 'bench', create: CREATE });
  if (!local.ok) throw new Error(local.error.message);
  report('append, JSONL (write + fdatasync)', await appendLatencies(local.value.store, APPENDS));
  await local.value.store.close();

  const shared = pgIncidentStore(server.url);
  await migrate(shared.pool);
  const opened = await shared.open({ responder: 'bench', create: CREATE });
  if (!opened.ok) throw new Error(opened.error.message);
  const writer = opened.value.store;
  report('append, PostgreSQL (one transaction each)', await appendLatencies(writer, APPENDS));

  // Follow: another store on its own pool and LISTEN connection, waiting on its doorbell.
  const follower = pgIncidentStore(server.url);
  const watching = await follower.open({ id: writer.incidentId, responder: 'watcher', readOnly: true });
  if (!watching.ok) throw new Error(watching.error.message);
  const watch = watching.value.store;
  await watch.catchUp();
  const follows: number[] = [];
  for (let i = 0; i < FOLLOWS; i += 1) {
    const stop = new AbortController();
    const rung = watch.waitForChange!(5_000, stop.signal);
    const start = performance.now();
    const appended = await writer.append(note(i));
    for (;;) {
      await rung;
      const caught = await watch.catchUp();
      if (caught.events.some((e) => e.seq === appended.seq)) break;
    }
    follows.push(performance.now() - start);
  }
  report('follow: append → read by another store (NOTIFY)', follows);
  await watch.close();
  await follower.close();

  // The same, the follower in another process (as a teammate's cockpit).
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./fixtures/sharedFollower.ts', import.meta.url).pathname, server.url, writer.incidentId], { stdio: ['pipe', 'pipe', 'inherit'] });
  const seen = new Map<number, () => void>();
  const ready = new Promise<void>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve();
      const seq = Number(/^seen (\d+)$/.exec(line)?.[1]);
      seen.get(seq)?.();
    });
  });
  await ready;
  const crossFollows: number[] = [];
  for (let i = 0; i < FOLLOWS; i += 1) {
    const start = performance.now();
    // The writer is the only one appending here: its next seq is known before the commit, whose line may come first.
    const seq = writer.state().lastSeq + 1;
    const arrival = new Promise<void>((resolve) => seen.set(seq, resolve));
    const appended = await writer.append(note(i));
    if (appended.seq !== seq) throw new Error(`appended seq ${appended.seq}, expected ${seq}`);
    await arrival;
    crossFollows.push(performance.now() - start);
    seen.clear();
  }
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  report('follow: append → seen by another process', crossFollows);
  const p50 = (samples: readonly number[]) => quantile([...samples].sort((a, b) => a - b), 0.5);
  process.stdout.write(`${''.padEnd(48)} another process / same process, p50: ${(p50(crossFollows) / p50(follows)).toFixed(2)}x\n`);

  // Ten responders, each its own pool, appending to one incident at once.
  const responders = await Promise.all(
    Array.from({ length: RESPONDERS }, async (_, r) => {
      const incidents = pgIncidentStore(server.url);
      const own = await incidents.open({ id: writer.incidentId, responder: `responder-${r}` });
      if (!own.ok) throw new Error(own.error.message);
      return { incidents, store: own.value.store };
    }),
  );
  const started = performance.now();
  const all = (await Promise.all(responders.map(({ store }) => appendLatencies(store, APPENDS / 5)))).flat();
  const seconds = (performance.now() - started) / 1000;
  report(`append, PostgreSQL, ${RESPONDERS} responders at once`, all);
  process.stdout.write(`${''.padEnd(48)} ${(all.length / seconds).toFixed(0)} appends/s in total\n`);
  for (const { store, incidents } of responders) {
    await store.close();
    await incidents.close();
  }
  await writer.close();
  await shared.close();
} finally {
  await server.destroy();
  await rm(dataDir, { recursive: true, force: true });
}
