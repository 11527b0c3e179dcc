import { COCKPIT_ACTOR } from './cockpitActor';
import type { IncidentMode, NewEvent } from './events';
import type { ActionState } from './incidentState';

/** A lease whose cockpit stopped renewing it: the action it guarded was interrupted. */
export interface ExpiredLease {
  readonly responder: string;
  readonly incident: string;
  readonly action: string;
  /** `<provider>.<action>`, e.g. deploys.rollback. */
  readonly name: string;
  /** When it expired, on the store's clock (ISO). */
  readonly expiredAt: string;
}

/**
 * How an expiry is said on a timeline: at the store's time, or in a sandbox drill without it (its
 * timeline runs on the drill's clock: `lease expired 18:31:44` stood beside 02:34).
 */
export type ExpiryClock = 'store' | 'drill';

const expiredText = (expiredAt: string, clock: ExpiryClock) => (clock === 'drill' ? 'expired' : `expired ${/T(\d\d:\d\d:\d\d)/.exec(expiredAt)?.[1] ?? expiredAt}`);

/** "alice's cockpit stopped; lease expired 03:14:05": what every cockpit and the postmortem say. */
export function interruptionReason(responder: string, expiredAt: string, clock: ExpiryClock = 'store'): string {
  return `${responder}'s cockpit stopped; lease ${expiredText(expiredAt, clock)}`;
}

/** The timeline's record of it (`action.interrupted`), recorded once, by whichever cockpit found the lease expired. */
export function interruptionEvent(lease: ExpiredLease, clock: ExpiryClock = 'store'): NewEvent {
  // Found by whichever cockpit reaped the lease: written as the cockpit's (the postmortem read `| bob | … interrupted:
  // alice's cockpit stopped`, as if bob had stopped alice's action).
  return {
    kind: 'action.interrupted',
    actor: COCKPIT_ACTOR,
    data: { action: lease.action, responder: lease.responder, leaseExpiredAt: lease.expiredAt, reason: interruptionReason(lease.responder, lease.expiredAt, clock) },
  };
}

/**
 * An action that held no lease (a diagnostic command the runbook does not ask to confirm), running in a cockpit that left
 * the incident (its presence gone: killed): interrupted, said once by whichever cockpit saw it go. Nothing else ever ended
 * it: teammates read `⟳ RUNNING … in dave's cockpit` for good, and Enter on its step waited for an end that never came.
 */
export function leftEvent(action: Pick<ActionState, 'id'>, responder: string, at: string, clock: ExpiryClock = 'store'): NewEvent {
  const when = clock === 'drill' ? '' : ` ${/T(\d\d:\d\d:\d\d)/.exec(at)?.[1] ?? at}`;
  return { kind: 'action.interrupted', actor: COCKPIT_ACTOR, data: { action: action.id, responder, leaseExpiredAt: at, reason: `${responder}'s cockpit stopped; it left the incident${when}` } };
}

/**
 * A lease that expired while its action's change was made and being verified (the lease is held
 * through the check): the change stands, and nobody watches it any more (`action.unwatched`). Every
 * cockpit read "being verified in carol's cockpit" for as long as the incident stayed open.
 */
export function unwatchedEvent(lease: ExpiredLease, clock: ExpiryClock = 'store'): NewEvent {
  // Its cockpit may only have lost the shared store, and watch on (its outcome, when it comes, wins): not said to have stopped.
  const reason = `${lease.responder}'s lease on it ${expiredText(lease.expiredAt, clock)} while it was being verified (${lease.responder}'s cockpit stopped, or lost the shared store): Enter on its step checks it`;
  return { kind: 'action.unwatched', actor: COCKPIT_ACTOR, data: { action: lease.action, reason, leaseExpired: true } };
}

/**
 * What the expiry of `action`'s lease means on its timeline: its change made and being verified,
 * nobody watches it now; still running (or confirmed), it was interrupted; otherwise its outcome is
 * recorded and nothing was (its release failed). The same whoever finds it: the cockpit that reaps
 * it, or the one that takes the target over (a verified rollback's lease taken by a second one was
 * said as "interrupted" in a note, and the rollback was never recorded as unwatched).
 */
export function expiredLeaseEvent(lease: ExpiredLease, action: ActionState | undefined, clock: ExpiryClock = 'store'): NewEvent | undefined {
  if (action === undefined) return unknownActionNote(lease);
  if (action.status === 'succeeded' && action.verification === undefined) return unwatchedEvent(lease, clock);
  return action.status === 'running' || action.status === 'confirmed' ? interruptionEvent(lease, clock) : undefined;
}

/** A sandbox drill's timeline runs on the drill's clock. */
export const expiryClockOf = (mode: IncidentMode): ExpiryClock => (mode === 'drill-sandbox' ? 'drill' : 'store');

/**
 * An expired lease whose action this timeline does not hold (another incident's, or its cockpit
 * died before its events were read here): said in a note. A teammate's cockpit reaping it first
 * dropped it unsaid, and the one taking the target over then had nothing to say.
 */
export function unknownActionNote(lease: Pick<ExpiredLease, 'responder' | 'name' | 'action'>): NewEvent {
  const text = `${lease.responder}'s ${lease.name} (${lease.action}) held this target until its lease expired: that cockpit stopped, and the action was interrupted.`;
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text, tag: 'lock-takeover', details: { ...lease } } };
}
