import type { SessionController } from '../session/intents';
import { StartingController } from '../session/startingController';
import type { CockpitView } from '../session/viewModel';
import { startupMark } from './startupMarks';

/** The cockpit on screen while its session starts. */
export interface StartingCockpit {
  /** Resolves once the responder has quit (or the screen was closed) and the terminal is restored. */
  readonly done: Promise<void>;
  /** The session is open: the screen draws it from now on. */
  attach(controller: SessionController): void;
  /** The session could not start: closes the screen, resolving once the terminal is restored. */
  fail(): Promise<void>;
}

/**
 * Draws `skeleton` (the runbook's frame, `startingView`) at once, so the responder reads the
 * runbook while the incident's log is opened and the providers are created. The TUI (Ink, React)
 * is loaded here, by the commands that draw, and by no other (`lint`, `status`, `export` and
 * `verify` never evaluate it: test/cli/lazyTui.test.ts).
 */
export async function drawStarting(skeleton: CockpitView, options: { readonly color: boolean; readonly signal: AbortSignal }): Promise<StartingCockpit> {
  startupMark('tui loading');
  const { runCockpit } = await import('../ui/runCockpit');
  startupMark('tui loaded');
  const starting = new StartingController(skeleton);
  const closed = new AbortController();
  let attached!: () => void;
  const ready = new Promise<void>((resolve) => {
    attached = resolve;
  });
  const done = runCockpit(starting, { color: options.color, signal: AbortSignal.any([options.signal, closed.signal]), ready, onFirstFrame: () => startupMark('first frame') });
  return {
    done,
    attach(controller) {
      starting.attach(controller);
      attached();
    },
    async fail() {
      starting.failed();
      closed.abort();
      await done.catch(() => undefined);
      starting.detach();
    },
  };
}
