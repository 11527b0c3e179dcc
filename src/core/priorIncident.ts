import type { PreviousIncident } from './events';
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
