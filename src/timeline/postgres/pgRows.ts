import type pg from 'pg';
import type { StoredEvent } from '../../core/events';
import { ChainVerifier } from '../../core/hashChain';
import { pickOpenIncident, type IncidentSummary } from '../../core/summary';

const PAGE = 1000;

/** The stored lines of an incident after `afterSeq` (to `upTo`), in seq order, a page at a time. */
export async function* storedLines(db: pg.Pool | pg.ClientBase, incident: string, afterSeq = 0, upTo = Number.MAX_SAFE_INTEGER, signal?: AbortSignal): AsyncGenerator<{ seq: number; line: string }> {
  let after = afterSeq;
  for (;;) {
    signal?.throwIfAborted();
    const page = await db.query<{ seq: string; line: string }>('SELECT seq, line FROM cockpit_events WHERE incident = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4', [incident, after, upTo, PAGE]);
    for (const row of page.rows) yield { seq: Number(row.seq), line: row.line };
    if (page.rows.length < PAGE) return;
    after = Number(page.rows[page.rows.length - 1]?.seq);
  }
}

/** Events after a verified prefix, each re-verified from its stored line; stops at the first that does not verify. */
export async function readVerified(
  db: pg.Pool | pg.ClientBase,
  incident: string,
  from: { readonly count: number; readonly lastHash: string },
  upTo?: number,
): Promise<{ events: StoredEvent[]; problem?: string }> {
  const verifier = new ChainVerifier(incident, from.count === 0 ? undefined : from);
  const events: StoredEvent[] = [];
  for await (const { line } of storedLines(db, incident, from.count, upTo)) {
    const checked = verifier.next(line);
    if (!checked.ok) return { events, problem: `seq ${checked.problem.seq}: ${checked.problem.reason}` };
    events.push(checked.event);
  }
  return { events };
}

/**
 * The service's open incident in an environment, as the incidents' summaries say, read under a transaction-scoped lock on
 * the service and environment: a cockpit creating one at the same moment waits for it, and finds it.
 */
export async function openIncidentOf(client: pg.ClientBase, of: { readonly service: string; readonly environment: string }): Promise<string | undefined> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`cockpit open ${of.service} ${of.environment}`]);
  const rows = await client.query<{ summary: IncidentSummary }>("SELECT summary FROM cockpit_incidents WHERE head_seq > 0 AND summary->>'service' = $1 ORDER BY opened_at DESC, id DESC", [of.service]);
  return pickOpenIncident(rows.rows.map((row) => row.summary), of)?.id;
}
