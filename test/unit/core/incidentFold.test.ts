import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventOf, NewEvent, StoredEvent } from '../../../src/core/events';
import { IncidentFold, initialState, OUTPUT_TAIL_CHARS, reduce, type IncidentState } from '../../../src/core/incident';
import { chainOf, OPENED } from './chainOf';
import { timelineArb } from './eventArbitraries';

/** The copying fold, event by event: what IncidentFold must agree with. */
function reducedPrefixes(events: readonly StoredEvent[]): IncidentState[] {
  const states = [initialState(events[0] as EventOf<'incident.opened'>)];
  for (const event of events.slice(1)) states.push(reduce(states.at(-1) as IncidentState, event));
  return states;
}

describe('IncidentFold (a fold that changes in place only what it made itself)', () => {
  it('hands out, at any points, the same states as reduce, and never changes one it handed out', () => {
    fc.assert(
      fc.property(timelineArb(), fc.array(fc.nat(), { maxLength: 6 }), (timeline, cuts) => {
        const events = chainOf([OPENED, ...timeline]);
        const expected = reducedPrefixes(events);
        const handOutAt = new Set(cuts.map((c) => c % events.length));
        const folding = new IncidentFold(events[0] as EventOf<'incident.opened'>);
        const handedOut: { index: number; state: IncidentState; copy: IncidentState }[] = [];
        events.forEach((event, index) => {
          if (index > 0) folding.add(event);
          if (handOutAt.has(index)) {
            const state = folding.state();
            handedOut.push({ index, state, copy: structuredClone(state) });
          }
        });
        expect(folding.state()).toEqual(expected.at(-1));
        for (const { index, state, copy } of handedOut) {
          expect(state).toEqual(expected[index]);
          // Later events changed nothing the caller holds.
          expect(state).toEqual(copy);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a thousand deploys without losing or reordering one', () => {
    const observed: NewEvent[] = Array.from({ length: 1_500 }, (_, i) => ({
      kind: 'deploy.observed',
      data: { id: `deploy-${i % 1_000}`, revision: `api:${i % 1_000}`, status: i < 1_000 ? 'in-progress' : 'successful' },
    }));
    const events = chainOf([OPENED, ...observed]);
    const folding = new IncidentFold(events[0] as EventOf<'incident.opened'>);
    for (const event of events.slice(1)) folding.add(event);
    const state = folding.state();
    expect(state).toEqual(reducedPrefixes(events).at(-1));
    expect(Object.keys(state.deploys)).toHaveLength(1_000);
    expect(Object.keys(state.deploys).slice(0, 3)).toEqual(['deploy-0', 'deploy-1', 'deploy-2']);
    expect(state.deploys['deploy-499']?.status).toBe('successful');
    expect(state.deploys['deploy-999']?.status).toBe('in-progress');
  });

  it('keeps the last OUTPUT_TAIL_CHARS of a long output exactly, at every state it hands out', () => {
    const planned: NewEvent = { kind: 'action.planned', data: { action: 'a1', name: 'command.run', summary: 'tail', calls: [] } };
    const output: NewEvent[] = Array.from({ length: 400 }, (_, i) => ({ kind: 'action.output', data: { action: 'a1', stream: 'stdout', chunk: `line ${i} ${'x'.repeat(i % 97)}\n` } }));
    const events = chainOf([OPENED, planned, ...output]);
    const expected = reducedPrefixes(events);
    const folding = new IncidentFold(events[0] as EventOf<'incident.opened'>);
    events.forEach((event, index) => {
      if (index > 0) folding.add(event);
      if (index % 97 === 0) expect(folding.state()).toEqual(expected[index]);
    });
    const state = folding.state();
    expect(state).toEqual(expected.at(-1));
    const all = output.map((e) => (e.data as { chunk: string }).chunk).join('');
    expect(all.length).toBeGreaterThan(3 * OUTPUT_TAIL_CHARS);
    expect(state.actions[0]?.outputTail).toBe(all.slice(-OUTPUT_TAIL_CHARS));
  });
});
