import { EVENT_VERSION, GENESIS_HASH, type NewEvent, type StoredEvent } from '../../../src/core/events';
import { sealEvent } from '../../../src/core/hashChain';

/**
 * Seals events into a chain the way the store does, without a file: for pure tests of the
 * reducer, verifier and exports. Times default to one second apart from `start`.
 */
export function chainOf(events: readonly NewEvent[], options: { incident?: string; start?: string; drill?: boolean } = {}): StoredEvent[] {
  const incident = options.incident ?? 'inc-20261122-0231-test';
  const startMs = Date.parse(options.start ?? '2026-11-22T02:31:07.000Z');
  let prev = GENESIS_HASH;
  return events.map((event, index) => {
    const { line } = sealEvent({
      v: EVENT_VERSION,
      seq: index + 1,
      id: `01TEST${String(index + 1).padStart(20, '0')}`,
      at: event.at ?? new Date(startMs + index * 1000).toISOString(),
      incident,
      kind: event.kind,
      actor: event.actor ?? 'alice',
      drill: options.drill ?? false,
      data: event.data,
      prev,
    } as Omit<StoredEvent, 'hash'>);
    const stored = JSON.parse(line) as StoredEvent;
    prev = stored.hash;
    return stored;
  });
}

export const OPENED: NewEvent = {
  kind: 'incident.opened',
  data: {
    service: 'checkout-api',
    severity: 'SEV2',
    environment: 'production',
    mode: 'incident',
    steps: [
      { id: 'confirm-impact', title: 'Confirm customer impact', phase: 'first_actions' },
      { id: 'rollback', title: 'Roll back', phase: 'first_actions' },
      { id: 'burn-normal', title: 'Burn under 1x for 10m', phase: 'recovery' },
    ],
  },
};
