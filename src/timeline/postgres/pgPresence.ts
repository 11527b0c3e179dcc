import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Attendance, PresenceBoard, Present } from '../presence';
import type { Doorbell } from './pgDoorbell';
import { NOTIFY_CHANNEL } from './pgAppendBatch';
import { waitForRing } from './pgReconnect';

/** How long a presence mark lives unrenewed: a killed cockpit drops out of the top bars this long after its last heartbeat. */
export const PRESENCE_TTL_MS = 15_000;

interface PresenceRow {
  readonly cockpit: string;
  readonly responder: string;
  readonly read_only: boolean;
  readonly since: Date;
}

/**
 * Presence as rows with an expiry on the database's clock (one per cockpit, never on the
 * timeline). A cockpit beats every third of the TTL; joining and leaving ring the incident's
 * doorbell (the NOTIFY the timeline uses), so teammates see it at once; an expiry rings nothing,
 * and is seen at the watchers' next beat.
 */
export function pgPresence(pool: pg.Pool, bell: Doorbell, ttlMs = PRESENCE_TTL_MS): PresenceBoard {
  const ttl = `${ttlMs} milliseconds`;
  const beatMs = Math.max(100, Math.floor(ttlMs / 3));
  const ring = (incident: string) => pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, incident]);

  async function mark(cockpit: string, who: Attendance): Promise<void> {
    // One statement: a beat after a long stall (the mark expired, or was swept) puts it back.
    const joined = await pool.query<{ joined: boolean }>(
      `INSERT INTO cockpit_presence (cockpit, incident, responder, read_only, since, expires_at) VALUES ($1, $2, $3, $4, now(), now() + $5::interval)
       ON CONFLICT (cockpit) DO UPDATE SET expires_at = EXCLUDED.expires_at RETURNING (xmax = 0) AS joined`,
      [cockpit, who.incident, who.responder, who.readOnly, ttl],
    );
    if (joined.rows[0]?.joined) {
      await pool.query('DELETE FROM cockpit_presence WHERE incident = $1 AND expires_at < now()', [who.incident]);
      await ring(who.incident);
    }
  }

  async function present(cockpit: string, incident: string): Promise<Present[]> {
    const rows = await pool.query<PresenceRow>('SELECT cockpit, responder, read_only, since FROM cockpit_presence WHERE incident = $1 AND expires_at > now() ORDER BY since, cockpit', [incident]);
    return rows.rows.map((row) => ({ responder: row.responder, since: row.since.toISOString(), readOnly: row.read_only, self: row.cockpit === cockpit }));
  }

  return {
    present: (incident) => present('', incident),
    async attend(who, signal, onChange) {
      const cockpit = randomBytes(8).toString('hex');
      let lastBeat = 0;
      while (!signal.aborted) {
        try {
          if (Date.now() - lastBeat >= beatMs) {
            await mark(cockpit, who);
            lastBeat = Date.now();
          }
          if (!signal.aborted) onChange(await present(cockpit, who.incident));
        } catch {
          // Unreachable: the marks of others are unknown now; the next beat tries again.
        }
        // With AbortSignal.timeout inside AbortSignal.any the beat stopped on an idle incident under
        // Node 20 (pgReconnect.ts): a killed teammate stayed "also here", a second drill driver was let in.
        await waitForRing(bell, who.incident, beatMs, signal);
      }
      try {
        await pool.query('DELETE FROM cockpit_presence WHERE cockpit = $1', [cockpit]);
        await ring(who.incident);
      } catch {
        // The mark expires by itself.
      }
    },
  };
}
