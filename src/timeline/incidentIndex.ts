import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAnchor, type Anchor } from '../core/anchor';
import type { IncidentSummary } from '../core/summary';
import { writeFileAtomically } from './atomicWrite';
import { INDEX_FILE } from './paths';

/**
 * `incident.json`: a small summary beside the log so `cockpit incidents` need not fold every
 * log, and the chain's anchor (event count and head hash) so `verify` can tell a log that lost
 * its last lines, or was rewritten whole, from an intact one. The summary is a cache of the fold;
 * the anchor is rewritten after every recorded batch, once the log is synced, so it can lag the
 * log after a crash (verify says so) but never run ahead of it.
 */

export interface IncidentIndex extends IncidentSummary {
  readonly anchor?: Anchor;
}

/** Atomic replace: a reader sees the old index or the new one, never half of one. */
export async function writeIndex(dir: string, summary: IncidentSummary, anchor: Anchor): Promise<void> {
  await writeFileAtomically(join(dir, INDEX_FILE), `${JSON.stringify({ ...summary, anchor }, null, 2)}\n`);
}

export async function readIndex(dir: string): Promise<IncidentIndex | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as IncidentSummary & { anchor?: unknown };
    if (typeof parsed.id !== 'string' || typeof parsed.openedAt !== 'string') return undefined;
    const { anchor, ...summary } = parsed;
    const checked = parseAnchor(anchor);
    return checked === undefined ? summary : { ...summary, anchor: checked };
  } catch {
    return undefined;
  }
}
