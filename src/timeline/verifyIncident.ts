import { readdir } from 'node:fs/promises';
import { ok, type Result } from '../plugins/contract';
import { QUARANTINE_PREFIX } from './paths';
import { scanIncident } from './scanIncident';
import type { LogProblem } from './scanLog';

export interface Verification {
  readonly events: number;
  readonly lastHash: string;
  /** The first line that does not verify; absent when the chain is intact to the end. */
  readonly problem?: LogProblem;
  /** Tails quarantined by earlier opens (they are outside the chain, so they do not break it). */
  readonly quarantined: readonly string[];
}

/** Re-derives every hash of the incident's log from its bytes, and checks seq and prev. */
export async function verifyIncident(dataDir: string, id: string, signal?: AbortSignal): Promise<Result<Verification>> {
  const scanned = await scanIncident(dataDir, id, signal === undefined ? {} : { signal });
  if (!scanned.ok) return scanned;
  const scan = scanned.value;
  const quarantined = (await readdir(scan.dir)).filter((name) => name.startsWith(QUARANTINE_PREFIX)).sort();
  return ok({ events: scan.count, lastHash: scan.lastHash, ...(scan.problem === undefined ? {} : { problem: scan.problem }), quarantined });
}
