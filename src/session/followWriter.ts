import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../plugins/contract';
import type { EventStore } from '../timeline/eventStore';
import type { Journal } from './journal';

/**
 * How often a read-only cockpit looks at the writer's log. A look is one stat() of the log (and
 * a read of incident.json and the new bytes when it grew): cheap enough at 4 a second, and the
 * watcher sees the writer's events well within a second. Polling rather than fs.watch: it
 * behaves the same on every file system (network mounts, containers) and needs no fallback.
 */
export const FOLLOW_INTERVAL_MS = 250;

/** A store with a doorbell is read on every ring, and at least this often should a ring be lost. */
export const SHARED_FALLBACK_MS = 1_000;

export interface FollowOptions {
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The reason the watch is behind (undefined once it follows again), for the screen. */
  readonly onProblem: (problem: string | undefined) => void;
  readonly intervalMs?: number;
}

/**
 * Follows the writer until `signal` aborts: each look folds what the writer recorded into the
 * journal (the timeline, the observations) and the store's state. Resolves once stopped; its
 * timer is cleared with the signal and never keeps the process alive.
 */
export async function followWriter(store: EventStore, journal: Journal, options: FollowOptions): Promise<void> {
  let problem: string | undefined;
  let failedLooks = 0;
  const say = (now: string | undefined) => {
    if (now === problem) return;
    problem = now;
    if (problem !== undefined) options.log.warn('the watch cannot follow the log further', { problem });
    options.onProblem(problem);
  };
  while (!options.signal.aborted) {
    const interval = options.intervalMs ?? (store.waitForChange ? SHARED_FALLBACK_MS : FOLLOW_INTERVAL_MS);
    try {
      await (store.waitForChange?.(interval, options.signal) ?? sleep(interval, undefined, { signal: options.signal, ref: false }));
    } catch {
      return;
    }
    if (options.signal.aborted) return;
    try {
      const caught = await store.catchUp();
      failedLooks = 0;
      journal.followed(caught.events);
      say(caught.problem);
    } catch (error) {
      // A look that failed (the file briefly unreadable) is tried again at the next interval; a
      // second in a row is said on screen (a shared store down: the watcher saw nothing amiss).
      failedLooks += 1;
      options.log.warn('could not read the writer\'s log', { error: String(error) });
      if (failedLooks >= 2) say(`its log cannot be read (${error instanceof Error ? error.message : String(error)}); trying again`);
    }
  }
}
