import type { NewEvent, StoredEvent } from '../core/events';
import type { IncidentState } from '../core/incident';
import type { PreparedEvent } from './storedEvents';
import type { ExpiredLease } from '../core/leaseInterruption';

/** Why the store is not recording now: shown on screen until an append succeeds again. */
export interface RecordingFailure {
  /** When the first failing append was made. */
  readonly at: string;
  /** `disk full (ENOSPC)`, `I/O error (EIO)`, `short write (10 of 300 bytes)`. */
  readonly reason: string;
  /** The file that could not be written. */
  readonly path: string;
}

/** Why a shared store records locally now: its database cannot be reached. */
export interface StoreUnreachable {
  /** When it was first found unreachable. */
  readonly since: string;
  /** What the driver said, without the password (`connect ECONNREFUSED 127.0.0.1:5432`). */
  readonly reason: string;
  /** The local queue file the events wait in. */
  readonly queue: string;
}

/** What a read-only store learned of its writer's appends. */
export interface CatchUp {
  /** Verified events recorded since the last look, in order; already folded into `state()`. */
  readonly events: readonly StoredEvent[];
  /** Why the store could not follow further (a line that does not verify, a log cut shorter); it tries again next time. */
  readonly problem?: string;
}

/** Who holds a provider target's lease: a responder running a mutating action on it. */
export interface LeaseHolder {
  readonly responder: string;
  readonly incident: string;
  readonly action: string;
  /** `<provider>.<action>`, e.g. deploys.rollback. */
  readonly name: string;
  /** How long it has been held, as the store's clock says. */
  readonly heldMs: number;
  /** When it expired (ISO, the store's clock): set on a lease taken over. */
  readonly expiredAt?: string;
}

export type LeaseAttempt =
  | { readonly ok: true; release(): Promise<void>; /** An expired lease this one replaced: that action was interrupted. */ readonly tookOver?: LeaseHolder }
  | { readonly ok: false; readonly heldBy: LeaseHolder };

/**
 * One mutating action at a time per provider target across every responder of a shared store: a
 * lease held (and renewed) for the action's life, released at its end, or expired when its
 * cockpit died.
 */
export interface ActionLeases {
  /** How long a lease lasts unrenewed: a cockpit that died holds its target this long after its last renewal. */
  readonly ttlMs?: number;
  /**
   * `onLost`: called once if a renewal finds the lease gone (it expired while the store was
   * unreachable, and was swept or taken by another cockpit): the holder goes on, no longer alone.
   */
  acquire(target: string, holder: Omit<LeaseHolder, 'heldMs' | 'expiredAt'>, onLost?: () => void): Promise<LeaseAttempt>;
  /**
   * Removes the incident's expired leases and returns them: each is handed to exactly one caller
   * (whichever cockpit looked first), which records the interruption once.
   */
  reapExpired(incident: string): Promise<readonly ExpiredLease[]>;
}

/**
 * The timeline of one incident. `append` resolves only once the event is durable (written and
 * fsynced): the UI may call an event recorded only after that. Appends are applied in call
 * order with a gapless `seq`, whatever the number of concurrent callers.
 */
export interface EventStore {
  readonly incidentId: string;
  readonly readOnly: boolean;
  /**
   * Several cockpits may write (the shared PostgreSQL store): events others record reach this one
   * through `catchUp`, writable or not, and `append` may resolve with a seq after theirs.
   */
  readonly shared?: boolean;
  /** A shared store's leases on provider targets; absent where one cockpit holds the incident (its lock suffices). */
  readonly leases?: ActionLeases;
  /** The fold of every recorded event: the incident as the log says it is. */
  state(): IncidentState;
  /**
   * Resolves once recorded. Rejects when the store is read-only or closed, or when the write
   * failed; a failed write leaves the log a valid prefix, and the next append tries again.
   *
   * A shared store whose database cannot be reached keeps the event in a local fsynced queue
   * instead: it calls `onQueued` once the event is durable there (pending, not recorded), and
   * resolves later, when the upload is committed. Closed before that, it rejects: the event stays
   * queued for the next open of the incident.
   */
  append(event: NewEvent, onQueued?: () => void): Promise<StoredEvent>;
  /** Events queued locally and not yet recorded, in the order they will be uploaded. */
  pending?(): readonly PreparedEvent[];
  /** Set while the shared store cannot be reached (events are queued locally meanwhile). */
  offline?(): StoreUnreachable | undefined;
  /** Calls `listener` whenever `offline()` or `pending()` changes; returns the unsubscribe. */
  onStatus?(listener: () => void): () => void;
  /** Set from a failed write until a later append is recorded. */
  recordingFailure(): RecordingFailure | undefined;
  /** Every verified event, read back from storage in order. */
  events(signal?: AbortSignal): AsyncIterable<StoredEvent>;
  /**
   * Read-only or shared: takes in what other cockpits recorded since the last call. Only events
   * acknowledged (anchored, committed) are taken. A writable local store has nothing to catch up.
   */
  catchUp(): Promise<CatchUp>;
  /** A store with a doorbell resolves as soon as another cockpit recorded something (at most after `ms`); others are polled every `ms`. */
  waitForChange?(ms: number, signal: AbortSignal): Promise<void>;
  /** Waits for pending appends, then releases the file and the lock. */
  close(): Promise<void>;
}
