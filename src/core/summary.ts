import type { IncidentMode, RollbackMade } from './events';
import { incidentStatus, markedMitigatedAt, type IncidentState, type IncidentStatus } from './incident';
import type { Severity } from './runbookModel';
import { compareText } from './compareText';
import { rollbacksOf } from './deployAttribution';
import { incidentIdMinute } from './incidentId';
import { rolledBackFrom } from './knownBad';
import { rolledBackTo } from './ranHere';

/** The one-line view of an incident: `cockpit incidents`, `incident.json`, the JSON export. */
export interface IncidentSummary {
  readonly id: string;
  readonly service: string;
  readonly title?: string;
  readonly severity: Severity;
  readonly environment: string;
  readonly mode: IncidentMode;
  readonly drill: boolean;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly status: IncidentStatus;
  readonly mitigatedAt?: string;
  readonly resolvedAt?: string;
  /** Resolved while an SLO still burned: a burn after it may be the same one. */
  readonly resolvedWhileBurning?: true;
  /** Marked mitigated while an SLO still burned (the JSON export said nothing of it, the postmortem "marked while burning"). */
  readonly mitigatedWhileBurning?: true;
  /** The revisions its rollbacks moved away from (core/knownBad.ts): the next incident's known bad. */
  readonly rolledBackFrom?: readonly string[];
  /** The revisions its rollbacks moved to and did not leave again (core/ranHere.ts): known to run, for the next incident. */
  readonly rolledBackTo?: readonly string[];
  /** The deployments its rollbacks and their undos made, and by whom: the next incident names them so, not after the build's author. */
  readonly rollbacks?: readonly RollbackMade[];
  /** Listed only: its log does not verify (edited after the cockpit wrote it), and why; the rest is what verifies of it. */
  readonly unverified?: string;
}

/**
 * `notTheCause`: the revisions rolled back from that the burn cleared (core/notTheCause.ts); by default what the resolve
 * recorded, none before it.
 */
export function summarize(state: IncidentState, notTheCause: readonly string[] = state.resolvedNotTheCause ?? []): IncidentSummary {
  // Not what the burn cleared: a bad-flag drill's wrong rollback left `rolledBackFrom: [":42"]` for the next incident to
  // call known bad, beside its own open end "checkout-api:42 is likely not the cause".
  const rolledBack = rolledBackFrom(state).filter((revision) => !notTheCause.includes(revision));
  const movedTo = rolledBackTo(state);
  const rollbacks = rollbacksOf(state.actions);
  return {
    id: state.id,
    service: state.service,
    ...(state.title === undefined ? {} : { title: state.title }),
    severity: state.severity,
    environment: state.environment,
    mode: state.mode,
    drill: state.drill,
    openedAt: state.openedAt,
    openedBy: state.openedBy,
    status: incidentStatus(state),
    // Only a mitigated mark: a resolve without one is not a mitigation at the resolve time (the
    // JSON export said `mitigatedAt` = `resolvedAt` where the postmortem said "not marked").
    ...(markedMitigatedAt(state) === undefined ? {} : { mitigatedAt: markedMitigatedAt(state), ...(state.mitigatedBurning ? { mitigatedWhileBurning: true as const } : {}) }),
    ...(state.resolvedAt === undefined ? {} : { resolvedAt: state.resolvedAt }),
    ...(state.resolvedAt !== undefined && state.resolvedBurning ? { resolvedWhileBurning: true as const } : {}),
    ...(rolledBack.length === 0 ? {} : { rolledBackFrom: rolledBack }),
    ...(movedTo.length === 0 ? {} : { rolledBackTo: movedTo }),
    ...(rollbacks.length === 0 ? {} : { rollbacks }),
  };
}


/**
 * When the incident was opened in real time. A sandbox drill's timeline keeps the scenario's clock
 * (its `openedAt` can be days before it ran); its id is stamped with the minute it ran.
 */
export function ranAt(summary: Pick<IncidentSummary, 'id' | 'mode' | 'openedAt'>): string {
  return (summary.mode === 'drill-sandbox' ? incidentIdMinute(summary.id) : undefined) ?? summary.openedAt;
}

type Listed = Pick<IncidentSummary, 'id' | 'mode' | 'openedAt'>;

/**
 * Newest first by when each ran. A sandbox drill's run is known only to the minute (its id), so
 * within a minute the one created later comes first: an id's `-N` counts the incidents its
 * service opened that minute (the same scenario's drills share one recorded opening time).
 */
export function newestFirst(a: Listed, b: Listed): number {
  return compareText(ranAt(b).slice(0, 16), ranAt(a).slice(0, 16)) || createdLater(a.id, b.id) || compareText(ranAt(b), ranAt(a));
}

function createdLater(a: string, b: string): number {
  const [baseA, nthA] = nth(a);
  const [baseB, nthB] = nth(b);
  return baseA === baseB ? nthB - nthA : 0;
}

/** `inc-…-checkout-api-3` → [`inc-…-checkout-api`, 3]; an id without a count is its minute's first. */
function nth(id: string): [string, number] {
  const match = /^(.*)-(\d+)$/.exec(id);
  return match === null || incidentIdMinute(match[1]!) === undefined ? [id, 1] : [match[1]!, Number(match[2])];
}

/**
 * Of incidents listed newest first (from any store), the one `cockpit open` resumes: the service's newest real incident in this environment
 * that is not resolved. Drills of either kind are never resumed (a rehearsal is not the incident).
 */
export function pickOpenIncident(incidents: readonly IncidentSummary[], of: { readonly service: string; readonly environment: string }): IncidentSummary | undefined {
  return incidents.find((s) => s.service === of.service && s.environment === of.environment && s.mode === 'incident' && !s.drill && s.status !== 'resolved');
}
