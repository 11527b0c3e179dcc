import { fail, type Result } from '../core/result';
import { POLL_TIMEOUT_MS } from './scheduler';

/** How long a read may take: the scheduler's own poll limit, so `status` gives up where the panels do. */
export const READ_LIMIT_MS = POLL_TIMEOUT_MS;

/**
 * `read`'s answer; a timeout after READ_LIMIT_MS, or a cancellation with `signal`, as a failed Result. At the limit the
 * signal `read` was given is aborted too: a request still waiting is torn down, not left to hold the process open (a
 * frozen ECS kept `cockpit status` 30 s: 10 s a request, three attempts). The timer never outlives the answer.
 */
export function withinReadLimit<T>(read: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T | Result<never>> {
  const own = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<Result<never>>((resolve) => {
    timer = setTimeout(() => {
      own.abort();
      resolve(fail('timeout', `no answer within ${READ_LIMIT_MS / 1000}s`));
    }, READ_LIMIT_MS);
    onAbort = () => {
      own.abort();
      resolve(fail('cancelled', 'the request was cancelled'));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([read(own.signal), limit]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort!);
  });
}
