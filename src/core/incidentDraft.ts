import type { StoredEvent } from './events';
import type { IncidentState } from './incidentState';

/**
 * The in-place editing the incident fold uses (see `IncidentFold` in incident.ts): a `Draft` is
 * the set of objects one fold made since it last handed its state out, the only ones it may
 * change in place; without a draft every change is a copy.
 */

/** Objects one fold made and nobody else has seen: the only ones it may change in place. */
export type Draft = WeakSet<object> | undefined;

/** `target` with `patch` applied: in place when the draft owns it, else a copy the draft now owns. */
export function edit<T extends object>(draft: Draft, target: T, patch: Partial<T>): T {
  if (draft?.has(target)) return Object.assign(target, patch);
  const next = { ...target, ...patch };
  draft?.add(next);
  return next;
}

/** `record` with `key` set to `value` (deploys, flags, triggers keyed by id): no copy when the draft owns it. */
export function withKey<V>(draft: Draft, record: Readonly<Record<string, V>>, key: string, value: V): Readonly<Record<string, V>> {
  if (draft?.has(record)) {
    (record as Record<string, V>)[key] = value;
    return record;
  }
  const next = { ...record, [key]: value };
  draft?.add(next);
  return next;
}

export function anomaly(state: IncidentState, event: StoredEvent, reason: string, draft?: Draft): IncidentState {
  return edit(draft, state, { anomalies: [...state.anomalies, `seq ${event.seq} (${event.kind}): ${reason}`] });
}

/** Replaces the item with `id` in a list of the state (steps, actions); an unknown id is an anomaly. */
export function updateById<K extends 'steps' | 'actions'>(
  state: IncidentState,
  event: StoredEvent,
  list: K,
  id: string,
  change: (item: IncidentState[K][number]) => IncidentState[K][number],
  draft: Draft,
): IncidentState {
  const items = state[list] as readonly { readonly id: string }[];
  const index = list === 'actions' ? lastIndexOfId(items, id) : items.findIndex((item) => item.id === id);
  if (index < 0) return anomaly(state, event, `unknown ${list === 'steps' ? 'step' : 'action'} ${JSON.stringify(id)}`, draft);
  const owned = draft?.has(items) === true;
  const updated = owned ? (items as { readonly id: string }[]) : items.slice();
  if (!owned) draft?.add(updated);
  updated[index] = change(items[index] as IncidentState[K][number]);
  return owned ? state : edit(draft, state, { [list]: updated } as Partial<IncidentState>);
}

/**
 * Where the item with `id` is, searched from the end: action ids are unique (a second
 * `action.planned` of one id is an anomaly), and the events of a long incident are mostly about
 * its latest actions.
 */
export function lastIndexOfId(items: readonly { readonly id: string }[], id: string): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if ((items[i] as { readonly id: string }).id === id) return i;
  return -1;
}
