import { summarize, type IncidentSummary } from '../core/summary';
import { readIndex } from './incidentIndex';
import { incidentIds } from './incidentIds';
import { EVENTS_FILE, INDEX_FILE, incidentDir } from './paths';
import { verifyIncident } from './verifyIncident';
import { anchorBroken, describeAnchorCheck } from '../core/anchor';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openIncident } from './openIncident';
import { compareText } from '../core/compareText';
import { indexAgreesWithLog } from './indexAgrees';

/**
 * Every stored incident, newest first, from each `incident.json`; an incident whose index is
 * missing or unreadable is folded from its log instead (read-only), so it is never left out. So
 * is one whose log was written after its index: the index is rewritten after every batch the
 * cockpit records, so a later log was written by something else (or the cockpit died between the
 * two), and one whose index says otherwise than its log of what decides a resume (indexAgrees.ts). Its log is checked,
 * and one that does not verify says so (`unverified`): a log edited by hand was listed `resolved` by its index, where
 * `verify` called it broken.
 */
export async function listIncidents(dataDir: string): Promise<IncidentSummary[]> {
  const names = await incidentIds(dataDir);
  const summaries = await Promise.all(
    names.map(async (id): Promise<IncidentSummary | undefined> => {
      const dir = incidentDir(dataDir, id);
      const indexed = await readIndex(dir);
      if (indexed !== undefined && !(await loggedAfterIndex(dir)) && (await indexAgreesWithLog(dataDir, indexed))) return withoutAnchor(indexed);
      const opened = await openIncident({ dataDir, id, readOnly: true, responder: 'list' });
      // A log that cannot be read at all (broken at its first line) leaves the incident listed as its index says, marked.
      if (!opened.ok) return indexed === undefined ? undefined : { ...withoutAnchor(indexed), unverified: (await whyUnverified(dataDir, id)) ?? opened.error.message };
      await opened.value.store.close();
      const summary = summarize(opened.value.store.state());
      const unverified = indexed === undefined ? undefined : await whyUnverified(dataDir, id);
      return unverified === undefined ? summary : { ...summary, unverified };
    }),
  );
  return summaries.filter((s): s is IncidentSummary => s !== undefined).sort((a, b) => compareText(b.openedAt, a.openedAt));
}

function withoutAnchor<T extends { readonly anchor?: unknown }>(indexed: T): Omit<T, 'anchor'> {
  const { anchor: _anchor, ...summary } = indexed;
  return summary;
}

async function loggedAfterIndex(dir: string): Promise<boolean> {
  const [log, index] = await Promise.all([stat(join(dir, EVENTS_FILE)).catch(() => undefined), stat(join(dir, INDEX_FILE)).catch(() => undefined)]);
  return log !== undefined && index !== undefined && log.mtimeMs > index.mtimeMs;
}

/** Why the log does not verify against itself and its anchor, as `verify` would say it; undefined when it does. */
async function whyUnverified(dataDir: string, id: string): Promise<string | undefined> {
  const verified = await verifyIncident(dataDir, id);
  if (!verified.ok) return verified.error.message;
  const { problem, anchor } = verified.value;
  if (problem !== undefined) return `broken at seq ${problem.seq}: ${problem.reason}`;
  if (anchor !== undefined && anchorBroken(anchor.check)) return `the log ${describeAnchorCheck(anchor.check, anchor.anchor, INDEX_FILE)}`;
  return undefined;
}

