import type { SessionController } from '../session/intents';
import type { CockpitView } from '../session/viewModel';

/**
 * The world's changes reach the screen at most this often: a drill at 120× publishes a view about
 * every frame, and drawing each of them took a quarter of a core that nobody could read.
 */
export const WORLD_FRAME_MS = 100;
/** After the responder's intent, what it causes (a plan, a dialog, a step's start) is drawn at once. */
export const AFTER_INTENT_MS = 1_000;

export interface PacedController extends SessionController {
  /** Stops listening to the session and clears the pending frame (at exit). */
  stop(): void;
}

/**
 * The session's views as the screen draws them: a view that comes after a quiet spell is shown at
 * once; a burst of views (a fast drill, a talkative command) is shown at most every
 * `frameMs`, the last one always; and while the responder's last intent is recent every view is
 * shown as it comes, so a key's effect never waits for the pace. Keys that change only the screen
 * (moving, paging) never pass through here.
 */
export function pacedController(inner: SessionController, frameMs = WORLD_FRAME_MS, now: () => number = () => performance.now()): PacedController {
  const listeners = new Set<(view: CockpitView) => void>();
  let shown = inner.view();
  let shownAt = Number.NEGATIVE_INFINITY;
  let intentAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  const show = () => {
    clearTimeout(timer);
    timer = undefined;
    shown = inner.view();
    shownAt = now();
    for (const listener of listeners) listener(shown);
  };
  const unsubscribe = inner.subscribe(() => {
    const at = now();
    if (at - intentAt < AFTER_INTENT_MS || at - shownAt >= frameMs) return show();
    timer ??= setTimeout(show, frameMs - (at - shownAt));
  });

  return {
    view: () => shown,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispatch(intent) {
      intentAt = now();
      return inner.dispatch(intent);
    },
    stop() {
      unsubscribe();
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
