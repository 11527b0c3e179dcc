import type { StoredEvent } from './events';

/** When a decision was made, and by whom: the one that stands until a decision made later replaces it. */
export interface Decided {
  readonly at: string;
  readonly actor: string;
}

/** What a decision decides, for the later one to replace: the severity, who holds a role, the incident's status; none for other events. */
export function decisionOf(event: StoredEvent): string | undefined {
  if (event.kind === 'severity.changed') return 'severity';
  if (event.kind === 'role.assigned') return `role:${event.data.role}`;
  if (event.kind === 'incident.mitigated' || event.kind === 'incident.resolved' || event.kind === 'incident.reopened') return 'status';
  return undefined;
}

/**
 * Whether a decision was made before the one that stands: decisions stand by when they were made, not by where they are
 * in the log. Alice's SEV1, queued while the shared store was out of reach, was recorded after bob's SEV3 of five
 * seconds later, and replaced it on every screen and in the postmortem (whose Roles table then ended bob's command
 * before it began). Two cockpits' clocks may differ by as much as they are out of step; within that, the log's order.
 */
export function madeBefore(event: { readonly at: string }, standing: Decided | undefined): boolean {
  return standing !== undefined && Date.parse(event.at) < Date.parse(standing.at);
}

/** How the timeline says a decision recorded after a later one: `(made before bob's at 07:08:05Z, recorded late: bob's stands)`. */
export function lateText(standing: Decided): string {
  return ` (made before ${standing.actor}'s at ${standing.at.slice(11, 19)}Z and recorded late: ${standing.actor}'s stands)`;
}

/**
 * How far before an event already recorded another may have been made and not be called late: two cockpits appending
 * at once commit in either order, and their clocks differ by milliseconds.
 */
const LATE_AFTER_MS = 2_000;

/**
 * The events seen so far, in log order: what a timeline says beside each one recorded late. A decision made before the
 * one that stands says whose stands (the fold leaves it unapplied); any other event made before events already
 * recorded says it was recorded late: alice's notes and rollback, queued while the shared store was out of reach,
 * were listed after bob's later events at their own earlier times, with nothing said of the order.
 */
export class LateEvents {
  private readonly standing = new Map<string, Decided>();
  private latest = Number.NEGATIVE_INFINITY;
  /** The verdicts of actions' checks seen so far, by action. */
  private readonly verdicts = new Map<string, 'passed' | 'failed'>();

  /** `event`'s words to add: `lateText` for a decision made before the one that stands, `(recorded late, …)` for another event made before the last ones recorded, else none. */
  see(event: StoredEvent): string {
    if ((event.kind === 'verify.passed' || event.kind === 'verify.failed') && event.data.action !== undefined) this.verdicts.set(event.data.action, event.kind === 'verify.passed' ? 'passed' : 'failed');
    // A teammate's cockpit, back with the shared store, reaped the lease of a check that had passed meanwhile (its verdict
    // queued, recorded first): the timeline and the postmortem told everyone to check a finished rollback again.
    const verdict = event.kind === 'action.unwatched' ? this.verdicts.get(event.data.action) : undefined;
    if (verdict !== undefined) return ` (after its check had ${verdict}: its verdict stands, nothing to check)`;
    const made = Date.parse(event.at);
    const latest = this.latest;
    this.latest = Math.max(latest, made);
    const key = decisionOf(event);
    const standing = key === undefined ? undefined : this.standing.get(key);
    if (madeBefore(event, standing)) return lateText(standing!);
    if (key !== undefined) this.standing.set(key, { at: event.at, actor: event.actor });
    return made < latest - LATE_AFTER_MS ? ` (recorded late, after events made up to ${new Date(latest).toISOString().slice(11, 19)}Z)` : '';
  }
}
