import { isDeepStrictEqual } from 'node:util';
import { anchorBroken, anchorFollower } from '../core/anchor';
import type { EarlierBad, PreviousIncident } from '../core/events';
import { earlierBadOf, earlierIncidents, previousIncident } from '../core/priorIncident';
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
export async function previousFromLog(listed: readonly IncidentSummary[], of: { readonly service: string; readonly environment: string }, now: number, source: IncidentSource): Promise<{ readonly previous?: PreviousIncident; readonly earlierBad?: readonly EarlierBad[]; readonly notice?: string }> {
  let list = listed;
  let notice: string | undefined;
  const read = new Set<string>();
  const found = async (previous: PreviousIncident | undefined) => {
    // Picked again as their logs say them (an incident.json edited alone names another service, a drill, a build).
    const earlierBad = earlierBadOf(earlierIncidents(await asLogged(source, earlierIncidents(list, of, now, previous?.id)), of, now, previous?.id));
    return { ...(previous === undefined ? {} : { previous }), ...(earlierBad.length === 0 ? {} : { earlierBad }), ...(notice === undefined ? {} : { notice }) };
  };
  for (let tries = 0; tries < TRIES; tries += 1) {
    const previous = previousIncident(list, of, now);
    if (previous === undefined) return found(undefined);
    // Already taken as its log says.
    if (read.has(previous.id)) return found(previous);
    read.add(previous.id);
    const logged = await summaryFromLog(source, previous.id);
    const asLoggedPrevious = logged === undefined ? undefined : previousIncident([logged], of, now);
    // Compared as values: a shared store's summary (jsonb) keeps no key order, and every `status` said it did not match.
    if (isDeepStrictEqual(asLoggedPrevious, previous)) return found(previous);
    notice = logged === undefined ? `${previous.id}'s log does not verify: it is not taken as the service's previous incident (cockpit verify ${previous.id})` : `${previous.id}'s summary (incident.json) does not match its log: taken as its log says (cockpit verify ${previous.id})`;
    list = list.flatMap((s) => (s.id !== previous.id ? [s] : logged === undefined ? [] : [logged]));
  }
  return { notice: `${notice ?? ''}; the service's previous incident is not known` };
}

/** `summaries` as their logs say them; one whose log does not verify is left out (what it says steers no plan). */
async function asLogged(source: IncidentSource, summaries: readonly IncidentSummary[]): Promise<IncidentSummary[]> {
  const logged = await Promise.all(summaries.map((s) => summaryFromLog(source, s.id)));
  return logged.filter((s): s is IncidentSummary => s !== undefined);
}
