import { join } from 'node:path';
import envPaths from 'env-paths';

/**
 * Where incidents live: `$COCKPIT_DATA_DIR`, else the platform's data dir (env-paths, with the
 * same project name and suffix conventions conf uses for settings). Each incident is one
 * directory under `<dataDir>/incidents/`, so the data dir can hold other things later (drill
 * sandboxes) without them being mistaken for incidents.
 */

export const PROJECT_NAME = 'incident-cockpit';

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.COCKPIT_DATA_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : envPaths(PROJECT_NAME).data;
}

export function incidentsDir(dataDir: string): string {
  return join(dataDir, 'incidents');
}

export function incidentDir(dataDir: string, id: string): string {
  return join(incidentsDir(dataDir), id);
}

export const EVENTS_FILE = 'events.jsonl';
export const INDEX_FILE = 'incident.json';
export const LOCK_FILE = 'lock';
export const QUARANTINE_PREFIX = `${EVENTS_FILE}.corrupt-`;

/** Incident ids are file names: refuse anything that could escape the incidents dir. */
export function isSafeIncidentId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) && !id.includes('..');
}
