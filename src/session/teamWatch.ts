import type { ActionState, IncidentState, StepState } from '../core/incident';
import { expiredLeaseEvent, expiryClockOf, leftEvent, type ExpiredLease } from '../core/leaseInterruption';
import type { NewEvent } from '../core/events';
import type { Logger } from '../plugins/contract';
import type { ActionLeases } from '../timeline/eventStore';
import type { Attendance, PresenceBoard, Present } from '../timeline/presence';

/** Expired leases are looked for at most this often (on presence beats and rings). */
const REAP_EVERY_MS = 1_000;

export interface TeamWatchDeps {
  readonly presence?: PresenceBoard;
  /** A writable cockpit's leases: it records what the expired ones interrupted. */
  readonly leases?: ActionLeases;
  readonly who: Attendance;
  readonly state: () => IncidentState;
  /** An action this very cockpit runs or verifies: its lease, found expired after the store came back, is no teammate's to reap. */
  readonly runsHere?: (action: string) => boolean;
  /** An action that holds no lease on its target (a diagnostic command): interrupted once its cockpit has left. */
  readonly leaseless?: (action: ActionState) => boolean;
  record(event: NewEvent): Promise<unknown>;
  readonly changed: () => void;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/**
 * The other responders on a shared incident: who has it open (presence, shown in the top bar) and
 * whose cockpit died mid-action (its lease expired: the action is recorded as interrupted, once,
 * by whichever cockpit found it first). Runs until the session's signal aborts; `stopped` resolves
 * once this cockpit's presence is withdrawn.
 */
export class TeamWatch {
  private present: readonly Present[] = [];
  /** Whether the board has answered once: before that, nobody present means nothing. */
  private known = false;
  private lastReap = 0;
  private reaping = false;
  /** Leaseless actions recorded here as interrupted (until the fold says so). */
  private readonly saidLeft = new Set<string>();
  readonly stopped: Promise<void>;

  constructor(private readonly deps: TeamWatchDeps) {
    this.stopped = deps.presence ? deps.presence.attend(deps.who, deps.signal, (present) => this.seen(present)) : Promise.resolve();
  }

  /** The other cockpits on the incident, longest present first. */
  others(): readonly Present[] {
    return this.present.filter((p) => !p.self);
  }

  /** What the view knows of the team: who else is here, and whether the board has said so yet. */
  viewPart(): { readonly present: readonly Present[]; readonly presenceKnown?: true } {
    return { present: this.others(), ...(this.known ? { presenceKnown: true as const } : {}) };
  }

  private seen(present: readonly Present[]): void {
    const first = !this.known;
    this.known = true;
    if (first || JSON.stringify(present) !== JSON.stringify(this.present)) {
      this.present = present;
      this.deps.changed();
    }
    if (this.deps.leases) this.interruptLeft(present);
    if (this.deps.leases && !this.reaping && Date.now() - this.lastReap >= REAP_EVERY_MS) {
      this.reaping = true;
      this.lastReap = Date.now();
      void this.reap(this.deps.leases).finally(() => {
        this.reaping = false;
      });
    }
  }

  /**
   * The leaseless actions still running in a cockpit no longer on the incident (a teammate's, or this responder's own
   * before a resume): interrupted. One this cockpit runs, or a cockpit of its responder still present, runs it.
   */
  private interruptLeft(present: readonly Present[]): void {
    const leaseless = this.deps.leaseless;
    if (leaseless === undefined) return;
    const state = this.deps.state();
    const here = (responder: string) => present.some((p) => !p.self && !p.readOnly && p.responder === responder);
    for (const action of state.actions) {
      const by = action.startedBy;
      if (action.status !== 'running' || by === undefined || here(by) || this.deps.runsHere?.(action.id) || this.saidLeft.has(action.id) || !leaseless(action)) continue;
      this.saidLeft.add(action.id);
      void this.deps.record(leftEvent(action, by, new Date().toISOString(), expiryClockOf(state.mode))).catch((error: unknown) => {
        this.saidLeft.delete(action.id);
        this.deps.log.warn('could not record an interrupted action', { action: action.id, error: String(error) });
      });
    }
  }

  private async reap(leases: ActionLeases): Promise<void> {
    let expired: readonly ExpiredLease[];
    try {
      expired = await leases.reapExpired(this.deps.who.incident);
    } catch (error) {
      this.deps.log.warn('could not look for expired leases', { error: String(error) });
      return;
    }
    for (const lease of expired) {
      const action = this.deps.state().actions.find((a) => a.id === lease.action);
      // Bob's own cockpit recorded his rollback as unwatched (his cockpit "stopped") while it verified it.
      // One this timeline does not hold is said in a note (reaped unsaid, the takeover after it had nothing to say).
      if (action !== undefined && this.deps.runsHere?.(action.id)) continue;
      const event = expiredLeaseEvent(lease, action, expiryClockOf(this.deps.state().mode));
      if (event === undefined) continue;
      await this.deps.record(event).catch((error: unknown) => this.deps.log.warn('could not record an interrupted action', { action: lease.action, error: String(error) }));
    }
  }
}

/**
 * On a shared store, whose cockpit watches a recovery check a teammate started: that responder's, while their cockpit
 * is on the incident (or before the board has answered); undefined when it is this cockpit's to watch (its own, its
 * watcher closed or gone). Alice's cockpit watched bob's check too: it said "the cockpit closed while … was watched" of
 * his as she quit, and both recorded its pass.
 */
export function checkWatchedElsewhere(step: StepState, responder: string, team: { readonly present: readonly Present[]; readonly presenceKnown?: true }): string | undefined {
  if (step.status !== 'in-progress' || step.check !== undefined || step.watchLeftAt !== undefined) return undefined;
  const by = step.startedBy;
  if (by === undefined || by === responder) return undefined;
  return team.presenceKnown !== true || team.present.some((p) => p.responder === by && !p.readOnly) ? by : undefined;
}

/** Whose cockpit watches recovery check `stepId`, when a teammate's does; before `team` watches the board, as if it had not answered yet. */
export function checkWatcher(team: TeamWatch | undefined, state: IncidentState, responder: string, stepId: string): string | undefined {
  const step = state.steps.find((s) => s.id === stepId);
  return step === undefined ? undefined : checkWatchedElsewhere(step, responder, team?.viewPart() ?? { present: [] });
}
