import { fstatSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { NewEvent, StoredEvent } from '../core/events';
import { sealAt } from '../core/hashChain';
import type { IncidentState } from '../core/incident';
import type { Redactor } from '../core/redact';
import { summarize } from '../core/summary';
import type { CatchUp, EventStore, RecordingFailure } from './eventStore';
import { eventIdFactory } from './eventIds';
import { readIndex, writeIndex } from './incidentIndex';
import { describeIoError } from './ioError';
import type { HeldLock } from './lock';
import { readTail, type TailPosition } from './logTail';
import { EVENTS_FILE } from './paths';
import { readVerifiedEvents } from './readEvents';
import { appendRefusal, checkOpensIncident, foldOne, prepareEvent } from './storedEvents';
import { writeSynced } from './syncedWrite';

/** How often a burst of appends rewrites incident.json (a follower sees an append this much later at most). */
const INDEX_INTERVAL_MS = 200;

interface Pending {
  readonly event: NewEvent;
  resolve(event: StoredEvent): void;
  reject(error: Error): void;
}

export interface JsonlStoreOptions {
  readonly dir: string;
  readonly id: string;
  readonly drill: boolean;
  /** The fold so far; absent for a new incident, whose first append must be incident.opened. */
  readonly state?: IncidentState;
  readonly lastHash: string;
  /** Open for append; absent for a read-only store. */
  readonly handle?: FileHandle;
  readonly lock?: HeldLock;
  /** Read-only: how far the log was read when opened (end of its last verified line), to follow the writer from. */
  readonly verifiedBytes?: number;
  readonly redact: Redactor;
  /** Actor of events that do not name one. */
  readonly responder: string;
  readonly now: () => Date;
}

/**
 * The default store: `events.jsonl` in the incident's directory (format in hashChain.ts).
 *
 * Group commit: appends queue up while a write+fsync is in flight, then go out together in one
 * write and one fdatasync. Each caller's promise resolves only after its own bytes are synced,
 * and seq follows call order.
 *
 * A failed write (ENOSPC, EIO, a short write, a failed fdatasync) fails its whole batch and
 * every append queued behind it; the file is cut back to the end of the last synced batch, so
 * the log stays a valid prefix. The store then reports the failure (`recordingFailure`) and
 * tries again with the next append: once the disk has room, recording resumes where the last
 * acknowledged event left off. If even the cut fails, reopening quarantines the partial tail.
 */
export class JsonlEventStore implements EventStore {
  readonly incidentId: string;
  readonly readOnly: boolean;
  private current: IncidentState | undefined;
  private lastHash: string;
  private readonly queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failure: RecordingFailure | undefined;
  /** Bytes of the log that hold synced, acknowledged events; undefined until first needed. */
  private syncedSize: number | undefined;
  private closed = false;
  private indexing: Promise<void> = Promise.resolve();
  private indexQueued = false;
  /** A burst's index write, waiting for INDEX_INTERVAL_MS to pass since the last one. */
  private indexTimer: NodeJS.Timeout | undefined;
  private lastIndexAt = Number.NEGATIVE_INFINITY;
  private readonly nextId = eventIdFactory();
  /** Read-only: how far the writer's log has been followed. */
  private tail: TailPosition | undefined;

  constructor(private readonly options: JsonlStoreOptions) {
    this.incidentId = options.id;
    this.readOnly = options.handle === undefined;
    this.current = options.state;
    this.lastHash = options.lastHash;
    if (this.readOnly && options.verifiedBytes !== undefined && options.state !== undefined) {
      this.tail = { offset: options.verifiedBytes, count: options.state.lastSeq, lastHash: options.lastHash, incident: options.id };
    }
  }

  get path(): string {
    return join(this.options.dir, EVENTS_FILE);
  }

  state(): IncidentState {
    if (this.current === undefined) throw new Error(`incident ${this.incidentId} has no incident.opened event yet`);
    return this.current;
  }

  append(event: NewEvent): Promise<StoredEvent> {
    const refusal = appendRefusal(this.incidentId, { readOnly: this.readOnly, closed: this.closed });
    if (refusal) return Promise.reject(refusal);
    return new Promise<StoredEvent>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      // A microtask later, so the appends of this same turn (an intent's events) are one batch:
      // nobody sees the state between them, and they cost one fdatasync.
      this.flushing ??= Promise.resolve().then(() => this.flush());
    });
  }

  recordingFailure(): RecordingFailure | undefined {
    return this.failure;
  }

  events(signal?: AbortSignal): AsyncIterable<StoredEvent> {
    // Up to what this store knows was recorded: an append in flight is not half-read.
    return readVerifiedEvents(this.path, this.current?.lastSeq ?? 0, signal);
  }

  async catchUp(): Promise<CatchUp> {
    if (this.tail === undefined || this.closed) return { events: [] };
    // The anchor counts only synced events: a batch the writer may still cut back (a failed fdatasync) is not shown.
    const anchor = (await readIndex(this.options.dir))?.anchor;
    const read = await readTail(this.path, this.tail, anchor === undefined ? {} : { upTo: anchor.events });
    for (const event of read.events) this.current = foldOne(this.current, event);
    this.tail = read.position;
    this.lastHash = read.position.lastHash;
    return { events: read.events, ...(read.problem === undefined ? {} : { problem: read.problem }) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    if (this.indexTimer !== undefined) {
      clearTimeout(this.indexTimer);
      this.indexTimer = undefined;
      this.queueIndex();
    }
    // The last batches' index write, queued or under way, lands before the lock is released.
    while (this.indexQueued) await this.indexing;
    await this.indexing;
    await this.options.handle?.close();
    await this.options.lock?.release();
  }

  /** The lines of a batch, chained after the last recorded event: all the bytes need. */
  private sealLines(batch: readonly Pending[]): string[] {
    const { id: incident, drill, redact, responder, now } = this.options;
    const context = { incident, drill, redact, responder, now, nextId: this.nextId };
    const lines: string[] = [];
    let seq = this.current?.lastSeq ?? 0;
    let prev = this.lastHash;
    for (const { event } of batch) {
      seq += 1;
      if (seq === 1) checkOpensIncident(event.kind);
      const { line, hash } = sealAt(prepareEvent(event, context), seq, prev);
      lines.push(`${line}\n`);
      prev = hash;
    }
    return lines;
  }

  /**
   * Writes a batch after the synced log; settles once it is synced. Nothing is awaited before
   * the write unless a failed batch must be cut back first, so on return the bytes are in the
   * file and their fdatasync is under way.
   */
  private async writeBatch(handle: FileHandle, data: Buffer): Promise<void> {
    this.syncedSize ??= fstatSync(handle.fd).size;
    if (this.failure !== undefined) await this.cutBack(handle);
    await writeSynced(handle, data, this.syncedSize);
  }

  private async flush(): Promise<void> {
    const handle = this.options.handle as FileHandle;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      let lines: string[];
      try {
        lines = this.sealLines(batch);
      } catch (bug) {
        // Nothing of the batch is written; its callers hear why instead of waiting forever.
        for (const pending of batch) pending.reject(bug as Error);
        continue;
      }
      const data = Buffer.from(lines.join(''));
      const written = this.writeBatch(handle, data);
      // While the disk syncs the bytes: the events exactly as their lines say (parsed back:
      // redacted, no undefined) and the fold. Neither changes a byte written, and callers still
      // hear only once their batch is synced; this work just does not wait in front of the sync.
      const sealed = lines.map((line) => JSON.parse(line) as StoredEvent);
      let state = this.current;
      for (const event of sealed) state = foldOne(state, event);
      try {
        await written;
      } catch (error) {
        this.failure = { at: this.failure?.at ?? this.options.now().toISOString(), reason: describeIoError(error), path: this.path };
        const failed = new Error(`writing the timeline of ${this.incidentId} failed: ${describeIoError(error, this.path)}`);
        const refused = [...batch, ...this.queue.splice(0)];
        // Cut back before the callers hear of it: told first, a CI run read the log while the partial line was still there.
        await this.cutBack(handle).catch(() => undefined);
        for (const pending of refused) pending.reject(failed);
        // Appends made while cutting back are tried in this same loop: none may be left queued with no flush to take it.
        continue;
      }
      this.failure = undefined;
      this.syncedSize = (this.syncedSize as number) + data.length;
      this.current = state;
      this.lastHash = (sealed.at(-1) as StoredEvent).hash;
      batch.forEach((pending, i) => pending.resolve(sealed[i] as StoredEvent));
      this.indexLater();
    }
    this.flushing = undefined;
  }

  /**
   * Rewrites `incident.json` from the state and head recorded so far (on open, and after
   * batches through `indexLater`). Writes are chained so an older index never lands after a
   * newer one. The caller sees a failure; after a batch none is lost (the index is a cache of
   * the fold, and verify reports an anchor that lags the log).
   */
  syncIndex(): Promise<void> {
    const state = this.current;
    if (state === undefined) return Promise.resolve();
    const anchor = { events: state.lastSeq, head: this.lastHash };
    const write = this.indexing.then(() => writeIndex(this.options.dir, summarize(state), anchor));
    this.indexing = write.catch(() => undefined);
    return write;
  }

  /**
   * After a batch: the index follows without holding up the next append (acknowledged already
   * means synced to the log). Batches recorded while one write is under way share the next, and
   * while appends keep coming the index is rewritten at most every INDEX_INTERVAL_MS: each write
   * creates and renames a file, which the next append's fdatasync would otherwise pay for.
   */
  private indexLater(): void {
    if (this.indexQueued || this.indexTimer !== undefined) return;
    const wait = this.lastIndexAt + INDEX_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.queueIndex();
      return;
    }
    this.indexTimer = setTimeout(() => {
      this.indexTimer = undefined;
      this.queueIndex();
    }, wait);
  }

  private queueIndex(): void {
    this.indexQueued = true;
    this.lastIndexAt = performance.now();
    void this.indexing.then(() => {
      this.indexQueued = false;
      return this.syncIndex().catch(() => undefined);
    });
  }

  /** Cuts the log back to its last synced batch, so a failed write leaves no partial line. */
  private async cutBack(handle: FileHandle): Promise<void> {
    if (this.syncedSize === undefined) return;
    await handle.truncate(this.syncedSize);
    await handle.datasync();
  }
}
