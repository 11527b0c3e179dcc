import { setTimeout as sleep } from 'node:timers/promises';
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import type { IncidentMode, NewEvent } from '../core/events';
import { formatDuration } from '../core/duration';
import type { ActionState } from '../core/incidentState';
import { expiredLeaseEvent, expiryClockOf, unknownActionNote } from '../core/leaseInterruption';
import type { ActionLeases, LeaseAttempt, LeaseHolder } from '../timeline/eventStore';

/** What a lease is taken for: an action, its provider target, and whether it changes anything (an ActionRequest is one). */
export interface LeaseRequest {
  readonly actionId: string;
  /** `<provider>.<action>` */
  readonly name: string;
  readonly provider: { readonly key: string };
  readonly spec: { readonly mutating: boolean };
  readonly stepConfirm: boolean;
}

/** Takes the lease of a request's target; `onLost` is called if a renewal finds it gone. */
export type LeaseTaker = (request: LeaseRequest, onLost: () => void) => Promise<LeaseAttempt>;

/** What taking a lease needs of the lifecycle (LifecycleDeps has it). */
export interface LeaseDeps {
  append(event: NewEvent): Promise<unknown>;
  /** A shared store's leases; none without one. */
  readonly lease?: LeaseTaker;
  /** This incident's action with this id, as its timeline has it (a taken-over lease's action is recorded as interrupted or unwatched). */
  actionOf?(actionId: string, incident: string): ActionState | undefined;
  readonly mode: IncidentMode;
}

/**
 * The lease of a provider target: one service's provider in one environment. A sandbox drill's
 * providers are its own world's, not shared with another drill of the service: its incident is the target.
 */
export function leaseFor(
  service: string,
  mode: IncidentMode,
  shared: { readonly incident: string; readonly environment: string; readonly responder: string },
  leases: ActionLeases,
  signal: AbortSignal,
  waiting: (action: string, waits: boolean) => void = () => undefined,
): LeaseTaker {
  const environment = mode === 'drill-sandbox' ? `sandbox:${shared.incident}` : shared.environment;
  const who = { responder: shared.responder, incident: shared.incident };
  return async (request, onLost) => {
    const acquire = () => leases.acquire(`${service}/${environment}/${request.provider.key}`, { ...who, action: request.actionId, name: request.name }, onLost);
    let attempt = await acquire();
    // Held for this very action by this responder's cockpit: one that stopped (killed, and resumed at once) holds it
    // until it expires; the resumed cockpit read `◌ NOT WATCHED` of its own rollout. Waited for, a lease's life at most.
    const deadline = Date.now() + (leases.ttlMs ?? 0) + SELF_LEASE_MARGIN_MS;
    const ownStopped = (held: LeaseAttempt) => !held.ok && held.heldBy.action === request.actionId && held.heldBy.responder === who.responder && held.heldBy.incident === who.incident;
    if (!ownStopped(attempt)) return attempt;
    // Said on its step meanwhile: it read `INTERRUPTED — check the provider; Enter checks it again`, and Enter did nothing.
    waiting(request.actionId, true);
    try {
      while (ownStopped(attempt) && Date.now() < deadline && !signal.aborted) {
        // Aborted (the cockpit closing): the loop ends at its condition.
        await sleep(Math.min(SELF_LEASE_POLL_MS, Math.max(0, deadline - Date.now())), undefined, { signal }).catch(() => undefined);
        attempt = await acquire();
      }
    } finally {
      waiting(request.actionId, false);
    }
    return attempt;
  };
}

/** How often, and how long past its life, a lease this responder's stopped cockpit holds is tried again. */
const SELF_LEASE_POLL_MS = 2_000;
const SELF_LEASE_MARGIN_MS = 5_000;

/** The target's lease, held by this cockpit (nothing to hold without a shared store, or for an action that changes nothing); or why not. */
export type TakenLease = { readonly ok: true; release(): Promise<void> } | { readonly ok: false; readonly reason: string };

const NO_LEASE: TakenLease = { ok: true, release: () => Promise.resolve() };

/**
 * Takes the lease of a mutating action's target (or a confirmed step's), to make its change or to check it again (a change
 * nobody watched: two cockpits checked it at once, each unseen by the other). A lease taken over
 * from a cockpit that stopped is said on the timeline, as is one its holder later finds gone.
 */
export async function takeLease(deps: LeaseDeps, request: LeaseRequest): Promise<TakenLease> {
  // A step its runbook asks to confirm changes state by the runbook's own word (a command.run is a
  // diagnostic unless so marked): two responders ran the same scale-up script at once, unseen.
  if (!(request.spec.mutating || request.stepConfirm) || deps.lease === undefined) return NO_LEASE;
  const lease = deps.lease;
  let held: Extract<LeaseAttempt, { ok: true }> | undefined;
  let released = false;
  // Found gone at a renewal: said, and taken again if it is free (the others are told the change is watched here: Steps).
  const lost = () => {
    void deps.append(lostLeaseNote(request.actionId)).catch(() => undefined);
    void lease(request, lost).then(
      (again) => {
        if (!again.ok) return;
        if (released) void again.release().catch(() => undefined);
        else held = again;
      },
      () => undefined,
    );
  };
  const first = await lease(request, lost).catch((error: Error) => error);
  if (first instanceof Error) return { ok: false, reason: `the lease on its target could not be taken (${first.message})` };
  if (!first.ok) return { ok: false, reason: first.heldBy.action === request.actionId ? `${first.heldBy.responder}'s cockpit is checking ${request.actionId} already` : leaseHeld(first.heldBy) };
  held = first;
  // The same action's own expired lease (its cockpit stopped while checking it): the timeline said so already.
  if (first.tookOver && first.tookOver.action !== request.actionId) await deps.append(takeOverEvent(first.tookOver, deps));
  return {
    ok: true,
    release: async () => {
      released = true;
      await held?.release().catch(() => undefined);
    },
  };
}

/** "alice is running deploys.rollback (40s)": why a second responder cannot start theirs. */
export function leaseHeld(holder: LeaseHolder): string {
  return `${holder.responder} is running ${holder.name} (${formatDuration(Math.max(1, Math.round(holder.heldMs / 1000)) * 1000)})`;
}

/**
 * A lease taken over from a cockpit that stopped: its action, when it is this incident's and still
 * open on the timeline, is recorded as interrupted, or unwatched if its change was being verified
 * (expiredLeaseEvent); another incident's is said in a note, for its own cockpits record it there.
 */
function takeOverEvent(was: LeaseHolder, deps: LeaseDeps): NewEvent {
  const recorded = was.expiredAt === undefined ? undefined : expiredLeaseEvent({ ...was, expiredAt: was.expiredAt }, deps.actionOf?.(was.action, was.incident), expiryClockOf(deps.mode));
  return recorded ?? unknownActionNote(was);
}

/** The lease of an action this cockpit still runs was found gone: said on the timeline (a second rollback ran beside it unsaid). */
function lostLeaseNote(action: string): NewEvent {
  const text = `${action} lost its lease on its target (not renewed in time: the shared store was unreachable): another cockpit may act on the target meanwhile; this cockpit goes on with ${action}`;
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text, tag: 'lock-takeover' } };
}
