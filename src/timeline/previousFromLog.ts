import { isDeepStrictEqual } from 'node:util';
import { anchorBroken, anchorFollower } from '../core/anchor';
import type { PreviousIncident } from '../core/events';
import { previousIncident } from '../core/priorIncident';
import { summarize, type IncidentSummary } from '../core/summary';
import type { IncidentSource } from './incidentSource';

/** An incident's summary as its log says it, the log verified (its chain and its anchor); undefined when it does not verify. */
export async function summaryFromLog(source: IncidentSource, id: string): Promise<IncidentSummary | undefined> {
  const anchored = anchorFollower(await source.anchor(id));
  const scanned = await source.scan(id, { onEvent: (event) => anchored.see(event) });
  if (!scanned.ok || scanned.value.problem !== undefined || scanned.value.state === undefined) return undefined;
  const check = anchored.check(scanned.value.count);
  return check !== undefined && anchorBroken(check) ? undefined : summarize(scanned.value.state);
}

/** How many listed incidents in a row may be found not to be what their summary says before the search gives up. */
const TRIES = 5;

/**
 * The service's previous incident (core/priorIncident.ts), as its log says it: what a new incident takes from it steers
 * its rollbacks (the revisions it rolled back from are known bad, never a plan's target). An `incident.json` edited
 * alone (its rollbacks' revisions, the build's author, a drill relabelled) passed `verify` and set a production plan's
 * target. One whose log says otherwise is taken as its log says (or passed over, when its log does not verify), and why
 * is said (`notice`).
 */
export async function previousFromLog(listed: readonly IncidentSummary[], of: { readonly service: string; readonly environment: string }, now: number, source: IncidentSource): Promise<{ readonly previous?: PreviousIncident; readonly notice?: string }> {
  let list = listed;
  let notice: string | undefined;
  const read = new Set<string>();
  for (let tries = 0; tries < TRIES; tries += 1) {
    const previous = previousIncident(list, of, now);
    if (previous === undefined) return notice === undefined ? {} : { notice };
    // Already taken as its log says.
    if (read.has(previous.id)) return { previous, ...(notice === undefined ? {} : { notice }) };
    read.add(previous.id);
    const logged = await summaryFromLog(source, previous.id);
    const asLogged = logged === undefined ? undefined : previousIncident([logged], of, now);
    // Compared as values: a shared store's summary (jsonb) keeps no key order, and every `status` said it did not match.
    if (isDeepStrictEqual(asLogged, previous)) return { previous, ...(notice === undefined ? {} : { notice }) };
    notice = logged === undefined ? `${previous.id}'s log does not verify: it is not taken as the service's previous incident (cockpit verify ${previous.id})` : `${previous.id}'s summary (incident.json) does not match its log: taken as its log says (cockpit verify ${previous.id})`;
    list = list.flatMap((s) => (s.id !== previous.id ? [s] : logged === undefined ? [] : [logged]));
  }
  return { notice: `${notice ?? ''}; the service's previous incident is not known` };
}
