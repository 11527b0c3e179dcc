import { describe, expect, it } from 'vitest';
import { burnNotBefore, previousIncident } from '../../../src/core/priorIncident';
import type { IncidentSummary } from '../../../src/core/summary';

const NOW = Date.parse('2026-11-22T03:00:00.000Z');
const of = { service: 'checkout-api', environment: 'production' };

function incident(id: string, fields: Partial<IncidentSummary> = {}): IncidentSummary {
  return { id, service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', drill: false, openedAt: '2026-11-22T01:00:00.000Z', openedBy: 'alice', status: 'resolved', resolvedAt: '2026-11-22T02:00:00.000Z', ...fields };
}

describe('previousIncident: the incident a new one of the service follows', () => {
  it('is the newest resolve of the service in the environment, whatever order the store lists them in', () => {
    const list = [incident('a', { resolvedAt: '2026-11-22T02:40:00.000Z' }), incident('b', { openedAt: '2026-11-22T02:00:00.000Z', resolvedAt: '2026-11-22T02:20:00.000Z' })];
    expect(previousIncident(list, of, NOW)).toEqual({ id: 'a', resolvedAt: '2026-11-22T02:40:00.000Z' });
    // With what it rolled back from: known bad in the next one.
    expect(previousIncident([incident('a', { rolledBackFrom: ['checkout-api:42'] })], of, NOW)).toEqual({ id: 'a', resolvedAt: '2026-11-22T02:00:00.000Z', rolledBackFrom: ['checkout-api:42'] });
  });

  it("leaves out other services and environments, drills, open incidents and resolves after now", () => {
    const list = [
      incident('other', { service: 'payments', resolvedAt: '2026-11-22T02:50:00.000Z' }),
      incident('staging', { environment: 'staging', resolvedAt: '2026-11-22T02:50:00.000Z' }),
      incident('drill', { mode: 'drill-sandbox', drill: true, resolvedAt: '2026-11-22T02:50:00.000Z' }),
      incident('rehearsal', { mode: 'drill-real', drill: true, resolvedAt: '2026-11-22T02:50:00.000Z' }),
      incident('open', { status: 'open', resolvedAt: undefined }),
      incident('later', { resolvedAt: '2026-11-22T03:10:00.000Z' }),
      incident('kept'),
    ];
    expect(previousIncident(list, of, NOW)?.id).toBe('kept');
    expect(previousIncident(list.slice(0, -1), of, NOW)).toBeUndefined();
  });

  // A responder opened on the burn again and resolved that duplicate while it burned: the bound of
  // the incident before, resolved with its burn over, was lost, and the burn was dated hours back.
  it('skips an incident resolved while burning: the one before it, resolved with its burn over, still bounds', () => {
    expect(previousIncident([incident('burning', { resolvedAt: '2026-11-22T02:40:00.000Z', resolvedWhileBurning: true }), incident('older')], of, NOW)?.id).toBe('older');
    expect(previousIncident([incident('burning', { resolvedAt: '2026-11-22T02:40:00.000Z', resolvedWhileBurning: true })], of, NOW)).toBeUndefined();
  });

  it('bounds a burn at its resolve', () => {
    expect(burnNotBefore({ id: 'a', resolvedAt: '2026-11-22T02:40:00.000Z' })).toBe(Date.parse('2026-11-22T02:40:00.000Z'));
    expect(burnNotBefore(undefined)).toBeUndefined();
    expect(burnNotBefore({ id: 'a', resolvedAt: 'not a time' })).toBeUndefined();
  });
});
