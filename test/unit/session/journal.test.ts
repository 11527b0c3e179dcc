import { describe, expect, it } from 'vitest';
import { createCleaner } from '../../../src/core/displayText';
import type { NewEvent, StoredEvent } from '../../../src/core/events';
import { createSecretMatcher } from '../../../src/core/secretMatcher';
import { Journal, pendingEntry } from '../../../src/session/journal';
import { AppendOnlyTimeline } from '../../../src/session/timeline';
import type { EventStore } from '../../../src/timeline/eventStore';
import { chainOf, OPENED } from '../core/chainOf';

/** A store whose disk is full until `free()`: appends fail as the JSONL store's do, with its recording failure set. */
function fullDisk() {
  const recorded: NewEvent[] = [];
  let full = true;
  const opened = chainOf([OPENED]);
  const store = {
    readOnly: false,
    state: () => ({ lastSeq: opened.length }),
    recordingFailure: () => (full ? { at: '2026-11-22T02:30:40.000Z', reason: 'disk full (ENOSPC)', path: '/data/incidents/inc/events.jsonl' } : undefined),
    append: async (event: NewEvent) => {
      if (full) throw new Error('writing the timeline failed: disk full (ENOSPC)');
      recorded.push(event);
      return { ...chainOf([OPENED, event])[1]!, seq: opened.length + recorded.length } as StoredEvent;
    },
  } as unknown as EventStore;
  return { store, recorded, free: () => (full = false) };
}

describe('the journal after writes failed', () => {
  it('says once the store writes again what it could not record, each event once however often it was retried', async () => {
    const disk = fullDisk();
    const clean = createCleaner(createSecretMatcher([]));
    let clock = Date.parse('2026-11-22T02:30:40.000Z');
    const journal = new Journal(disk.store, { debug: () => undefined, info: () => undefined, warn: () => undefined }, () => undefined, new AppendOnlyTimeline(clean), () => new Date(clock));
    const reminder: NewEvent = { kind: 'note', data: { text: 'Status update due', tag: 'reminder' } };
    // The reminder is retried on every view change while the disk is full: 32 tries, one event.
    for (let i = 0; i < 32; i += 1) await journal.record(reminder).catch(() => undefined);
    await journal.record({ kind: 'note', data: { text: 'db failover done' } }).catch(() => undefined);
    await journal.record({ kind: 'step.completed', data: { step: 'rollback' } }).catch(() => undefined);
    clock += 60_000;
    disk.free();
    await journal.record({ kind: 'note', data: { text: 'space is back' } });
    await journal.settled();
    const said = disk.recorded.filter((e) => e.kind === 'note' && (e.data as { tag?: string }).tag === 'not-recorded');
    expect(said.map((e) => (e.data as { text: string }).text)).toEqual(['3 event(s) could not be recorded from 02:30:40 to 02:30:40 UTC (disk full (ENOSPC)): note ×2, step.completed; recorded since, at the time each was made: step.completed']);
    // Said before the first event recorded once the disk had room (it came after the events recorded then); the step's
    // completion, an outcome, recorded late at the time it was made (a command's exit status was lost for good).
    expect(disk.recorded.map((e) => e.kind)).toEqual(['step.completed', 'note', 'note']);
    expect(disk.recorded[0]).toMatchObject({ at: '2026-11-22T02:30:40.000Z', data: { step: 'rollback' } });
    expect((disk.recorded[2]!.data as { text: string }).text).toBe('space is back');
  });
});

describe('a queued event as the screen lists it', () => {
  // SEV1 set while the shared store was down: the top bar kept SEV2 with no sign of it.
  it('carries the severity it decides, for the top bar', () => {
    const clean = createCleaner(createSecretMatcher());
    const queued = { id: '01Q', at: '2026-11-22T02:41:00.000Z', actor: 'alice', kind: 'severity.changed', data: { to: 'SEV1' } } as const;
    expect(pendingEntry(clean, queued as never)).toMatchObject({ kind: 'severity.changed', severity: 'SEV1' });
    expect(pendingEntry(clean, { ...queued, kind: 'note', data: { text: 'SEV1 soon' } } as never)).not.toHaveProperty('severity');
  });
});
