import type { StoredEvent } from './events';

/** When a decision was made, and by whom: the one that stands until a decision made later replaces it. */
export interface Decided {
  readonly at: string;
  readonly actor: string;
}

/** What a decision decides, for the later one to replace: the severity, or who holds a role; none for other events. */
export function decisionOf(event: StoredEvent): string | undefined {
  if (event.kind === 'severity.changed') return 'severity';
  if (event.kind === 'role.assigned') return `role:${event.data.role}`;
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

/** The decisions seen so far, in log order: what a timeline says beside each one recorded late (the fold leaves it unapplied). */
export class LateDecisions {
  private readonly standing = new Map<string, Decided>();

  /** `event`'s words to add: `lateText` for a decision made before the one that stands, else none. */
  see(event: StoredEvent): string {
    const key = decisionOf(event);
    if (key === undefined) return '';
    const standing = this.standing.get(key);
    if (madeBefore(event, standing)) return lateText(standing!);
    this.standing.set(key, { at: event.at, actor: event.actor });
    return '';
  }
}
