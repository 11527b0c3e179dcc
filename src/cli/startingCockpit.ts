import type { SessionController } from '../session/intents';
import { StartingController } from '../session/startingController';
import { firstAnswers } from '../ui/firstAnswers';
import type { CockpitView } from '../session/viewModel';
import { launcherHooks } from '../launcher/hooks';
import { startupMark } from './startupMarks';

/** The cockpit on screen while its session starts. */
export interface StartingCockpit {
  /** Resolves once the responder has quit (or the screen was closed) and the terminal is restored. */
  readonly done: Promise<void>;
  /**
   * The session is open: the screen draws it once its panels have their first answers (or after
   * `ATTACH_WAIT_MS`), and intents go to it from then on.
   */
  attach(controller: SessionController): void;
  /** The session could not start: closes the screen, resolving once the terminal is restored. */
  fail(): Promise<void>;
  /** The responder quit before the session was drawn (it then never is). */
  quitWhileStarting(): boolean;
}

/**
 * How long the runbook's frame stays once the session is open, waiting for the panels' first
 * answers: drawing the session's frame (the most expensive: everything drawn for the first time)
 * while they are coming would hold them up, and it would be drawn again a moment later with them.
 * The responder reads the runbook meanwhile; a provider slow to answer shows as loading after it.
 */
const ATTACH_WAIT_MS = 1_000;

export interface DrawStartingOptions {
  readonly color: boolean;
  readonly signal: AbortSignal;
  /**
   * The files `skeleton` was made from, when nothing else but the command line, the terminal and
   * the environment went into it: the launcher then keeps the frame, to replay it at the next
   * start with the same of all of these (src/launcher/firstFrame.ts).
   */
  readonly drawnFrom?: readonly string[];
}

/**
 * Draws `skeleton` (the runbook's frame, `startingView`) at once, so the responder reads the
 * runbook while the incident's log is opened and the providers are created; over the same frame
 * when the launcher replayed it already. The TUI (Ink, React) is loaded here, by the commands that
 * draw, and by no other (`lint`, `status`, `export` and `verify` never evaluate it:
 * test/cli/lazyTui.test.ts).
 */
export async function drawStarting(skeleton: CockpitView, options: DrawStartingOptions): Promise<StartingCockpit> {
  const replay = launcherHooks()?.firstFrame;
  startupMark('tui loading');
  const { runCockpit } = await import('../ui/runCockpit');
  startupMark('tui loaded');
  const starting = new StartingController(skeleton);
  const closed = new AbortController();
  let attached!: () => void;
  const ready = new Promise<void>((resolve) => {
    attached = resolve;
  });
  const onFirstFrame = (frame: string) => {
    startupMark('first frame');
    replay?.screenTaken();
    if (options.drawnFrom !== undefined) replay?.saveFirstFrame(frame, options.drawnFrom);
  };
  const done = runCockpit(starting, { color: options.color, signal: AbortSignal.any([options.signal, closed.signal]), ready, onFirstFrame, onScreen: replay?.replayedFrame });
  return {
    done,
    attach(controller) {
      void firstAnswers(controller, ATTACH_WAIT_MS).then(() => {
        starting.attach(controller);
        attached();
      });
    },
    quitWhileStarting: () => starting.quitWhileStarting(),
    async fail() {
      starting.failed();
      closed.abort();
      await done.catch(() => undefined);
      starting.detach();
    },
  };
}
