import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { EVENT_VERSION, type NewEvent, type StoredEvent } from '../core/events';
import { sealEvent } from '../core/hashChain';
import { initialState, reduce, type IncidentState } from '../core/incident';
import type { Redactor } from '../core/redact';
import { summarize } from '../core/summary';
import type { EventStore } from './eventStore';
import { writeIndex } from './incidentIndex';
import type { HeldLock } from './lock';
import { EVENTS_FILE } from './paths';
import { readVerifiedEvents } from './readEvents';

interface Pending {
  readonly event: NewEvent;
  resolve(event: StoredEvent): void;
  reject(error: Error): void;
}

/** Kinds that change what `incident.json` summarises (status, severity). */
const INDEXED_KINDS = new Set<string>(['severity.changed', 'incident.mitigated', 'incident.resolved']);

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
  readonly redact: Redactor;
  /** Actor of events that do not name one. */
  readonly responder: string;
  readonly now: () => Date;
}

/** The log's first event starts the state; every later one is reduced into it. */
function foldOne(state: IncidentState | undefined, event: StoredEvent): IncidentState {
  if (state !== undefined) return reduce(state, event);
  if (event.kind !== 'incident.opened') throw new Error(`the first event of an incident must be incident.opened, not ${event.kind}`);
  return initialState(event);
}

/**
 * The default store: `events.jsonl` in the incident's directory (format in hashChain.ts).
 *
 * Group commit: appends queue up while a write+fsync is in flight, then go out together in one
 * write and one fdatasync. Each caller's promise still resolves only after its own bytes are
 * synced, and seq follows call order. If a write fails the store stops accepting appends: the
 * file may hold part of a batch, which reopening detects and quarantines.
 */
export class JsonlEventStore implements EventStore {
  readonly incidentId: string;
  readonly readOnly: boolean;
  private current: IncidentState | undefined;
  private lastHash: string;
  private readonly queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;
  private readonly nextId = monotonicFactory();

  constructor(private readonly options: JsonlStoreOptions) {
    this.incidentId = options.id;
    this.readOnly = options.handle === undefined;
    this.current = options.state;
    this.lastHash = options.lastHash;
  }

  get path(): string {
    return join(this.options.dir, EVENTS_FILE);
  }

  state(): IncidentState {
    if (this.current === undefined) throw new Error(`incident ${this.incidentId} has no incident.opened event yet`);
    return this.current;
  }

  append(event: NewEvent): Promise<StoredEvent> {
    if (this.readOnly) return Promise.reject(new Error(`incident ${this.incidentId} is open read-only`));
    if (this.closed) return Promise.reject(new Error(`incident ${this.incidentId} is closed`));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<StoredEvent>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  events(signal?: AbortSignal): AsyncIterable<StoredEvent> {
    // Up to what this store knows was recorded: an append in flight is not half-read.
    return readVerifiedEvents(this.path, this.current?.lastSeq ?? 0, signal);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.options.handle?.close();
    await this.options.lock?.release();
  }

  private seal(event: NewEvent, seq: number, prev: string): { stored: StoredEvent; line: string } {
    const at = event.at ?? this.options.now().toISOString();
    const unhashed = {
      v: EVENT_VERSION,
      seq,
      id: this.nextId(Date.parse(at)),
      at,
      incident: this.incidentId,
      kind: event.kind,
      actor: this.options.redact(event.actor ?? this.options.responder),
      drill: this.options.drill,
      data: this.options.redact(event.data),
      prev,
    } as Omit<StoredEvent, 'hash'>;
    const { line } = sealEvent(unhashed);
    // Parsed back so the in-memory event is exactly what the line says (redacted, no undefined).
    return { stored: JSON.parse(line) as StoredEvent, line };
  }

  private async flush(): Promise<void> {
    const handle = this.options.handle as FileHandle;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const sealed: StoredEvent[] = [];
      let state = this.current;
      let prev = this.lastHash;
      try {
        const lines: string[] = [];
        for (const { event } of batch) {
          const { stored, line } = this.seal(event, (state?.lastSeq ?? 0) + 1, prev);
          sealed.push(stored);
          lines.push(`${line}\n`);
          state = foldOne(state, stored);
          prev = stored.hash;
        }
        await handle.write(lines.join(''));
        await handle.datasync();
      } catch (error) {
        this.failure = new Error(`writing the timeline of ${this.incidentId} failed: ${(error as Error).message}`);
        for (const pending of [...batch, ...this.queue.splice(0)]) pending.reject(this.failure);
        break;
      }
      this.current = state;
      this.lastHash = prev;
      batch.forEach((pending, i) => pending.resolve(sealed[i] as StoredEvent));
      if (state !== undefined && sealed.some((e) => INDEXED_KINDS.has(e.kind))) {
        // The index is a cache of the fold; a failure here loses nothing (rebuilt on open).
        await writeIndex(this.options.dir, summarize(state)).catch(() => undefined);
      }
    }
    this.flushing = undefined;
  }
}
