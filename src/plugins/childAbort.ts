/**
 * A controller that also aborts when `parent` does, for work that is short next to its parent's
 * life (one poll of a scheduler that runs for the whole incident). `AbortSignal.any` would do the
 * same, but Node keeps every signal it made on the parent, each with a weak reference and a GC
 * finaliser: a poll loop makes several per poll, thousands in a long incident or a max-speed drill.
 * Here the parent holds one listener until `release()`.
 */
export interface ChildAbort {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Forgets the parent (call once the work is over). */
  release(): void;
}

export function childAbort(parent: AbortSignal): ChildAbort {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, abort: () => undefined, release: () => undefined };
  }
  const follow = () => controller.abort(parent.reason);
  parent.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    release: () => parent.removeEventListener('abort', follow),
  };
}
