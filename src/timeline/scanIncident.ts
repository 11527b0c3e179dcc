import { join } from 'node:path';
import { fail, ok, type Result } from '../core/result';
import { EVENTS_FILE, incidentDir, incidentsDir, isSafeIncidentId } from './paths';
import { scanLog, type LogScan, type ScanOptions } from './scanLog';

/**
 * Verifies and folds an incident's log by id, read-only and without the lock: for the commands
 * that only read (verify, export). An unknown id is an error value, not an exception.
 */
export async function scanIncident(
  dataDir: string,
  id: string,
  options: ScanOptions = {},
): Promise<Result<LogScan & { readonly dir: string }>> {
  if (!isSafeIncidentId(id)) return fail('not-found', `${JSON.stringify(id)} is not an incident id`);
  const dir = incidentDir(dataDir, id);
  try {
    return ok({ ...(await scanLog(join(dir, EVENTS_FILE), options)), dir });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail('not-found', `no incident ${id} in ${incidentsDir(dataDir)}`);
    throw error;
  }
}
