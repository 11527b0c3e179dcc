import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { GENESIS_HASH, type StoredEvent } from '../../core/events';
import { incidentId } from '../../core/incidentId';
import { createRedactor } from '../../core/redact';
import { fail, ok, type Result } from '../../core/result';
import type { IncidentSummary } from '../../core/summary';
import type { EventStore } from '../eventStore';
import type { CreateIncident } from '../openIncident';
import type { IncidentStore, StoreOpenOptions } from '../incidentStore';
import { foldOne, sealNewEvent } from '../storedEvents';
import { eventIdFactory } from '../eventIds';
import { createPool, describePgError, inTransaction, pgTarget, type PgTarget } from './pgConnect';
import { Doorbell } from './pgDoorbell';
import { LocalQueue } from './pgLocalQueue';
import { LastSaid } from '../../core/restated';
import { insertAfterHead, NOTIFY_CHANNEL } from './pgAppendBatch';
import { PostgresEventStore } from './pgEventStore';
import { pgLeases } from './pgLeases';
import { pgPresence } from './pgPresence';
import { openIncidentOf, readVerified } from './pgRows';
import { schemaProblem } from './pgSchema';
import { pgSource, readHead, readOpenedRow } from './pgSource';

/** Sayable suffixes for incidents of one service in one minute, then random ones (as in the JSONL store). */
const COUNTED_SAME_MINUTE = 100;

export interface PgIncidentStore extends IncidentStore {
  readonly kind: 'postgres';
  readonly pool: pg.Pool;
  readonly target: PgTarget;
}

export interface PgStoreSettings {
  /** How long a lease lives unrenewed (LEASE_TTL_MS). */
  readonly leaseTtlMs?: number;
  /** How long a presence mark lives unrenewed (PRESENCE_TTL_MS). */
  readonly presenceTtlMs?: number;
  /**
   * The local data dir: where a writable incident's events wait (queue/<incident>/) while the
   * database cannot be reached. Without it such appends are refused.
   */
  readonly localDir?: string;
}

