import { describe, expect, it } from 'vitest';
import { awaitingEvidence } from '../../../src/session/recommendationInput';
import type { ViewInputs } from '../../../src/session/viewInputs';

/** Found by the tmux journeys: "No recent change explains the burn" showed while the deploys panel was still loading. */
describe('no recommendation before the evidence has answered', () => {
  const source = { key: 'deploys', plugin: 'ecs', intervalMs: 1000 };
  const inputs = (observed: string[], state: { deploys?: object; flags?: object } = {}, failure?: string) =>
    ({
      sources: { deploys: { ...source, ...(failure ? { failure } : {}) }, flags: { ...source, key: 'flags', plugin: 'flagd' } },
      observations: new Map(observed.map((key) => [key, { key, value: [], observedAt: new Date(0), failures: 0 }])),
      state: { deploys: {}, flags: {}, ...state },
    }) as unknown as ViewInputs;

  it('waits while the deploys or flags provider has not answered and the timeline has seen none', () => {
    expect(awaitingEvidence(inputs([]))).toBe(true);
    expect(awaitingEvidence(inputs(['flags']))).toBe(true);
    expect(awaitingEvidence(inputs(['deploys']))).toBe(true);
    expect(awaitingEvidence(inputs(['deploys', 'flags']))).toBe(false);
  });

  it('a resumed incident\'s timeline, or a provider that failed outright, does not hold it back', () => {
    expect(awaitingEvidence(inputs([], { deploys: { d: {} }, flags: { f: {} } }))).toBe(false);
    expect(awaitingEvidence(inputs(['flags'], {}, 'no credentials'))).toBe(false);
  });
});
