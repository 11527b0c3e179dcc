import { describeEvent } from '../core/describeEvent';
import type { Cleaner } from '../core/displayText';
import { boundEventData } from '../core/eventBounds';
import type { NewEvent, StoredEvent } from '../core/events';
import type { Logger } from '../plugins/contract';
import type { EventStore } from '../timeline/eventStore';
import type { AppendOnlyTimeline } from './timeline';
import { isLostNote, Unrecorded } from './unrecorded';
import type { PreparedEvent } from '../timeline/storedEvents';
import type { PendingEntry } from './viewModel';

/** A queued event's line: as it will read once recorded, with no seq yet. */
export function pendingEntry(clean: Cleaner, event: PreparedEvent): PendingEntry {
  const text = describeEvent({ ...event, seq: 0, prev: '', hash: '' } as StoredEvent);
  const { step, to } = event.data as { step?: unknown; to?: unknown };
  const severity = event.kind === 'severity.changed' && typeof to === 'string' ? { severity: to } : {};
  return { ...clean({ id: event.id, at: event.at, actor: event.actor, kind: event.kind, text }), ...(typeof step === 'string' ? { step } : {}), ...severity };
}

/**
 * The session's side of the incident's log: every event it records passes `record`, and every
 * event recorded or replayed is folded here into the timeline's lines. What matters to the incident
 * is the store's fold (the incident state); other parts fold what they need through `onEvent`.
 */
export class Journal {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly folds: ((event: StoredEvent) => void)[] = [];
  /** Events that arrived before the ones ahead of them (a shared store). */
  private readonly early = new Map<number, StoredEvent>();
  /** The last seq folded: the log as it was opened is already in `timeline`. */
  private folded: number;
  /** Events the store could not write (a full disk) since the last one it did: said on the timeline once it writes again. */
  private readonly unrecorded: Unrecorded;

  constructor(
    private readonly store: EventStore,
    private readonly log: Logger,
    /** Called after every append, failed or not: a failed one must show at once that nothing is recorded. */
    private readonly changed: () => void,
    /** The lines so far: those of the log as it was opened, then each event folded here. */
    readonly timeline: AppendOnlyTimeline,
    now: () => Date = () => new Date(),
  ) {
    this.folded = store.state().lastSeq;
    this.unrecorded = new Unrecorded(now);
  }

  /** A step's completion or skip waiting in the shared store's local queue (not folded until its upload commits). */
  queuedEndOf(step: string): string | undefined {
    return this.store.pending?.().find((e) => (e.kind === 'step.completed' || e.kind === 'step.skipped') && (e.data as { step?: unknown }).step === step)?.kind;
  }

  /** Folds every event recorded or replayed from now on. */
  onEvent(fold: (event: StoredEvent) => void): void {
    this.folds.push(fold);
  }

  /**
   * Resolves once the event is durable: recorded (with the stored event), or queued locally while
   * the shared store is unreachable (undefined: pending on screen, folded when its upload commits).
   */
  async record(event: NewEvent): Promise<StoredEvent | undefined> {
    if (this.store.readOnly) return undefined;
    // What could not be recorded is said before the next event, not after the first that could be (call order is log order).
    if (!isLostNote(event)) this.sayLost();
    let queued!: () => void;
    const isQueued = new Promise<undefined>((resolve) => (queued = () => resolve(undefined)));
    // Every event the session records passes here: one place bounds their data (issue #11).
    const append = this.store.append({ ...event, data: boundEventData(event.data) } as NewEvent, queued);
    const durable = Promise.race([append, isQueued]);
    this.inFlight.add(durable);
    try {
      const stored = await durable.catch((error: unknown) => {
        this.remember(event);
        throw error;
      });
      if (stored === undefined) {
        void append.then(
          (recorded) => this.recorded(recorded),
          (error: unknown) => this.log.warn('a queued event is not recorded yet', { error: String(error) }),
        );
        return undefined;
      }
      await this.recorded(stored);
      return stored;
    } finally {
      this.inFlight.delete(durable);
      this.changed();
    }
  }

  /** A failed write of the store's (not a refusal): counted, to be said once it writes again. */
  private remember(event: NewEvent): void {
    const failure = this.store.recordingFailure();
    if (failure !== undefined) this.unrecorded.remember(event, failure);
  }

  /**
   * Once the store writes again: the outcomes it could not write, at their own times, then what it could not write, on
   * the timeline. A full disk that let small events through and lost the rest left no trace of them in the log or the
   * postmortem. An outcome that fails again is kept again (`remember`).
   */
  private sayLost(): void {
    const taken = this.unrecorded.take();
    if (taken === undefined) return;
    for (const event of taken.late) void this.record(event).catch(() => undefined);
    void this.record(taken.note).catch(() => this.unrecorded.putBack(taken.lost));
  }

  /** Records without waiting; a failure is logged (observations: the next poll records again). */
  recordAll(events: readonly NewEvent[]): void {
    for (const event of events) void this.record(event).catch((error: unknown) => this.log.warn('could not record an observation', { error: String(error) }));
  }

  /** Folds events other cockpits recorded (a read-only watch following its writer, or a shared store). */
  followed(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.fold(event);
    this.changed();
  }

  private async recorded(stored: StoredEvent): Promise<void> {
    this.fold(stored);
    // Others recorded before it (a shared store): taken in now, so the timeline shows them in order at once.
    if (this.early.size > 0) this.followed((await this.store.catchUp()).events);
    this.changed();
  }

  /** Appends started and not yet durable (on disk, committed, or queued locally). */
  pending(): boolean {
    return this.inFlight.size > 0;
  }

  /** Resolves once every event started is on disk and folded. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** In seq order, each once, however events arrive (a shared store hands out its own appends before others' older ones). */
  private fold(event: StoredEvent): void {
    if (event.seq <= this.folded) return;
    this.early.set(event.seq, event);
    for (let next = this.early.get(this.folded + 1); next !== undefined; next = this.early.get(this.folded + 1)) {
      this.early.delete(next.seq);
      this.folded = next.seq;
      this.foldInOrder(next);
    }
  }

  private foldInOrder(event: StoredEvent): void {
    this.timeline.push(event);
    for (const fold of this.folds) fold(event);
  }
}
