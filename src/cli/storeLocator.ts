import { fail, type Result } from '../core/result';
import type { IncidentStore } from '../timeline/incidentStore';
import { resolveDataDir } from '../timeline/paths';
import { SettingError } from './settingError';

/**
 * The one place that decides where incidents live: `--store`, else `COCKPIT_STORE`, else the local
 * JSONL store in the data dir. A `postgres://` (or `postgresql://`) URL is the shared store (its
 * driver is loaded only then); anything else is a directory holding `incidents/`, like
 * `COCKPIT_DATA_DIR`. The local data dir keeps the log file and anything queued either way.
 */
export const STORE_ENV = 'COCKPIT_STORE';
export const STORE_OPTION_HELP = 'where incidents live: a postgres:// URL (the shared store; PGHOST, PGPASSWORD, ~/.pgpass and sslmode honoured) or a directory (default: $COCKPIT_STORE, else the data dir)';
export const STORE_ENV_HELP = `${STORE_ENV} (where incidents live, as --store: a postgres:// URL or a directory)`;

export interface LocatedStore {
  readonly incidents: IncidentStore;
  /** Local files: cockpit.log, and incidents when the store is a directory. */
  readonly dataDir: string;
}

/**
 * How long a dead cockpit's lease and presence outlive it on the shared store (defaults: 30 s and
 * 15 s). Shorter suits a team on a fast network, and the tests that kill a cockpit on purpose.
 */
export const LEASE_TTL_ENV = 'COCKPIT_LEASE_TTL_MS';
export const PRESENCE_TTL_ENV = 'COCKPIT_PRESENCE_TTL_MS';

/** The shortest TTL taken: a holder renews its lease at a third of it. */
const MIN_TTL_MS = 500;

function sharedTimings(env: NodeJS.ProcessEnv): { leaseTtlMs?: number; presenceTtlMs?: number } {
  const ms = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < MIN_TTL_MS) {
      throw new SettingError(`${name}=${JSON.stringify(text).slice(1, -1)} is not a time it can take: a whole number of milliseconds, at least ${MIN_TTL_MS} (unset it for the default)`);
    }
    return value;
  };
  const lease = ms(LEASE_TTL_ENV);
  const presence = ms(PRESENCE_TTL_ENV);
  return { ...(lease === undefined ? {} : { leaseTtlMs: lease }), ...(presence === undefined ? {} : { presenceTtlMs: presence }) };
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export async function locateStore(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<LocatedStore> {
  const location = flag ?? (env[STORE_ENV] === '' ? undefined : env[STORE_ENV]);
  if (location !== undefined && isPostgresUrl(location)) {
    const { pgIncidentStore } = await import('../timeline/postgres/pgIncidentStore');
    const dataDir = resolveDataDir(env);
    // Events done while the database is unreachable wait on this machine, in the data dir.
    return { incidents: pgIncidentStore(location, env, { ...sharedTimings(env), localDir: dataDir }), dataDir };
  }
  const dataDir = location ?? resolveDataDir(env);
  // Loaded here, not with the command line: a drill draws its first frame before it needs the store (issue #17).
  const { jsonlIncidentStore } = await import('../timeline/incidentStore');
  return { incidents: jsonlIncidentStore(dataDir), dataDir };
}

/**
 * `--store` for a command printed to be run later (resume, export): the one this command was
 * given, a URL without its password (the same environment or ~/.pgpass supplies it); none when
 * the store came from the default or COCKPIT_STORE. Without it the printed command looked in
 * the local data dir and found no such incident.
 */
export function storeOption(flag: string | undefined, where: string): string[] {
  if (flag === undefined) return [];
  return ['--store', isPostgresUrl(flag) ? where : flag];
}

/** A read the store could not make (the shared store unreachable): its message already says where, without the password. */
export function storeFailure(error: unknown): Result<never> {
  return fail('unreachable', error instanceof Error ? error.message : String(error));
}
