import { describe, expect, it } from 'vitest';
import { followWriter } from '../../../src/session/followWriter';
import type { Journal } from '../../../src/session/journal';
import type { EventStore } from '../../../src/timeline/eventStore';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('followWriter: a watch says when it cannot read the writer\'s log', () => {
  it('a look that fails twice in a row is said on screen, and cleared once the log reads again (a shared store down left the watcher silent)', async () => {
    const answers: Array<Error | 'ok'> = [new Error('connect ECONNREFUSED 127.0.0.1:55432'), new Error('connect ECONNREFUSED 127.0.0.1:55432'), new Error('connect ECONNREFUSED 127.0.0.1:55432'), 'ok'];
    const stop = new AbortController();
    const said: Array<string | undefined> = [];
    const store = {
      catchUp: async () => {
        const next = answers.shift();
        if (next === undefined) stop.abort();
        if (next instanceof Error) throw next;
        return { events: [] };
      },
    } as unknown as EventStore;
    const journal = { followed: () => {} } as unknown as Journal;
    await followWriter(store, journal, { signal: stop.signal, log: quiet, intervalMs: 1, onProblem: (problem) => said.push(problem) });
    expect(said).toEqual(['its log cannot be read (connect ECONNREFUSED 127.0.0.1:55432); trying again', undefined]);
  });
});
