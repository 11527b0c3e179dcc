import type pg from 'pg';
import { eventIdFactory } from '../eventIds';
import type { NewEvent, StoredEvent } from '../../core/events';
import type { IncidentState } from '../../core/incident';
import type { Redactor } from '../../core/redact';
import { summarize } from '../../core/summary';
import type { ActionLeases, CatchUp, EventStore, RecordingFailure } from '../eventStore';
import { appendRefusal, foldOne, sealNewEvent, type SealContext } from '../storedEvents';
import { describePgError, inTransaction, type PgTarget } from './pgConnect';
import type { Doorbell } from './pgDoorbell';
import { readVerified } from './pgRows';

export const NOTIFY_CHANNEL = 'cockpit_events';

interface Pending {
  readonly event: NewEvent;
  resolve(event: StoredEvent): void;
  reject(error: Error): void;
}

export interface PgStoreOptions {
  readonly pool: pg.Pool;
  readonly target: PgTarget;
  readonly id: string;
  readonly drill: boolean;
  /** The fold of the events read so far. */
  readonly state: IncidentState;
  readonly lastHash: string;
  readonly readOnly: boolean;
  readonly redact: Redactor;
  readonly responder: string;
  readonly now: () => Date;
  /** Rings when any cockpit commits to the store (LISTEN/NOTIFY). */
  readonly bell: Doorbell;
  readonly leases: ActionLeases;
  /** Closes what this store alone uses (its pool and bell). */
  readonly release: () => Promise<void>;
}

/**
 * Inserts sealed events after the incident's head, inside the caller's transaction, whose head
 * row lock (`FOR UPDATE`) makes every writer take its turn: seq stays gapless and each `prev` is
 * the hash of the event before it, whoever wrote that. NOTIFY is sent at commit, never before.
 */
export async function insertAfterHead(client: pg.ClientBase, incident: string, lines: readonly { seq: number; line: string }[], head: { seq: number; hash: string }, state: IncidentState): Promise<void> {
  if (lines.length === 0) return;
  const values = lines.map((_, i) => `($1, $${i * 2 + 2}, $${i * 2 + 3})`).join(', ');
  await client.query(`INSERT INTO cockpit_events (incident, seq, line) VALUES ${values}`, [incident, ...lines.flatMap((l) => [l.seq, l.line])]);
  await client.query('UPDATE cockpit_incidents SET head_seq = $2, head_hash = $3, summary = $4 WHERE id = $1', [incident, head.seq, head.hash, JSON.stringify(summarize(state))]);
  await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, incident]);
}

/**
 * An incident's timeline in the shared PostgreSQL store. Several cockpits append to it at once:
 * each batch of appends is one transaction that locks the head row, reads what others committed
 * since this store last looked (folding it into `state()` in seq order), seals the batch after
 * it and commits. An append resolves only after COMMIT: recorded means committed.
 *
 * Events others recorded reach the session through `catchUp` (on every ring of the doorbell, and
 * at least every second), exactly as a read-only watcher's do.
 */
export class PostgresEventStore implements EventStore {
  readonly incidentId: string;
  readonly readOnly: boolean;
  readonly shared = true;
  readonly leases: ActionLeases;
  private current: IncidentState;
  private lastHash: string;
  /** Others' events already folded into `current` (taken in during an append), not yet handed out. */
  private unseen: StoredEvent[] = [];
  private readonly queue: Pending[] = [];
  /** Appends and catch-ups take turns: both move `current`. */
  private turn: Promise<unknown> = Promise.resolve();
  private flushQueued = false;
  private failure: RecordingFailure | undefined;
  private closed = false;
  private readonly seal: SealContext;

  constructor(private readonly options: PgStoreOptions) {
    this.incidentId = options.id;
    this.readOnly = options.readOnly;
    this.leases = options.leases;
    this.current = options.state;
    this.lastHash = options.lastHash;
    this.seal = { incident: options.id, drill: options.drill, redact: options.redact, responder: options.responder, now: options.now, nextId: eventIdFactory() };
  }

  state(): IncidentState {
    return this.current;
  }

