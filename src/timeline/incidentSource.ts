import { readdir } from 'node:fs/promises';
import type { Anchor } from '../core/anchor';
import type { IncidentState } from '../core/incident';
import type { Result } from '../core/result';
import { readIndex } from './incidentIndex';
import { incidentDir, isSafeIncidentId, QUARANTINE_PREFIX } from './paths';
import { scanIncident } from './scanIncident';
import type { LogProblem, ScanOptions } from './scanLog';

export type { ScanOptions };

/** One verifying, folding pass over an incident's stored events, wherever they are stored. */
export interface ScannedIncident {
  readonly count: number;
  readonly lastHash: string;
  readonly state?: IncidentState;
  readonly problem?: LogProblem;
}

/**
 * What `verify` and `export` read: the chain (re-verified from its stored text), the anchor kept
 * beside it, and tails set aside outside the chain. The JSONL store and the shared store each give one.
 */
export interface IncidentSource {
  scan(id: string, options: ScanOptions): Promise<Result<ScannedIncident>>;
  anchor(id: string): Promise<Anchor | undefined>;
  quarantined(id: string): Promise<readonly string[]>;
}

/** The local store's: `events.jsonl`, `incident.json` and quarantined tails in the incident's directory. */
export function jsonlSource(dataDir: string): IncidentSource {
  return {
    scan: (id, options) => scanIncident(dataDir, id, options),
    // An unsafe id reads no index; scan then refuses it.
    anchor: async (id) => (isSafeIncidentId(id) ? (await readIndex(incidentDir(dataDir, id)))?.anchor : undefined),
    quarantined: async (id) => (await readdir(incidentDir(dataDir, id))).filter((name) => name.startsWith(QUARANTINE_PREFIX)).sort(),
  };
}
