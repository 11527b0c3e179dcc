import type pg from 'pg';
import type { EventOf } from '../../core/events';
import { checkLine, ChainVerifier } from '../../core/hashChain';
import type { IncidentState } from '../../core/incident';
import { fail, ok, type Result } from '../../core/result';
import type { IncidentSource, ScannedIncident, ScanOptions } from '../incidentSource';
import { describePgError, type PgTarget } from './pgConnect';
import { foldOne } from '../storedEvents';
import { storedLines } from './pgRows';

export interface Head {
  readonly seq: number;
  readonly hash: string;
}

export async function readHead(db: pg.Pool | pg.ClientBase, id: string): Promise<Head | undefined> {
  const row = (await db.query<{ head_seq: string; head_hash: string }>('SELECT head_seq, head_hash FROM cockpit_incidents WHERE id = $1', [id])).rows[0];
  return row === undefined ? undefined : { seq: Number(row.head_seq), hash: row.head_hash };
}

/**
 * What verify and export read from the shared store: every stored line re-verified (its hash from
 * its own text, seq and prev against the one before), the head row as the anchor. A line that does
 * not verify ends the scan there; nothing after it is folded or handed out.
 */
export function pgSource(pool: pg.Pool, target: PgTarget): IncidentSource {
  const where = target.where;
  /** A failure to reach the store is said with where, never with the password. */
  const said = <A extends unknown[], T>(read: (...args: A) => Promise<T>) => async (...args: A): Promise<T> => {
    try {
      return await read(...args);
    } catch (error) {
      throw new Error(`shared store ${where}: ${describePgError(target, error)}`);
    }
  };
  return {
    scan: said(async (id: string, options: ScanOptions): Promise<Result<ScannedIncident>> => {
      if ((await readHead(pool, id)) === undefined) return fail('not-found', `no incident ${id} in ${where}`);
      const verifier = new ChainVerifier(id);
      let state: IncidentState | undefined;
      let problem: ScannedIncident['problem'];
      for await (const { line } of storedLines(pool, id, 0, undefined, options.signal)) {
        const checked = verifier.next(line);
        if (!checked.ok) {
          // Rows have no torn tails (a row is committed whole): any break is damage.
          problem = { ...checked.problem, offset: 0, atTail: false };
          break;
        }
        if (options.fold !== false) state = foldOne(state, checked.event);
        await options.onEvent?.(checked.event, line);
      }
      return ok({ count: verifier.count, lastHash: verifier.lastHash, ...(state === undefined ? {} : { state }), ...(problem === undefined ? {} : { problem }) });
    }),
    anchor: said(async (id: string) => {
      const head = await readHead(pool, id);
      return head === undefined || head.seq === 0 ? undefined : { events: head.seq, head: head.hash };
    }),
    quarantined: async () => [],
  };
}

/** The incident's first event, re-verified. */
export async function readOpenedRow(pool: pg.Pool, id: string, where: string): Promise<Result<EventOf<'incident.opened'>>> {
  for await (const { line } of storedLines(pool, id, 0, 1)) {
    const checked = checkLine(line);
    if (checked.ok && checked.event.kind === 'incident.opened' && checked.event.seq === 1) return ok(checked.event as EventOf<'incident.opened'>);
    return fail('invalid-response', `incident ${id} cannot be read: its first event does not verify`);
  }
  return fail('not-found', `no incident ${id} in ${where}`);
}
