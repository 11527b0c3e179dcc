import type { NewEvent, StoredEvent } from '../core/events';
import type { IncidentState } from '../core/incident';

/**
 * The timeline of one incident. `append` resolves only once the event is durable (written and
 * fsynced): the UI may call an event recorded only after that. Appends are applied in call
 * order with a gapless `seq`, whatever the number of concurrent callers.
 */
export interface EventStore {
  readonly incidentId: string;
  readonly readOnly: boolean;
  /** The fold of every recorded event: the incident as the log says it is. */
  state(): IncidentState;
  /** Rejects when the store is read-only, closed, or a write failed (the log is then left for reopening to repair). */
  append(event: NewEvent): Promise<StoredEvent>;
  /** Every verified event, read back from storage in order. */
  events(signal?: AbortSignal): AsyncIterable<StoredEvent>;
  /** Waits for pending appends, then releases the file and the lock. */
  close(): Promise<void>;
}
