import { EVENT_VERSION, type EventOf, type NewEvent, type StoredEvent } from '../core/events';
import { sealAt } from '../core/hashChain';
import { initialState, reduce, type IncidentState } from '../core/incident';
import type { Redactor } from '../core/redact';

/** What a store stamps on every event it seals: the same for the JSONL and the shared store. */
export interface SealContext {
  readonly incident: string;
  readonly drill: boolean;
  readonly redact: Redactor;
  /** Actor of events that do not name one. */
  readonly responder: string;
  readonly now: () => Date;
  /** A ULID for the event, monotonic within this store. */
  readonly nextId: (at: number) => string;
}

/**
 * An event stamped and redacted but not yet placed in the chain: no seq, prev or hash. The shared
 * store queues events in this form while it is unreachable, and places them at upload.
 */
export type PreparedEvent = Omit<StoredEvent, 'seq' | 'prev' | 'hash'>;

/** Stamps a new event: its id and time (kept through any wait for the store), redacted actor and data. */
export function prepareEvent(event: NewEvent, context: SealContext): PreparedEvent {
  const at = event.at ?? context.now().toISOString();
  return {
    v: EVENT_VERSION,
    id: context.nextId(Date.parse(at)),
    at,
    incident: context.incident,
    kind: event.kind,
    actor: context.redact(event.actor ?? context.responder),
    drill: context.drill,
    // Which rules redacted it: an export trusts an event stamped with its own rules.
    ...(context.redact.rules === undefined ? {} : { redaction: context.redact.rules }),
    data: context.redact(event.data),
  } as PreparedEvent;
}

/** Places a prepared event at `seq` after `prev`: the line (hash-chain format) and the event exactly as the line says. */
export function sealPrepared(event: PreparedEvent, seq: number, prev: string): { stored: StoredEvent; line: string } {
  const { line } = sealAt(event, seq, prev);
  // Parsed back so the in-memory event is exactly what the line says (redacted, no undefined).
  return { stored: JSON.parse(line) as StoredEvent, line };
}

/** Seals a new event at `seq` after `prev`. */
export function sealNewEvent(event: NewEvent, seq: number, prev: string, context: SealContext): { stored: StoredEvent; line: string } {
  return sealPrepared(prepareEvent(event, context), seq, prev);
}

/** The log's first event starts the state; every later one is reduced into it. */
export function foldOne(state: IncidentState | undefined, event: StoredEvent): IncidentState {
  if (state !== undefined) return reduce(state, event);
  checkOpensIncident(event.kind);
  return initialState(event as EventOf<'incident.opened'>);
}

/** A log starts with incident.opened: anything else first is a bug, caught before it is written. */
export function checkOpensIncident(kind: string): void {
  if (kind !== 'incident.opened') throw new Error(`the first event of an incident must be incident.opened, not ${kind}`);
}

/** Why a store takes no append now (open read-only, or closed); undefined when it does. */
export function appendRefusal(incidentId: string, state: { readonly readOnly: boolean; readonly closed: boolean }): Error | undefined {
  if (state.readOnly) return new Error(`incident ${incidentId} is open read-only`);
  if (state.closed) return new Error(`incident ${incidentId} is closed`);
  return undefined;
}
