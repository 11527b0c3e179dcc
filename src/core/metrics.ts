import { tallyTo } from './budgetCount';
import { markedMitigatedAt, type IncidentState } from './incident';
import { compareText } from './compareText';

/**
 * Response metrics of an incident, from its folded state alone (no clock: an incident that is
 * still open is measured up to its last event).
 */

export interface ErrorBudgetUse {
  readonly slo: string;
  /** The observation window the accounting used (the shortest one observed: the finest grain). */
  readonly windowMs: number;
  readonly objective: number;
  readonly periodMs: number;
  /** Fraction of the period's error budget consumed from `from` to `to` (0.02 = 2%). */
  readonly consumed: number;
  /** The incident's first sample of the SLO: nothing before it is counted (the impact's own figures are the export's `impact`). */
  readonly from: string;
  /** The resolution, or the last event of an incident still open. */
  readonly to: string;
  readonly observations: number;
}

export interface ResponseMetrics {
  /** From opening to the first role assignment. */
  readonly timeToAcknowledgeMs?: number;
  readonly timeToFirstActionMs?: number;
  readonly timeToMitigateMs?: number;
  readonly timeToResolveMs?: number;
  /** Opening to resolution, or to the last event while still open. */
  readonly durationMs: number;
  readonly errorBudget: readonly ErrorBudgetUse[];
}

function since(openedAt: string, at: string | undefined): number | undefined {
  return at === undefined ? undefined : Math.max(0, Date.parse(at) - Date.parse(openedAt));
}

/**
 * Budget consumed per SLO, from the finest window's samples laid end to end (core/budgetCount.ts),
 * up to the resolve (or the last event). Before the first observation nothing is counted here:
 * the impact estimate counts it (core/impactStart.ts).
 */
export function errorBudgetUse(state: IncidentState): ErrorBudgetUse[] {
  const end = state.resolvedAt ?? state.lastAt;
  const out: ErrorBudgetUse[] = [];
  for (const [slo, windows] of Object.entries(state.slos)) {
    const finest = Object.values(windows).sort((a, b) => a.windowMs - b.windowMs)[0];
    if (finest === undefined) continue;
    out.push({
      slo,
      windowMs: finest.windowMs,
      objective: finest.objective,
      periodMs: finest.periodMs,
      consumed: tallyTo(finest, { at: Date.parse(finest.lastAt), errorRatio: finest.lastErrorRatio }, finest, Date.parse(end)),
      from: finest.firstAt,
      to: end,
      observations: finest.observations,
    });
  }
  return out.sort((a, b) => compareText(a.slo, b.slo));
}

export function responseMetrics(state: IncidentState): ResponseMetrics {
  const opened = state.openedAt;
  const optional = (key: keyof ResponseMetrics, at: string | undefined) => {
    const ms = since(opened, at);
    return ms === undefined ? {} : { [key]: ms };
  };
  return {
    ...optional('timeToAcknowledgeMs', state.acknowledgedAt),
    ...optional('timeToFirstActionMs', state.firstActionAt),
    ...optional('timeToMitigateMs', markedMitigatedAt(state)),
    ...optional('timeToResolveMs', state.resolvedAt),
    durationMs: since(opened, state.resolvedAt ?? state.lastAt) ?? 0,
    errorBudget: errorBudgetUse(state),
  };
}
