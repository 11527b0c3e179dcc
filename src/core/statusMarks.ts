import type { EventOf, StoredEvent } from './events';
import { anomaly, edit, type Draft } from './incidentDraft';
import type { IncidentState } from './incidentState';
import { madeBefore } from './lateDecision';

type StatusMark = EventOf<'incident.mitigated'> | EventOf<'incident.resolved'> | EventOf<'incident.reopened'>;

/**
 * A mark of the incident (mitigated, resolved, reopened) stands by when it was made, as any decision does
 * (core/lateDecision.ts): alice's resolve, queued while the shared store was out of reach, uploaded after bob's later
 * resolve and reopen ("errors are back"), closed the incident again on every screen; and the next `cockpit open` made a
 * second incident beside the one a teammate worked in. Made before the mark that stands, it changes nothing.
 */
export function statusDecided(state: IncidentState, event: StoredEvent, draft: Draft): IncidentState {
  const mark = event as StatusMark;
  if (madeBefore(mark, state.decided.status)) return state;
  // Asked before it is applied: a draft's fold changes the state in place.
  const changes = mark.kind === 'incident.mitigated' ? state.mitigatedAt === undefined : mark.kind === 'incident.resolved' ? state.resolvedAt === undefined : state.resolvedAt !== undefined || state.mitigatedAt !== undefined;
  const marked = applyMark(state, mark, draft);
  return changes ? edit(draft, marked, { decided: { ...marked.decided, status: { at: mark.at, actor: mark.actor } } }) : marked;
}

function applyMark(state: IncidentState, event: StatusMark, draft: Draft): IncidentState {
  switch (event.kind) {
    case 'incident.mitigated':
      return state.mitigatedAt === undefined ? edit(draft, state, { mitigatedAt: event.at, ...(event.data.burning === undefined ? {} : { mitigatedBurning: true }) }) : state;
    case 'incident.resolved':
      return state.resolvedAt === undefined
        ? edit(draft, state, {
            resolvedAt: event.at,
            mitigatedAt: state.mitigatedAt ?? event.at,
            ...(state.mitigatedAt === undefined ? { mitigatedByResolve: true } : {}),
            ...(event.data.burning === undefined ? {} : { resolvedBurning: true }),
            ...(event.data.passedOver === undefined ? {} : { resolvedPassedOver: event.data.passedOver }),
            ...(event.data.notTheCause === undefined ? {} : { resolvedNotTheCause: event.data.notTheCause }),
          })
        : state;
    case 'incident.reopened': {
      // Back to where it was before the mistaken mark: resolved → mitigated (if someone said so), mitigated → open.
      const { resolvedAt, resolvedBurning: _b, resolvedPassedOver: _p, resolvedNotTheCause: _n, mitigatedAt: _m, mitigatedBurning, mitigatedByResolve, ...rest } = state;
      if (resolvedAt === undefined && state.mitigatedAt === undefined) return anomaly(state, event, 'the incident is not mitigated or resolved', draft);
      return resolvedAt !== undefined && !mitigatedByResolve && state.mitigatedAt !== undefined ? { ...rest, mitigatedAt: state.mitigatedAt, ...(mitigatedBurning ? { mitigatedBurning } : {}) } : rest;
    }
  }
}
