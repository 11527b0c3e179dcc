import type { BurnSamples } from '../core/burnWentOn';
import type { NewEvent, StoredEvent } from '../core/events';
import { notTheCauseNow } from '../core/notTheCause';
import type { IncidentState } from '../core/incident';
import type { PassedOver } from '../core/nextStep';
import type { Intent, IntentResult } from './intents';

type Mark = Extract<Intent, { type: 'incident.mitigated' | 'incident.resolved' | 'incident.reopen' }>;

/**
 * The event a responder's mark of the incident (mitigated, resolved, reopened) records, or why
 * it is refused. `burning` is what still burns now (src/core/stillBurning.ts): closing the
 * incident over it is allowed, but only with a reason, recorded beside what burned. `unknown`: why
 * the burn is not known (no SLO reading): a reason is asked for too, and nothing is said burned.
 */
export function markEvent(intent: Mark, state: IncidentState, burning: string | undefined, passed?: PassedOver, unknown?: string, burns?: BurnSamples, pending: readonly { readonly kind: string }[] = []): { readonly ok: true; readonly event: NewEvent } | Extract<IntentResult, { ok: false }> {
  const reason = intent.reason?.trim() ?? '';
  // Queued while the shared store is away (the top bar still reads OPEN): a second `r` queued a second resolve.
  const kind = intent.type === 'incident.reopen' ? 'incident.reopened' : intent.type;
  if (pending.some((event) => event.kind === kind)) return { ok: false, reason: `${kind.slice('incident.'.length)} already: ⧗ pending, recorded once the shared store is back` };
  if (intent.type === 'incident.reopen') {
    if (reason === '') return { ok: false, reason: 'say why the incident is reopened' };
    if (state.mitigatedAt === undefined && state.resolvedAt === undefined) return { ok: false, reason: 'the incident is open: nothing to reopen' };
    return { ok: true, event: { kind: 'incident.reopened', data: { reason } } };
  }
  const word = intent.type === 'incident.mitigated' ? 'mitigated' : 'resolved';
  if (intent.type === 'incident.mitigated' ? state.mitigatedAt : state.resolvedAt) return { ok: false, reason: `already ${word}` };
  if (burning !== undefined && reason === '') return { ok: false, reason: `${burning}: say why you mark it ${word} anyway` };
  if (unknown !== undefined && reason === '') return { ok: false, reason: `${unknown}: say why you mark it ${word}` };
  const summary = intent.summary?.trim() ?? '';
  const data = { ...(summary === '' ? {} : { summary }), ...(reason === '' ? {} : { reason }), ...(burning === undefined ? {} : { burning }) };
  if (intent.type === 'incident.mitigated') return { ok: true, event: { kind: 'incident.mitigated', data } };
  // What the resolve dialog said of the steps not done, kept for the postmortem.
  const steps = (passed?.indexes ?? []).flatMap((index) => (state.steps[index] === undefined ? [] : [state.steps[index]!.id]));
  const notTheCause = burns === undefined ? [] : notTheCauseNow(state, burns, burning === undefined && unknown === undefined);
  return { ok: true, event: { kind: 'incident.resolved', data: { ...data, ...(steps.length === 0 ? {} : { passedOver: { steps, why: passed!.why } }), ...(notTheCause.length === 0 ? {} : { notTheCause }) } } };
}

/**
 * What a mark's record says to the responder who made it. On a shared store a teammate's mark made the same moment is
 * recorded once (`restatedBy`): the store hands back the teammate's, and this responder is told theirs was not recorded
 * (two `r` pressed together recorded two resolves).
 */
export function markedFirst(stored: StoredEvent | undefined, responder: string): IntentResult {
  if (stored === undefined || stored.actor === responder) return { ok: true };
  const word = stored.kind === 'incident.mitigated' ? 'marked it mitigated' : stored.kind === 'incident.reopened' ? 'reopened it' : 'resolved it';
  return { ok: false, reason: `${stored.actor} ${word} at ${stored.at.slice(11, 19)}Z, first: yours is not recorded` };
}
