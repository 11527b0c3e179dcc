import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importExport, buildExport } from '../../../src/core/exportJson';
import { fold, incidentStatus, OUTPUT_TAIL_CHARS, reduce, type IncidentState } from '../../../src/core/incident';
import { responseMetrics } from '../../../src/core/metrics';
import type { StoredEvent } from '../../../src/core/events';
import { chainOf, OPENED } from './chainOf';
import { timelineArb } from './eventArbitraries';

/** What "a valid state" means; every property below checks it. */
function stateProblems(state: IncidentState, events: readonly StoredEvent[]): string[] {
  const problems: string[] = [];
  const last = events[events.length - 1] as StoredEvent;
  if (state.lastSeq !== last.seq || state.lastHash !== last.hash || state.lastAt !== last.at) problems.push('last* does not match the last event');
  if (state.steps.map((s) => s.id).join() !== 'confirm-impact,rollback,burn-normal') problems.push('steps changed');
  const ids = state.actions.map((a) => a.id);
  if (new Set(ids).size !== ids.length) problems.push('duplicate action ids');
  for (const a of state.actions) {
    if (['succeeded', 'failed', 'cancelled', 'interrupted'].includes(a.status) !== (a.finishedAt !== undefined)) problems.push(`${a.id}: finishedAt vs status ${a.status}`);
    if (a.status === 'running' && a.startedAt === undefined) problems.push(`${a.id}: running without startedAt`);
    if (a.outputTail.length > OUTPUT_TAIL_CHARS || a.outputTail.length > a.outputChars) problems.push(`${a.id}: output accounting`);
  }
  for (const s of state.steps) {
    if ((s.status === 'done' || s.status === 'skipped') !== (s.finishedAt !== undefined)) problems.push(`${s.id}: finishedAt vs ${s.status}`);
  }
  if ((state.acknowledgedAt !== undefined) !== (Object.keys(state.roles).length > 0)) problems.push('acknowledgedAt vs roles');
  if ((state.firstActionAt !== undefined) !== state.actions.some((a) => a.startedAt !== undefined)) problems.push('firstActionAt vs actions');
  if (state.resolvedAt !== undefined && state.mitigatedAt === undefined) problems.push('resolved but not mitigated');
  if (!['open', 'mitigated', 'resolved'].includes(incidentStatus(state))) problems.push('status');
  const m = responseMetrics(state);
  for (const value of [m.timeToAcknowledgeMs, m.timeToFirstActionMs, m.timeToMitigateMs, m.timeToResolveMs, m.durationMs]) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) problems.push(`metric ${value}`);
  }
  for (const b of m.errorBudget) if (!(Number.isFinite(b.consumed) && b.consumed >= 0)) problems.push(`budget ${b.consumed}`);
  return problems;
}

describe('fold properties', () => {
  it('folding any prefix of any timeline yields a valid state', () => {
    fc.assert(
      fc.property(timelineArb(), fc.nat(), (timeline, cut) => {
        const events = chainOf([OPENED, ...timeline]);
        const prefix = events.slice(0, 1 + (cut % events.length));
        const folded = fold(prefix);
        expect(folded.ok).toBe(true);
        if (folded.ok) expect(stateProblems(folded.state, prefix)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('folding the whole log equals the state reduced live, event by event', () => {
    fc.assert(
      fc.property(timelineArb(), (timeline) => {
        const events = chainOf([OPENED, ...timeline]);
        const first = fold(events.slice(0, 1));
        if (!first.ok) throw new Error(first.reason);
        let live = first.state;
        for (const event of events.slice(1)) live = reduce(live, event);
        expect(fold(events)).toEqual({ ok: true, state: live });
      }),
      { numRuns: 200 },
    );
  });

  it('a JSON export re-imports (chain verified) and folds to the same state', () => {
    fc.assert(
      fc.property(timelineArb(), (timeline) => {
        const events = chainOf([OPENED, ...timeline]);
        const folded = fold(events);
        if (!folded.ok) throw new Error(folded.reason);
        const imported = importExport(JSON.stringify(buildExport(folded.state, events)));
        expect(imported.ok).toBe(true);
        if (imported.ok) expect(imported.state).toEqual(folded.state);
      }),
      { numRuns: 100 },
    );
  });
});

describe('importExport', () => {
  it('rejects a doctored export, naming the seq', () => {
    const events = chainOf([OPENED, { kind: 'note', data: { text: 'a' } }, { kind: 'note', data: { text: 'b' } }]);
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const doc = JSON.parse(JSON.stringify(buildExport(folded.state, events))) as { events: { data: { text: string } }[] };
    (doc.events[2] as { data: { text: string } }).data.text = 'B';
    expect(importExport(JSON.stringify(doc))).toEqual({ ok: false, reason: 'seq 3: hash does not match the line (content was changed)' });
    expect(importExport('{"format":"something-else"}')).toMatchObject({ ok: false });
    expect(importExport('nope')).toMatchObject({ ok: false, reason: 'not valid JSON' });
  });

  it('rejects an export cut short, which the chain alone would pass, against its anchor', () => {
    const events = chainOf([OPENED, { kind: 'note', data: { text: 'a' } }, { kind: 'note', data: { text: 'b' } }]);
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const doc = JSON.parse(JSON.stringify(buildExport(folded.state, events))) as { events: unknown[]; anchor?: unknown };
    expect(importExport(JSON.stringify({ ...doc, events: doc.events.slice(0, 2) }))).toMatchObject({ ok: false, reason: expect.stringContaining('1 event(s) shorter than the anchor in the export') });
    expect(importExport(JSON.stringify({ ...doc, anchor: undefined }))).toMatchObject({ ok: false, reason: expect.stringContaining('no anchor') });
  });
});
