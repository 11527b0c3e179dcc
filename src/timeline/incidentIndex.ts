import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncidentSummary } from '../core/summary';
import { INDEX_FILE } from './paths';

/**
 * `incident.json`: a small summary beside the log so `cockpit incidents` need not fold every
 * log. It is a cache of the fold, rewritten after events that change it and on every open; the
 * log stays the truth, and a missing or unreadable index is rebuilt from it.
 */

/** Atomic replace: a reader sees the old index or the new one, never half of one. */
export async function writeIndex(dir: string, summary: IncidentSummary): Promise<void> {
  const path = join(dir, INDEX_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(summary, null, 2)}\n`);
  await rename(temp, path);
}

export async function readIndex(dir: string): Promise<IncidentSummary | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as IncidentSummary;
    return typeof parsed.id === 'string' && typeof parsed.openedAt === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
