import pg from 'pg';

/**
 * Connections to the shared store. node-postgres reads the libpq conventions itself (PGHOST,
 * PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ~/.pgpass, `sslmode` in the URL). The password may be in
 * the URL or the environment; it is never shown: `where` has none, and every error passes
 * `scrub` before it is said or logged.
 */
export interface PgTarget {
  /** What node-postgres connects with: the URL as given, `sslmode` read as libpq reads it (`libpqSslModes`). */
  readonly url: string;
  /** The URL without its password: what messages and the screen say. */
  readonly where: string;
  /** Removes the password (from the URL or PGPASSWORD) and the full URL from a text. */
  scrub(text: string): string;
}

export function pgTarget(url: string, env: NodeJS.ProcessEnv = process.env): PgTarget {
  let where = 'postgres://(unparsable URL)';
  const secrets = [url];
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') {
      secrets.push(parsed.password, decodeURIComponent(parsed.password));
      parsed.password = '';
    }
    parsed.search = '';
    where = parsed.toString();
  } catch {
    // An unparsable URL is refused by the driver with its own words; those are scrubbed too.
  }
  if (env.PGPASSWORD) secrets.push(env.PGPASSWORD);
  const hidden = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return {
    url: libpqSslModes(url),
    where,
    scrub: (text) => hidden.reduce((out, secret) => out.split(secret).join('***'), text),
  };
}

/**
 * `sslmode` as libpq means it, as the README says: node-postgres reads `require` as `verify-full` unless asked
 * (`uselibpqcompat=true`), and says so in an 11-line warning on stderr, where a command says one line.
 */
function libpqSslModes(url: string): string {
  if (!/[?&]sslmode=/.test(url) || /[?&]uselibpqcompat=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}uselibpqcompat=true`;
}

/** What went wrong, said once, without the password. */
export function describePgError(target: PgTarget, error: unknown): string {
  const e = error as { message?: string; code?: string };
  const message = e.message ?? String(error);
  // Node's socket errors already end with their code ("read ECONNRESET"); PostgreSQL's do not.
  const code = typeof e.code === 'string' && !message.includes(e.code) ? ` (${e.code})` : '';
  // A database never migrated: `relation "cockpit_incidents" does not exist (42P01)` said nothing of what to do.
  const hint = e.code === '42P01' && /cockpit_/.test(message) ? ': the database has no cockpit tables yet (run `cockpit store migrate` with this --store once)' : '';
  return target.scrub(`${message}${code}${hint}`);
}

/** Errors of the socket, not of the statement: the server is down, restarting or out of reach. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const UNREACHABLE_WORDS = /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed/i;

/**
 * The database could not be reached (rather than refusing the statement): what the shared store
 * rides out with its local queue. SQLSTATE class 08 is "connection exception"; 57P0x are the
 * server shutting down or starting up.
 */
export function isUnreachable(error: unknown): boolean {
  const e = error as { message?: unknown; code?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return true;
  return typeof e?.message === 'string' && UNREACHABLE_WORDS.test(e.message);
}

/**
 * A pool whose clients' errors (the server went away) never crash the process: the queries they
 * fail say so. The pool listens to idle clients only; a new client is handed out from inside the
 * socket's handler, whose packet may go on with the server's 57P01 (a stop that came in the instant
 * after start-up) before whoever took the client listens: that error threw (exit 70 in CI).
 */
export function createPool(target: PgTarget, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: target.url, max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in one transaction on a pooled client: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  // A checked-out client has no listener of the pool's: the server going away mid-transaction must fail the work, not the process.
  const lost = () => {
    broken = true;
  };
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}
