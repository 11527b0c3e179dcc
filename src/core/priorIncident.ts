import type { EarlierBad, PreviousIncident } from './events';
import type { RecommendationInput } from './recommendation';
import type { IncidentSummary } from './summary';

/**
 * The incident a new one of a service follows: its newest resolved real incident in the same
 * environment. A burn that comes back soon after it is seen through SLO windows that still hold
 * the first burn's errors (an hour's window, six hours'): read as one steady burn, they dated a
 * burn a minute old to the first incident's start, cleared that incident's rollback as "after the
 * burn had begun", and counted its errors again. An incident resolved while an SLO still burned
 * bounds nothing (the burn after it may be the same one), and hides no earlier one resolved with
 * its burn over: the burn since began after that.
 */
export function previousIncident(incidents: readonly IncidentSummary[], of: { readonly service: string; readonly environment: string }, now: number): PreviousIncident | undefined {
  let newest: IncidentSummary | undefined;
  for (const s of incidents) {
    if (s.service !== of.service || s.environment !== of.environment || s.mode !== 'incident' || s.drill || s.resolvedAt === undefined || s.resolvedWhileBurning) continue;
    const at = Date.parse(s.resolvedAt);
    if (!(at <= now)) continue;
    if (newest === undefined || at > Date.parse(newest.resolvedAt!)) newest = s;
  }
  if (newest === undefined) return undefined;
  const { rolledBackFrom, rolledBackTo, rollbacks } = newest;
  return {
    id: newest.id,
    resolvedAt: newest.resolvedAt!,
    ...(rolledBackFrom === undefined ? {} : { rolledBackFrom }),
    ...(rolledBackTo === undefined ? {} : { rolledBackTo }),
    ...(rollbacks === undefined ? {} : { rollbacks }),
  };
}

/** How far back, and how many incidents besides the previous one, a new incident takes known-bad builds from. */
const EARLIER_MS = 7 * 24 * 3_600_000;
const EARLIER_INCIDENTS = 3;

/**
 * The service's other recent incidents in the environment whose rollbacks moved away from a build, newest first: resolved
 * ones (while burning too: the build was rolled back from all the same) but the previous one, within a week, a few at
 * most. Only the previous incident's were known bad: the next incident planned a rollback onto a build one resolved a
 * minute before (while its window drained) had rolled back from, and one onto the build of the incident two back.
 */
export function earlierIncidents(incidents: readonly IncidentSummary[], of: { readonly service: string; readonly environment: string }, now: number, previousId: string | undefined): IncidentSummary[] {
  return incidents
    .filter((s) => s.service === of.service && s.environment === of.environment && s.mode === 'incident' && !s.drill && s.id !== previousId && (s.rolledBackFrom?.length ?? 0) > 0)
    .filter((s) => s.resolvedAt !== undefined && Date.parse(s.resolvedAt) <= now && now - Date.parse(s.resolvedAt) <= EARLIER_MS)
    .sort((a, b) => Date.parse(b.resolvedAt!) - Date.parse(a.resolvedAt!))
    .slice(0, EARLIER_INCIDENTS);
}

/** What `earlier` (earlierIncidents, each as its log says) rolled back from. */
export function earlierBadOf(earlier: readonly IncidentSummary[]): EarlierBad[] {
  return earlier.flatMap((s) => (s.rolledBackFrom ?? []).map((revision) => ({ revision, incident: s.id, resolvedAt: s.resolvedAt! })));
}

/** The earliest a burn seen after `previous` can have begun (epoch ms), if there is such a bound. */
export function burnNotBefore(previous: PreviousIncident | undefined): number | undefined {
  const at = previous === undefined ? Number.NaN : Date.parse(previous.resolvedAt);
  return Number.isFinite(at) ? at : undefined;
}

/** `previous` as the recommendation takes it: what changed by its resolve ran with the burn stopped. */
export function ranCleanBefore(previous: PreviousIncident | undefined): Pick<RecommendationInput, 'previousIncident'> {
  const resolvedAt = burnNotBefore(previous);
  return previous === undefined || resolvedAt === undefined ? {} : { previousIncident: { id: previous.id, resolvedAt } };
}
