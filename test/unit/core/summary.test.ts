import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import type { NewEvent } from '../../../src/core/events';
import { summarize } from '../../../src/core/summary';
import { chainOf, OPENED } from './chainOf';

const stateOf = (events: NewEvent[]) => {
  const folded = fold(chainOf([OPENED, ...events]));
  if (!folded.ok) throw new Error(folded.reason);
  return folded.state;
};

describe('summarize (cockpit incidents, incident.json, the JSON export)', () => {
  it('gives mitigatedAt only for a mitigated mark: a resolve without one is not a mitigation at the resolve time', () => {
    // As a postmortem writer read the search-api drill's JSON: `mitigatedAt` equal to `resolvedAt`,
    // where the Markdown said "not marked: resolved without a mitigated mark".
    const resolvedOnly = summarize(stateOf([{ kind: 'incident.resolved', at: '2026-11-22T03:01:42.000Z', data: {} }]));
    expect(resolvedOnly).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-22T03:01:42.000Z' });
    expect(resolvedOnly).not.toHaveProperty('mitigatedAt');
    const marked = summarize(
      stateOf([
        { kind: 'incident.mitigated', at: '2026-11-22T02:40:00.000Z', data: {} },
        { kind: 'incident.resolved', at: '2026-11-22T03:01:42.000Z', data: {} },
      ]),
    );
    expect(marked).toMatchObject({ mitigatedAt: '2026-11-22T02:40:00.000Z', resolvedAt: '2026-11-22T03:01:42.000Z' });
  });

  it('says an incident was resolved while an SLO still burned, and forgets it when the resolve is taken back', () => {
    const burning = { kind: 'incident.resolved' as const, at: '2026-11-22T03:01:42.000Z', data: { reason: 'customers fine', burning: 'availability burning 3.1x on 5m' } };
    expect(summarize(stateOf([burning]))).toMatchObject({ status: 'resolved', resolvedWhileBurning: true });
    expect(summarize(stateOf([{ ...burning, data: {} }]))).not.toHaveProperty('resolvedWhileBurning');
    const reopened = summarize(stateOf([burning, { kind: 'incident.reopened', at: '2026-11-22T03:05:00.000Z', data: { reason: 'came back' } }]));
    expect(reopened).not.toHaveProperty('resolvedWhileBurning');
    expect(reopened.status).toBe('open');
  });

  // A responder marked mitigated at 18.1x: the Markdown said `marked while burning`, the JSON nothing (its
  // timeToMitigateMs under timeToFirstActionMs, unexplained).
  it('says an incident was marked mitigated while an SLO still burned, kept through a reopened resolve', () => {
    const marked = { kind: 'incident.mitigated' as const, at: '2026-11-22T02:35:37.000Z', data: { reason: 'customers told', burning: 'availability is burning 18.1x on 5m' } };
    expect(summarize(stateOf([marked]))).toMatchObject({ status: 'mitigated', mitigatedWhileBurning: true });
    expect(summarize(stateOf([{ ...marked, data: {} }]))).not.toHaveProperty('mitigatedWhileBurning');
    const resolved = { kind: 'incident.resolved' as const, at: '2026-11-22T03:01:42.000Z', data: {} };
    expect(summarize(stateOf([marked, resolved, { kind: 'incident.reopened', at: '2026-11-22T03:05:00.000Z', data: { reason: 'came back' } }]))).toMatchObject({ status: 'mitigated', mitigatedWhileBurning: true });
  });
});
