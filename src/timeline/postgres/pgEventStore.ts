import type pg from 'pg';
import { eventIdFactory } from '../eventIds';
import type { NewEvent, StoredEvent } from '../../core/events';
import type { IncidentState } from '../../core/incident';
import type { Redactor } from '../../core/redact';
import { LastSaid } from '../../core/restated';
import type { ActionLeases, CatchUp, EventStore, RecordingFailure, StoreUnreachable } from '../eventStore';
import { describeIoError } from '../ioError';
import { appendRefusal, foldOne, prepareEvent, type PreparedEvent, type SealContext } from '../storedEvents';
import { appendBatch, type Committed } from './pgAppendBatch';
import { describePgError, inTransaction, isUnreachable, type PgTarget } from './pgConnect';
import type { Doorbell } from './pgDoorbell';
import type { LocalQueue } from './pgLocalQueue';
import { nextDelay, RETRY_FIRST_MS, waitForRing } from './pgReconnect';
import { readVerified } from './pgRows';

interface Waiting {
  resolve(event: StoredEvent): void;
  reject(error: Error): void;
}

interface Pending extends Waiting {
  readonly event: NewEvent;
  readonly onQueued?: () => void;
}

/** Queued events uploaded per transaction (each a few parameters of one INSERT). */
const UPLOAD_CHUNK = 500;

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
  /** Where events wait while the database cannot be reached; without one, such appends are refused. */
  readonly queue?: LocalQueue;
  /** What the events read so far say (`LastSaid`): a queued event a teammate's said first is not uploaded again. */
  readonly said?: LastSaid;
}

