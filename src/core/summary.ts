import type { IncidentMode } from './events';
import { incidentStatus, type IncidentState, type IncidentStatus } from './incident';
import type { Severity } from './runbookModel';
import { incidentIdMinute } from './incidentId';

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
}

export function summarize(state: IncidentState): IncidentSummary {
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
    ...(state.mitigatedAt === undefined ? {} : { mitigatedAt: state.mitigatedAt }),
    ...(state.resolvedAt === undefined ? {} : { resolvedAt: state.resolvedAt }),
  };
}


/**
 * When the incident was opened in real time. A sandbox drill's timeline keeps the scenario's clock
 * (its `openedAt` can be days before it ran); its id is stamped with the minute it ran.
 */
export function ranAt(summary: Pick<IncidentSummary, 'id' | 'mode' | 'openedAt'>): string {
  return (summary.mode === 'drill-sandbox' ? incidentIdMinute(summary.id) : undefined) ?? summary.openedAt;
}
