import type pg from 'pg';
import type { ExpiredLease } from '../../core/leaseInterruption';
import type { ActionLeases, LeaseAttempt, LeaseHolder } from '../eventStore';

/** How long a lease lasts unrenewed: a cockpit that died frees its target this long after its last renewal. */
export const LEASE_TTL_MS = 30_000;

interface HolderRow {
  readonly responder: string;
  readonly incident: string;
  readonly action: string;
  readonly name: string;
  readonly held_ms: string;
  readonly expired_at?: Date | null;
}

const holder = (row: HolderRow): LeaseHolder => ({
  responder: row.responder,
  incident: row.incident,
  action: row.action,
  name: row.name,
  heldMs: Number(row.held_ms),
  ...(row.expired_at ? { expiredAt: row.expired_at.toISOString() } : {}),
});

/**
 * Leases as rows with an expiry, on the database's clock (responders' clocks may disagree). Taking
 * one is a single statement: insert, or replace a row whose lease has expired; a live lease is
 * left alone and its holder said. The holder renews at a third of the TTL while the action runs.
 */
export function pgLeases(pool: pg.Pool, ttlMs = LEASE_TTL_MS): ActionLeases {
  return {
    ttlMs,
    async acquire(target, who, onLost): Promise<LeaseAttempt> {
      const ttl = `${ttlMs} milliseconds`;
      const taken = await pool.query<HolderRow & { took: boolean }>(
        `WITH previous AS (SELECT responder, incident, action, name, (extract(epoch FROM now() - started_at) * 1000)::bigint AS held_ms, expires_at FROM cockpit_leases WHERE target = $1)
         INSERT INTO cockpit_leases AS l (target, incident, responder, action, name, started_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, now(), now() + $6::interval)
         ON CONFLICT (target) DO UPDATE SET incident = EXCLUDED.incident, responder = EXCLUDED.responder, action = EXCLUDED.action, name = EXCLUDED.name, started_at = now(), expires_at = EXCLUDED.expires_at
           WHERE l.expires_at < now()
         RETURNING (SELECT count(*) > 0 FROM previous) AS took, (SELECT responder FROM previous), (SELECT incident FROM previous), (SELECT action FROM previous), (SELECT name FROM previous), (SELECT held_ms FROM previous), (SELECT expires_at FROM previous) AS expired_at`,
        [target, who.incident, who.responder, who.action, who.name, ttl],
      );
      const row = taken.rows[0];
      if (row === undefined) {
        const held = (await pool.query<HolderRow>('SELECT responder, incident, action, name, (extract(epoch FROM now() - started_at) * 1000)::bigint AS held_ms FROM cockpit_leases WHERE target = $1', [target])).rows[0];
        // Released between the two statements: the caller may simply try again.
        return held === undefined ? this.acquire(target, who, onLost) : { ok: false, heldBy: holder(held) };
      }
      // A renewal that finds no row of its own: the lease expired while the store was unreachable (a
      // teammate's rollback ran beside this one, and nothing said so). Said once; renewals stop. One
      // renewal at a time: with the store slower than a third of the TTL, every renewal in flight
      // when the lease went said it was lost (a note ten times).
      let renewing = false;
      const renew = setInterval(() => {
        if (renewing) return;
        renewing = true;
        pool
          .query('UPDATE cockpit_leases SET expires_at = now() + $3::interval WHERE target = $1 AND action = $2 AND incident = $4', [target, who.action, ttl, who.incident])
          .then((renewed) => {
            if (renewed.rowCount !== 0) return;
            clearInterval(renew);
            onLost?.();
          })
          .catch(() => undefined)
          .finally(() => {
            renewing = false;
          });
      }, ttlMs / 3);
      renew.unref();
      return {
        ok: true,
        ...(row.took ? { tookOver: holder(row) } : {}),
        async release() {
          clearInterval(renew);
          await pool.query('DELETE FROM cockpit_leases WHERE target = $1 AND action = $2 AND incident = $3', [target, who.action, who.incident]);
        },
      };
    },
    async reapExpired(incident): Promise<readonly ExpiredLease[]> {
      const reaped = await pool.query<{ responder: string; incident: string; action: string; name: string; expires_at: Date }>(
        'DELETE FROM cockpit_leases WHERE incident = $1 AND expires_at < now() RETURNING responder, incident, action, name, expires_at',
        [incident],
      );
      return reaped.rows.map((row) => ({ responder: row.responder, incident: row.incident, action: row.action, name: row.name, expiredAt: row.expires_at.toISOString() }));
    },
  };
}
