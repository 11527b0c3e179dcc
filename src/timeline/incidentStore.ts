import type { EventOf } from '../core/events';
import type { Result } from '../core/result';
import type { IncidentSummary } from '../core/summary';
import type { EventStore } from './eventStore';
import { jsonlSource, type IncidentSource } from './incidentSource';
import { listIncidents } from './listIncidents';
import { openIncident, type OpenIncidentOptions } from './openIncident';
import type { PresenceBoard } from './presence';
import { lockPresence } from './lockPresence';
import { incidentsDir } from './paths';
import { readOpenedEvent } from './readOpened';

export type StoreOpenOptions = Omit<OpenIncidentOptions, 'dataDir'>;

/**
 * Where incidents live: the local JSONL store (a directory) or the shared PostgreSQL store. The
 * CLI locates one (`--store`, `COCKPIT_STORE`) and hands it to every command and to the session;
 * nothing else knows which it is.
 */
export interface IncidentStore {
  readonly kind: 'jsonl' | 'postgres';
  /** Where, as it may be shown (a URL without its password). */
  readonly where: string;
  /** What verify and export read. */
  readonly source: IncidentSource;
  /** Opens (or creates) an incident's timeline. */
  open(options: StoreOpenOptions): Promise<Result<{ readonly store: EventStore }>>;
  /** An incident's first event, read without writing. */
  readOpened(id: string): Promise<Result<EventOf<'incident.opened'>>>;
  /** Every stored incident, newest first. */
  list(): Promise<IncidentSummary[]>;
  /** Who has which incident open, across cockpits: the shared store's board; the local store's writer, by its lock (to a watch). */
  readonly presence?: PresenceBoard;
  /** Releases connections; open event stores are closed by their owners first. */
  close(): Promise<void>;
}

export function jsonlIncidentStore(dataDir: string): IncidentStore {
  return {
    kind: 'jsonl',
    where: incidentsDir(dataDir),
    source: jsonlSource(dataDir),
    open: (options) => openIncident({ ...options, dataDir }),
    readOpened: (id) => readOpenedEvent(dataDir, id),
    list: () => listIncidents(dataDir),
    presence: lockPresence(dataDir),
    close: async () => undefined,
  };
}
