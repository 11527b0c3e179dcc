import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncidentSummary } from '../core/summary';
import { EVENTS_FILE, incidentDir } from './paths';
import { readOpenedEvent } from './readOpened';

/**
 * Whether an incident's `incident.json` says of it what its log does, where that decides what `open` resumes: what the
 * incident is (its service, environment, mode, drill) and, of a real incident it calls resolved, that its log's last
 * resolve or reopen is a resolve. The index is not chained: one edited to `resolved` hid an open incident from the list
 * and from the resume choice, and a drill relabelled a real incident blocked `open`. Reads the log's first line and, for
 * a resolved one, its end back to its last resolve (near the end, as incidents go), never the whole log but when the
 * index lies.
 */
export async function indexAgreesWithLog(dataDir: string, summary: IncidentSummary): Promise<boolean> {
  const opened = await readOpenedEvent(dataDir, summary.id);
  if (!opened.ok) return false;
  const { data, drill } = opened.value;
  if (data.service !== summary.service || data.environment !== summary.environment || data.mode !== summary.mode || drill !== summary.drill) return false;
  if (summary.status !== 'resolved' || summary.mode !== 'incident' || summary.drill) return true;
  return (await lastResolutionKind(join(incidentDir(dataDir, summary.id), EVENTS_FILE))) === 'incident.resolved';
}

const RESOLUTION = /"kind":"incident\.(resolved|reopened)"/;
const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** The kind of the log's last `incident.resolved` or `incident.reopened`, read from its end; undefined when it has none. */
async function lastResolutionKind(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    let end = (await handle.stat()).size;
    // The bytes of a line cut by a chunk's start, read whole with the chunk before it.
    let carried = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - CHUNK_BYTES);
      const chunk = Buffer.alloc(end - start);
      await handle.read(chunk, 0, chunk.length, start);
      const bytes = Buffer.concat([chunk, carried]);
      const cut = start === 0 ? 0 : bytes.indexOf(NEWLINE) + 1;
      const lines = bytes.toString('utf8', cut).split('\n');
      for (let i = lines.length - 1; i >= 0; i -= 1) {
        const kind = RESOLUTION.test(lines[i]!) ? kindOf(lines[i]!) : undefined;
        if (kind === 'incident.resolved' || kind === 'incident.reopened') return kind;
      }
      carried = bytes.subarray(0, cut);
      end = start;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** A line's event kind; undefined for a line that is not an event (a damaged one: verify says so). */
function kindOf(line: string): string | undefined {
  try {
    const kind = (JSON.parse(line) as { kind?: unknown }).kind;
    return typeof kind === 'string' ? kind : undefined;
  } catch {
    return undefined;
  }
}
