import type pg from 'pg';
import type { StoredEvent } from '../../core/events';
import type { IncidentState } from '../../core/incident';
import { restatedBy, type LastSaid } from '../../core/restated';
import { summarize } from '../../core/summary';
import { foldOne, sealPrepared, type PreparedEvent } from '../storedEvents';
import { readVerified } from './pgRows';

export const NOTIFY_CHANNEL = 'cockpit_events';

export interface Committed {
  /**
   * The batch as recorded, in its order: each event's own record, or the one already in the chain that says it (its
   * earlier upload whose answer was lost, or a teammate's cockpit that recorded the same fact first: `restatedBy`).
   */
  readonly sealed: StoredEvent[];
  /** The events this batch inserted (the rest were found recorded). */
  readonly inserted: StoredEvent[];
  /** Others' events committed since this store last looked, before the batch in the chain. */
  readonly others: StoredEvent[];
  readonly state: IncidentState;
  readonly head: string;
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
 * Seals a batch after the incident's head inside the caller's transaction (see `insertAfterHead`), from the chain as the
 * store last read it (`from`). Others' events committed since come first, in the chain and in the fold; an event the
 * chain holds already (by id), or whose fact a teammate recorded first (`said`, kept up to date here with what others
 * committed), is not sent again.
 */
export async function appendBatch(client: pg.ClientBase, incident: string, batch: readonly PreparedEvent[], from: { readonly state: IncidentState; readonly lastHash: string }, said: LastSaid): Promise<Committed> {
  const head = await client.query<{ head_seq: string; head_hash: string }>('SELECT head_seq, head_hash FROM cockpit_incidents WHERE id = $1 FOR UPDATE', [incident]);
  const row = head.rows[0];
  if (row === undefined) throw new Error(`incident ${incident} is not in the shared store`);
  let state = from.state;
  let prev = from.lastHash;
  const others: StoredEvent[] = [];
  if (Number(row.head_seq) > state.lastSeq) {
    const read = await readVerified(client, incident, { count: state.lastSeq, lastHash: prev });
    if (read.problem !== undefined) throw new Error(`the shared timeline does not verify at ${read.problem}; nothing was appended`);
    for (const event of read.events) state = foldOne(state, event);
    others.push(...read.events);
    prev = others[others.length - 1]?.hash ?? prev;
    // Committed whatever becomes of this transaction.
    said.take(read.events);
  }
  // Already in the chain (an earlier upload whose answer was lost): recorded there, not sent again.
  const already = new Map(others.map((event) => [event.id, event]));
  const sealed: StoredEvent[] = [];
  const inserted: StoredEvent[] = [];
  const lines: { seq: number; line: string }[] = [];
  for (const event of batch) {
    const found = already.get(event.id) ?? restatedBy(event, state, said);
    if (found !== undefined) {
      sealed.push(found);
      continue;
    }
    const { stored, line } = sealPrepared(event, state.lastSeq + 1, prev);
    sealed.push(stored);
    inserted.push(stored);
    lines.push({ seq: stored.seq, line });
    state = foldOne(state, stored);
    prev = stored.hash;
  }
  await insertAfterHead(client, incident, lines, { seq: state.lastSeq, hash: prev }, state);
  const ours = new Set(batch.map((event) => event.id));
  return { sealed, inserted, others: others.filter((event) => !ours.has(event.id)), state, head: prev };
}