/**
 * An incident's timeline in the shared PostgreSQL store. Several cockpits append to it at once:
 * each batch of appends is one transaction that locks the head row, reads what others committed
 * since this store last looked (folding it into `state()` in seq order), seals the batch after
 * it and commits. An append resolves only after COMMIT: recorded means committed.
 *
 * When the database cannot be reached, appends go to the local queue (see pgLocalQueue.ts) and
 * are acknowledged as queued once fsynced there; every later append queues behind them, so the
 * order the responder did things in is kept. A reconnect loop (backoff, woken by the doorbell's
 * reconnect, stopped by close) uploads them through the same transaction as any append, in
 * chunks, and each append resolves at its upload's COMMIT. Events whose id the shared timeline
 * already holds are taken as recorded, never sent again.
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
  /** Appends, uploads and catch-ups take turns: all move `current`. */
  private turn: Promise<unknown> = Promise.resolve();
  private flushQueued = false;
  private failure: RecordingFailure | undefined;
  private closed = false;
  private readonly seal: SealContext;
  /** The appends of queued events, by event id, resolved at their upload's COMMIT. */
  private readonly waiting = new Map<string, Waiting>();
  private unreachable: StoreUnreachable | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly stopping = new AbortController();
  private reconnecting: Promise<void> | undefined;
  /** Ends the reconnect loop's current wait: the database answered again. */
  private wake = new AbortController();
  /** The last event under each fact of the committed chain this store has read: what a teammate said already. */
  private readonly said: LastSaid;

  constructor(private readonly options: PgStoreOptions) {
    this.incidentId = options.id;
    this.readOnly = options.readOnly;
    this.leases = options.leases;
    this.current = options.state;
    this.lastHash = options.lastHash;
    this.said = options.said ?? new LastSaid();
    this.seal = { incident: options.id, drill: options.drill, redact: options.redact, responder: options.responder, now: options.now, nextId: eventIdFactory() };
    // Left by an earlier cockpit (one that crashed while the database was down): uploaded now.
    this.reconnect();
  }

  state(): IncidentState {
    return this.current;
  }

  append(event: NewEvent, onQueued?: () => void): Promise<StoredEvent> {
    const refusal = appendRefusal(this.incidentId, { readOnly: this.readOnly, closed: this.closed });
    if (refusal) return Promise.reject(refusal);
    return new Promise<StoredEvent>((resolve, reject) => {
      this.queue.push({ event, resolve, reject, ...(onQueued === undefined ? {} : { onQueued }) });
      if (this.flushQueued) return;
      this.flushQueued = true;
      this.turn = this.turn.then(() => this.flush());
    });
  }

  recordingFailure(): RecordingFailure | undefined {
    return this.failure;
  }

  pending(): readonly PreparedEvent[] {
    return this.options.queue?.entries() ?? [];
  }

  offline(): StoreUnreachable | undefined {
    return this.unreachable;
  }

  onStatus(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    await waitForRing(this.options.bell, this.incidentId, ms, signal);
  }

  /** Stops reconnecting; queued events not yet uploaded stay in the queue file for the next open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopping.abort();
    await this.reconnecting;
    await this.turn;
    const left = [...this.waiting.values()];
    this.waiting.clear();
    const notYet = new Error(`not recorded yet: queued in ${this.options.queue?.path ?? 'the local queue'}, uploaded when the incident is next opened`);
    for (const waiting of left) waiting.reject(notYet);
    await this.options.queue?.close();
    this.listeners.clear();
    await this.options.release();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async readNew(): Promise<CatchUp> {
    let read: Awaited<ReturnType<typeof readVerified>>;
    try {
      read = await readVerified(this.options.pool, this.incidentId, { count: this.current.lastSeq, lastHash: this.lastHash });
    } catch (error) {
      if (this.options.queue === undefined || !isUnreachable(error)) throw error;
      // Said by offline(), on screen; the follower looks again at its next interval.
      this.lost(error);
      return { events: [] };
    }
    this.reached();
    for (const event of read.events) this.current = foldOne(this.current, event);
    this.said.take(read.events);
    const last = read.events[read.events.length - 1];
    if (last !== undefined) this.lastHash = last.hash;
    // A queued event whose upload committed though its answer was lost: recorded, not sent again.
    await this.settleQueued(new Map(read.events.map((event) => [event.id, event])));
    const events = [...this.unseen.splice(0), ...read.events];
    return { events, ...(read.problem === undefined ? {} : { problem: read.problem }) };
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    // Stamped once: the same id and time whether recorded now or after a wait in the queue.
    const prepared = batch.map((pending) => prepareEvent(pending.event, this.seal));
    const queue = this.options.queue;
    // Behind events already queued: these wait their turn, so the upload keeps the order they were done in.
    if (queue !== undefined && (this.unreachable !== undefined || queue.entries().length > 0)) return this.enqueue(queue, batch, prepared);
    try {
      const committed = await inTransaction(this.options.pool, (client) => this.appendBatch(client, prepared));
      this.take(committed);
      this.failure = undefined;
      batch.forEach((pending, i) => pending.resolve(committed.sealed[i] as StoredEvent));
    } catch (error) {
      // Not reached (perhaps after COMMIT was sent: the id check at upload keeps it from being recorded twice).
      if (queue !== undefined && isUnreachable(error)) {
        this.lost(error);
        return this.enqueue(queue, batch, prepared);
      }
      const reason = describePgError(this.options.target, error);
      this.failure = { at: this.failure?.at ?? this.options.now().toISOString(), reason, path: this.options.target.where };
      const failed = new Error(`recording in the shared store ${this.options.target.where} failed: ${reason}`);
      for (const pending of batch) pending.reject(failed);
    }
  }

  /** Keeps a batch in the local queue: acknowledged as queued once fsynced, recorded at upload. */
  private async enqueue(queue: LocalQueue, batch: readonly Pending[], prepared: readonly PreparedEvent[]): Promise<void> {
    try {
      await queue.add(prepared);
    } catch (error) {
      const reason = `the shared store is unreachable and the local queue cannot be written: ${describeIoError(error)}`;
      this.failure = { at: this.failure?.at ?? this.options.now().toISOString(), reason, path: queue.path };
      const failed = new Error(`${reason} (${queue.path}); nothing was recorded`);
      for (const pending of batch) pending.reject(failed);
      return;
    }
    this.failure = undefined;
    batch.forEach((pending, i) => {
      this.waiting.set((prepared[i] as PreparedEvent).id, pending);
      pending.onQueued?.();
    });
    this.notify();
    this.reconnect();
  }

  /** Committed: the fold, the head and others' events are taken in (after COMMIT only: a rolled-back batch leaves this store as it was). */
  private take(committed: Committed): void {
    this.current = committed.state;
    this.lastHash = committed.head;
    this.unseen.push(...committed.others);
    this.said.take(committed.inserted);
    this.reached();
  }

  /** Queued events found recorded (by queued id: their own record, or a teammate's that said it first): out of the queue, their appends resolved. */
  private async settleQueued(recorded: ReadonlyMap<string, StoredEvent>): Promise<void> {
    const queue = this.options.queue;
    if (queue === undefined || queue.entries().length === 0) return;
    const mine = queue.entries().flatMap((queued) => (recorded.has(queued.id) ? [queued.id] : []));
    if (mine.length === 0) return;
    // Forgotten in memory even if the file cannot be rewritten now: the next open checks ids against the timeline.
    await queue.remove(new Set(mine)).catch(() => undefined);
    for (const id of mine) {
      this.waiting.get(id)?.resolve(recorded.get(id)!);
      this.waiting.delete(id);
    }
    this.notify();
  }

  private lost(error: unknown): void {
    const reason = describePgError(this.options.target, error);
    const was = this.unreachable;
    this.unreachable = { since: was?.since ?? this.options.now().toISOString(), reason, queue: this.options.queue?.path ?? '' };
    if (was?.reason !== reason) this.notify();
    this.reconnect();
  }

  private reached(): void {
    if (this.unreachable === undefined) return;
    this.unreachable = undefined;
    this.wake.abort();
    this.notify();
  }

  private needsUpload(): boolean {
    return !this.stopping.signal.aborted && this.options.queue !== undefined && (this.unreachable !== undefined || this.options.queue.entries().length > 0);
  }

  /** Starts the reconnect loop unless it runs; it ends once everything queued is recorded (or on close). */
  private reconnect(): void {
    if (this.reconnecting !== undefined || !this.needsUpload()) return;
    this.reconnecting = this.reconnectLoop().finally(() => {
      this.reconnecting = undefined;
      // Queued while the loop was ending: it starts again.
      this.reconnect();
    });
  }

  private async reconnectLoop(): Promise<void> {
    let delay = RETRY_FIRST_MS;
    while (this.needsUpload()) {
      if (this.unreachable !== undefined) {
        this.wake = new AbortController();
        await waitForRing(this.options.bell, this.incidentId, delay, AbortSignal.any([this.stopping.signal, this.wake.signal]));
        if (this.stopping.signal.aborted) return;
        delay = nextDelay(delay);
      }
      const attempt = this.turn.then(() => this.upload());
      this.turn = attempt.catch(() => undefined);
      if (await attempt.catch(() => false)) delay = RETRY_FIRST_MS;
    }
  }

  /** One try: the next chunk of the queue (or, with nothing queued, a look that the database answers). True when it was reached. */
  private async upload(): Promise<boolean> {
    const chunk = this.options.queue?.entries().slice(0, UPLOAD_CHUNK) ?? [];
    try {
      if (chunk.length === 0) {
        await this.options.pool.query('SELECT 1');
        this.reached();
        return true;
      }
      const committed = await inTransaction(this.options.pool, (client) => this.appendBatch(client, chunk));
      this.take(committed);
      // Queued by an earlier cockpit (no append here waits for them): they reach the timeline as
      // others' events do. Left out, the screen waited for them and showed nothing newer.
      this.unseen.push(...committed.inserted.filter((event) => !this.waiting.has(event.id)));
      await this.settleQueued(new Map(chunk.map((event, i) => [event.id, committed.sealed[i]!])));
      return true;
    } catch (error) {
      // Unreachable, or refused (a timeline that does not verify): still queued, and said on screen.
      this.lost(error);
      return false;
    }
  }

  private appendBatch(client: pg.PoolClient, batch: readonly PreparedEvent[]): Promise<Committed> {
    return appendBatch(client, this.incidentId, batch, { state: this.current, lastHash: this.lastHash }, this.said);
  }
}
