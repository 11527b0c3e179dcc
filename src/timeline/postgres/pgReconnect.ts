import type { Doorbell } from './pgDoorbell';

/** The first retry after the shared store was found unreachable, doubled each time up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 250;
export const RETRY_MAX_MS = 5_000;

export function nextDelay(delay: number): number {
  return Math.min(delay * 2, RETRY_MAX_MS);
}

/**
 * Waits `ms`, or less: until the doorbell rings (it rings every waiter when its connection comes
 * back, the first sign the database is up again), or `signal` aborts. Its timer is cleared and its
 * listeners removed whichever comes first. Also the presence beat's and a follower's wait: a timer
 * of its own, never AbortSignal.timeout inside AbortSignal.any, which Node 20 loses to a garbage
 * collection (nodejs/node#57736).
 */
export async function waitForRing(bell: Doorbell, incident: string, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  const wait = new AbortController();
  const timer = setTimeout(() => wait.abort(), ms);
  const stop = () => wait.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await bell.next(incident, wait.signal);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
    // The waiter goes with its signal: a ring that came first leaves nothing behind either.
    wait.abort();
  }
}