/** The shared store at `url`: one pool and one doorbell for every incident this process opens. */
export function pgIncidentStore(url: string, env: NodeJS.ProcessEnv = process.env, options: PgStoreSettings = {}): PgIncidentStore {
  const target = pgTarget(url, env);
  const pool = createPool(target);
  const bell = new Doorbell(target, NOTIFY_CHANNEL);
  const where = target.where;
  const leases = pgLeases(pool, options.leaseTtlMs);
  const unreachable = (error: unknown): Result<never> => fail('unreachable', `shared store ${where}: ${describePgError(target, error)}`);
  const guarded = async <T>(work: () => Promise<Result<T>>): Promise<Result<T>> => {
    try {
      return await work();
    } catch (error) {
      return unreachable(error);
    }
  };

  async function open(options: StoreOpenOptions): Promise<Result<{ store: EventStore }>> {
    const problem = await schemaProblem(pool);
    if (problem !== undefined) return fail('unsupported', `shared store ${where}: ${problem}`);
    const now = options.now ?? (() => new Date());
    const redact = createRedactor(options.secrets);
    const common = { pool, target, redact, responder: options.responder, now, bell, leases, release: async () => undefined };
    bell.start();
    if (options.create !== undefined) {
      if (options.readOnly) return fail('unsupported', 'a new incident cannot be opened read-only');
      const made = await createIncident(options.create, options.responder, now, options.idNow ?? now, redact, options.unlessOpen);
      if ('open' in made) return fail('conflict', `${made.open} of ${options.create.service} was opened in ${options.create.environment} a moment ago, by another cockpit: open it`);
      const { opened, ...created } = made;
      const queue = await localQueue(created.id, now, []);
      if (!queue.ok) return queue;
      options.onEvent?.(opened);
      return ok({ store: new PostgresEventStore({ ...common, ...created, ...queue.value, drill: options.create.drill, readOnly: false }) });
    }
    const id = options.id ?? '';
    // Head and events from one snapshot: others append while this reads.
    const { head, read } = await inTransaction(pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const found = await readHead(client, id);
      return { head: found, read: found === undefined ? undefined : await readVerified(client, id, { count: 0, lastHash: GENESIS_HASH }) };
    });
    if (head === undefined || read === undefined) return fail('not-found', `no incident ${id} in ${where}`);
    const first = read.events[0];
    if (first === undefined) return fail('invalid-response', `incident ${id} cannot be read: ${read.problem ?? 'it has no events'}`);
    const last = read.events[read.events.length - 1] ?? first;
    const intact = read.problem === undefined && last.seq === head.seq && last.hash === head.hash;
    if (!intact && !options.readOnly) {
      const why = read.problem ?? `its head row says ${head.seq} events (head ${head.hash}) but ${last.seq} verify`;
      return fail('invalid-response', `the shared timeline of ${id} does not verify (${why}); nothing will be appended to it. Run cockpit verify ${id}, or open it read-only`);
    }
    let state = foldOne(undefined, first);
    for (const event of read.events.slice(1)) state = foldOne(state, event);
    const queue = options.readOnly ? ok({}) : await localQueue(id, now, read.events);
    if (!queue.ok) return queue;
    for (const event of read.events) options.onEvent?.(event);
    const said = new LastSaid();
    said.take(read.events);
    return ok({ store: new PostgresEventStore({ ...common, ...queue.value, id, drill: first.drill, state, lastHash: last.hash, readOnly: options.readOnly ?? false, said }) });
  }

  /**
   * A writable incident's local queue, with what an earlier cockpit left in it (uploaded by the
   * store as it starts), less the events the shared timeline already holds (uploaded before a
   * crash let the file be rewritten). Another cockpit of the incident on this machine holds it:
   * then this one has none, and its appends are refused while the database is down.
   */
  async function localQueue(id: string, now: () => Date, recorded: readonly StoredEvent[]): Promise<Result<{ queue?: LocalQueue }>> {
    if (options.localDir === undefined) return ok({});
    const opened = await LocalQueue.open(options.localDir, id, now());
    if (!opened.ok) return opened.error.kind === 'conflict' ? ok({}) : opened;
    const queue = opened.value;
    // Forgotten in memory even if the file cannot be rewritten now (they are checked again at the next open).
    if (queue.entries().length > 0) await queue.remove(new Set(recorded.map((event) => event.id))).catch(() => undefined);
    return ok({ queue });
  }

  /**
   * A fresh id (insert-if-absent is atomic, so two cockpits never share one) and its incident.opened, in one transaction;
   * `unlessOpen`: under a lock on the service and environment, the open incident found instead, if there is one.
   */
  async function createIncident(create: CreateIncident, responder: string, now: () => Date, idNow: () => Date, redact: ReturnType<typeof createRedactor>, unlessOpen?: StoreOpenOptions['unlessOpen']) {
    const { drill, ...data } = create;
    const at = now().toISOString();
    const stamp = idNow().toISOString();
    for (let attempt = 1; ; attempt += 1) {
      const id = attempt <= COUNTED_SAME_MINUTE ? incidentId(stamp, create.service, attempt) : `${incidentId(stamp, create.service)}-${randomBytes(3).toString('hex')}`;
      const made = await inTransaction(pool, async (client) => {
        const found = unlessOpen === undefined ? undefined : await openIncidentOf(client, unlessOpen);
        if (found !== undefined) return { open: found };
        const inserted = await client.query('INSERT INTO cockpit_incidents (id, head_seq, head_hash, opened_at, summary) VALUES ($1, 0, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [id, GENESIS_HASH, at, '{}']);
        if (inserted.rowCount !== 1) return undefined;
        const seal = { incident: id, drill, redact, responder, now, nextId: eventIdFactory() };
        const { stored, line } = sealNewEvent({ kind: 'incident.opened', data, at }, 1, GENESIS_HASH, seal);
        const state = foldOne(undefined, stored);
        await insertAfterHead(client, id, [{ seq: 1, line }], { seq: 1, hash: stored.hash }, state);
        return { id, state, lastHash: stored.hash, opened: stored };
      });
      if (made !== undefined) return made;
    }
  }

  return {
    kind: 'postgres',
    where,
    pool,
    target,
    source: pgSource(pool, target),
    presence: pgPresence(pool, bell, options.presenceTtlMs),
    open: (options) => guarded(() => open(options)),
    readOpened: (id) => guarded(() => readOpenedRow(pool, id, where)),
    async list(): Promise<IncidentSummary[]> {
      try {
        const rows = await pool.query<{ summary: IncidentSummary }>('SELECT summary FROM cockpit_incidents WHERE head_seq > 0 ORDER BY opened_at DESC, id DESC');
        return rows.rows.map((row) => row.summary);
      } catch (error) {
        throw new Error(`shared store ${where}: ${describePgError(target, error)}`);
      }
    },
    async close() {
      await bell.close();
      await pool.end();
    },
  };
}
