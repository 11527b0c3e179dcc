import type { ActionState } from './incidentState';
/** A feature flag as a flags provider reports it (the plugin contract re-exports it). */

export interface Flag {
  readonly key: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly variants: readonly string[];
  readonly defaultVariant: string | null;
  readonly changedAt?: string;
  readonly changedBy?: string;
}

/**
 * The flags in the order a short panel shows them: those the incident names (a recommended kill
 * switch, a flag a responder set) first, then the most recently changed, then the rest as the
 * provider listed them (a stable sort keeps ties in that order).
 */
export function flagsThatMatterFirst<T extends { readonly key: string; readonly changedAt?: string }>(flags: readonly T[], named: ReadonlySet<string>): T[] {
  const changedAt = (flag: T) => (flag.changedAt === undefined ? -Infinity : Date.parse(flag.changedAt));
  return [...flags].sort((a, b) => Number(named.has(b.key)) - Number(named.has(a.key)) || changedAt(b) - changedAt(a));
}

/**
 * Who set the flag as it serves now, when the incident's own change did it: the newest flag change
 * the responders made (or are making) to it, if it set what the flag serves. A flag file with no change stamp (the
 * payments file) names nobody, and the timeline read "variant on → off" without "by root".
 */
export function setByResponder(actions: readonly ActionState[], flag: Flag): string | undefined {
  // Running counts: the flag source is read again the moment the change is made, before it is recorded as done.
  const last = [...actions].reverse().find((a) => (a.status === 'succeeded' || a.status === 'running') && a.facts?.flag === flag.key);
  const serves = last?.facts?.field === 'state' ? flag.state : flag.defaultVariant;
  return last !== undefined && last.facts?.after === serves ? (last.startedBy ?? last.confirmedBy) : undefined;
}
