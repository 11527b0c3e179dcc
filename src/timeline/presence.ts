/** A cockpit that has an incident open, as the shared store's presence rows say. */
export interface Present {
  readonly responder: string;
  /** When that cockpit opened the incident (ISO, the store's clock). */
  readonly since: string;
  readonly readOnly: boolean;
  /** This very cockpit. */
  readonly self: boolean;
}

export interface Attendance {
  readonly incident: string;
  readonly responder: string;
  readonly readOnly: boolean;
}

/**
 * Who has an incident open, across cockpits (the shared store). Not a timeline event: a cockpit
 * that comes and goes, or beats its heart, must not lengthen the hash-chained log.
 */
export interface PresenceBoard {
  /**
   * Marks this cockpit present until `signal` aborts (then removes its mark, and resolves): a
   * heartbeat keeps the mark alive, and a cockpit that stops beating (killed) drops out once its
   * mark expires. `onChange` gets everyone present whenever that may have changed (a teammate
   * came or left, a heartbeat went by). Never rejects: an unreachable store is tried again.
   */
  attend(who: Attendance, signal: AbortSignal, onChange: (present: readonly Present[]) => void): Promise<void>;
  /** Who has the incident open now (none of them this process, which has not attended yet). */
  present(incident: string): Promise<readonly Present[]>;
}
