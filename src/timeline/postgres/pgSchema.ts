import type pg from 'pg';
import { inTransaction } from './pgConnect';

/**
 * The shared store's schema, versioned. Each migration runs once, in order, in one transaction
 * that first takes a transaction-scoped advisory lock: two `cockpit store migrate` started at once
 * (from two machines) apply each version exactly once, the second finding the work done.
 *
 * `cockpit_incidents` holds each incident's head (the anchor: count and hash of the last event,
 * always moved in the append's own transaction) and its summary for listing; `cockpit_events`
 * holds every event as its exact line (hash-chain format), so verify re-derives each hash from
 * the stored text, as it does from `events.jsonl`.
 */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE cockpit_incidents (
       id text PRIMARY KEY,
       head_seq bigint NOT NULL,
       head_hash text NOT NULL,
       opened_at text NOT NULL,
       summary jsonb NOT NULL
     )`,
    `CREATE TABLE cockpit_events (
       incident text NOT NULL REFERENCES cockpit_incidents (id),
       seq bigint NOT NULL CHECK (seq > 0),
       line text NOT NULL,
       PRIMARY KEY (incident, seq)
     )`,
  ],
  [
    // One mutating action at a time per provider target, across responders (see pgLeases.ts).
    `CREATE TABLE cockpit_leases (
       target text PRIMARY KEY,
       incident text NOT NULL,
       responder text NOT NULL,
       action text NOT NULL,
       name text NOT NULL,
       started_at timestamptz NOT NULL,
       expires_at timestamptz NOT NULL
     )`,
  ],
  [
    // Who has an incident open (see pgPresence.ts): a row per cockpit, kept alive by its heartbeat.
    `CREATE TABLE cockpit_presence (
       cockpit text PRIMARY KEY,
       incident text NOT NULL,
       responder text NOT NULL,
       read_only boolean NOT NULL,
       since timestamptz NOT NULL,
       expires_at timestamptz NOT NULL
     )`,
    'CREATE INDEX cockpit_presence_incident ON cockpit_presence (incident)',
    'CREATE INDEX cockpit_leases_incident ON cockpit_leases (incident)',
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The advisory lock key of migrations ("cockpit" in ASCII, as a bigint). */
const MIGRATE_LOCK = '27977075087566964';

export interface Migrated {
  readonly from: number;
  readonly to: number;
}

async function versionIn(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('cockpit_schema') AS t");
  if (exists.rows[0]?.t === null || exists.rows[0]?.t === undefined) return 0;
  const row = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM cockpit_schema');
  return row.rows[0]?.v ?? 0;
}

/** Creates or upgrades the schema to SCHEMA_VERSION; idempotent. */
export async function migrate(pool: pg.Pool): Promise<Migrated> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS cockpit_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const from = await versionIn(client);
    if (from > SCHEMA_VERSION) throw new Error(`the shared store's schema is version ${from}, newer than this cockpit knows (${SCHEMA_VERSION}): upgrade the cockpit`);
    for (let version = from + 1; version <= SCHEMA_VERSION; version += 1) {
      for (const statement of MIGRATIONS[version - 1] ?? []) await client.query(statement);
      await client.query('INSERT INTO cockpit_schema (version) VALUES ($1)', [version]);
    }
    return { from, to: SCHEMA_VERSION };
  });
}

/** Undefined when the schema is this cockpit's; otherwise what to do about it. */
export async function schemaProblem(pool: pg.Pool): Promise<string | undefined> {
  const client = await pool.connect();
  try {
    const version = await versionIn(client);
    if (version === SCHEMA_VERSION) return undefined;
    if (version < SCHEMA_VERSION) return `the shared store's schema is version ${version}, this cockpit needs ${SCHEMA_VERSION}: run cockpit store migrate`;
    return `the shared store's schema is version ${version}, newer than this cockpit knows (${SCHEMA_VERSION}): upgrade the cockpit`;
  } finally {
    client.release();
  }
}