  append(event: NewEvent): Promise<StoredEvent> {
    const refusal = appendRefusal(this.incidentId, { readOnly: this.readOnly, closed: this.closed });
    if (refusal) return Promise.reject(refusal);
    return new Promise<StoredEvent>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (this.flushQueued) return;
      this.flushQueued = true;
      this.turn = this.turn.then(() => this.flush());
    });
  }

  recordingFailure(): RecordingFailure | undefined {
    return this.failure;
  }

  async *events(signal?: AbortSignal): AsyncIterable<StoredEvent> {
    // Up to what this store has folded: events newer than that reach the session through catchUp.
    const upTo = this.current.lastSeq;
    const { events } = await readVerified(this.options.pool, this.incidentId, { count: 0, lastHash: '' }, upTo);
    for (const event of events) {
      signal?.throwIfAborted();
      yield event;
    }
  }

  catchUp(): Promise<CatchUp> {
    if (this.closed) return Promise.resolve({ events: [] });
    const look = this.turn.then(() => this.readNew());
    this.turn = look.catch(() => undefined);
    return look;
  }

  /** Resolves at the next ring of the doorbell, after `ms`, or when `signal` aborts. */
  async waitForChange(ms: number, signal: AbortSignal): Promise<void> {
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(ms)]);
    await this.options.bell.next(this.incidentId, timeout);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.turn;
    await this.options.release();
  }

  private async readNew(): Promise<CatchUp> {
    const read = await readVerified(this.options.pool, this.incidentId, { count: this.current.lastSeq, lastHash: this.lastHash });
    for (const event of read.events) this.current = foldOne(this.current, event);
    const last = read.events[read.events.length - 1];
    if (last !== undefined) this.lastHash = last.hash;
    const events = [...this.unseen.splice(0), ...read.events];
    return { events, ...(read.problem === undefined ? {} : { problem: read.problem }) };
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    try {
      const { sealed, others, state, head } = await inTransaction(this.options.pool, (client) => this.appendBatch(client, batch));
      // Taken in only after COMMIT: a rolled-back batch leaves this store as it was.
      this.current = state;
      this.lastHash = head;
      this.failure = undefined;
      this.unseen.push(...others);
      batch.forEach((pending, i) => pending.resolve(sealed[i] as StoredEvent));
    } catch (error) {
      const reason = describePgError(this.options.target, error);
      this.failure = { at: this.failure?.at ?? this.options.now().toISOString(), reason, path: this.options.target.where };
      const failed = new Error(`recording in the shared store ${this.options.target.where} failed: ${reason}`);
      for (const pending of batch) pending.reject(failed);
    }
  }

  private async appendBatch(client: pg.PoolClient, batch: readonly Pending[]): Promise<{ sealed: StoredEvent[]; others: StoredEvent[]; state: IncidentState; head: string }> {
    const head = await client.query<{ head_seq: string; head_hash: string }>('SELECT head_seq, head_hash FROM cockpit_incidents WHERE id = $1 FOR UPDATE', [this.incidentId]);
    const row = head.rows[0];
    if (row === undefined) throw new Error(`incident ${this.incidentId} is not in the shared store`);
    let state = this.current;
    let prev = this.lastHash;
    const others: StoredEvent[] = [];
    if (Number(row.head_seq) > state.lastSeq) {
      // Others committed since this store last looked: their events come first, in the chain and in the fold.
      const read = await readVerified(client, this.incidentId, { count: state.lastSeq, lastHash: prev });
      if (read.problem !== undefined) throw new Error(`the shared timeline does not verify at ${read.problem}; nothing was appended`);
      for (const event of read.events) state = foldOne(state, event);
      others.push(...read.events);
      prev = others[others.length - 1]?.hash ?? prev;
    }
    const sealed: StoredEvent[] = [];
    const lines: { seq: number; line: string }[] = [];
    for (const { event } of batch) {
      const { stored, line } = sealNewEvent(event, state.lastSeq + 1, prev, this.seal);
      sealed.push(stored);
      lines.push({ seq: stored.seq, line });
      state = foldOne(state, stored);
      prev = stored.hash;
    }
    await insertAfterHead(client, this.incidentId, lines, { seq: state.lastSeq, hash: prev }, state);
    return { sealed, others, state, head: prev };
  }
}
