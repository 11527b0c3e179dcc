import type pg from 'pg';
import type { StoredEvent } from '../../core/events';
import { ChainVerifier } from '../../core/hashChain';

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
