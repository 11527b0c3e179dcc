import type { SessionController } from '../session/intents';
import { panelsFilled } from '../session/panelsFilled';

/**
 * Resolves once every panel has its first answer, or after `maxWaitMs`, whichever is first.
 * The cockpit's first frame is its most expensive (everything is drawn for the first time, and
 * drawing blocks the process): drawn before the answers, it would also hold them up, and would
 * be drawn again a moment later. A provider that is slow to answer shows as loading once the
 * wait is over.
 */
export function firstAnswers(controller: SessionController, maxWaitMs: number): Promise<void> {
  if (panelsFilled(controller.view())) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, maxWaitMs);
    const unsubscribe = controller.subscribe((view) => {
      if (panelsFilled(view)) done();
    });
  });
}
