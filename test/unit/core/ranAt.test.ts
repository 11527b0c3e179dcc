import { describe, expect, it } from 'vitest';
import { incidentId, incidentIdMinute } from '../../../src/core/incidentId';
import { newestFirst, ranAt } from '../../../src/core/summary';

describe('when an incident ran, in real time', () => {
  it('reads the minute an id is stamped with, whatever its suffix; not from another shape', () => {
    expect(incidentIdMinute(incidentId('2026-12-01T10:05:42.000Z', 'checkout-api'))).toBe('2026-12-01T10:05:00.000Z');
    expect(incidentIdMinute('inc-20261201-1005-checkout-api-2')).toBe('2026-12-01T10:05:00.000Z');
    expect(incidentIdMinute('inc-20261201-1005-checkout-api-a1b2c3')).toBe('2026-12-01T10:05:00.000Z');
    for (const id of ['INC-20261122-checkout-api', 'inc-2026121-1005-x', 'inc-20261340-1005-x', 'team-incident-7']) expect(incidentIdMinute(id)).toBeUndefined();
  });

  it('is a sandbox drill\'s id minute (its timeline keeps the scenario\'s clock); for anything else the recorded opening', () => {
    const openedAt = '2026-11-20T09:00:00.000Z';
    expect(ranAt({ id: 'inc-20261201-1005-search', mode: 'drill-sandbox', openedAt })).toBe('2026-12-01T10:05:00.000Z');
    expect(ranAt({ id: 'inc-20261201-1005-search', mode: 'drill-real', openedAt })).toBe(openedAt);
    expect(ranAt({ id: 'inc-20261201-1005-search', mode: 'incident', openedAt })).toBe(openedAt);
    expect(ranAt({ id: 'shared-7', mode: 'drill-sandbox', openedAt })).toBe(openedAt);
  });

  it('lists newest first; drills of one minute by the order they were created (their recorded opening is the scenario\'s, the same)', () => {
    const scenario = '2026-11-22T02:31:07.000Z';
    const drill = (id: string) => ({ id, mode: 'drill-sandbox' as const, openedAt: scenario });
    const listed = [
      drill('inc-20261201-1005-checkout-api'),
      drill('inc-20261201-1005-checkout-api-10'),
      { id: 'inc-20261201-0958-search', mode: 'incident' as const, openedAt: '2026-12-01T09:58:30.000Z' },
      drill('inc-20261201-1005-checkout-api-2'),
      drill('inc-20261201-1006-checkout-api'),
      drill('inc-20261201-1005-checkout-api-9'),
    ];
    expect([...listed].sort(newestFirst).map((s) => s.id)).toEqual([
      'inc-20261201-1006-checkout-api',
      'inc-20261201-1005-checkout-api-10',
      'inc-20261201-1005-checkout-api-9',
      'inc-20261201-1005-checkout-api-2',
      'inc-20261201-1005-checkout-api',
      'inc-20261201-0958-search',
    ]);
  });
});
