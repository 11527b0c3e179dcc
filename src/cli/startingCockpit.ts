import type { Logger } from '../plugins/contract';
import { pluginOutputTo } from '../plugins/pluginCalls';
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
  /** Where `console` writes while the TUI is up (a plugin's output, kept off the frame). */
  readonly log?: Logger;
}

/**
 * Draws `skeleton` (the runbook's frame, `startingView`) at once, so the responder reads the
 * runbook while the incident's log is opened and the providers are created. The TUI (Ink, React)
 * is loaded here, by the commands that draw, and by no other (`lint`, `status`, `export` and
 * `verify` never evaluate it: test/cli/lazyTui.test.ts).
 *
 * When the launcher has replayed that frame already (src/launcher/firstFrame.ts), Ink is not
 * mounted to draw it again: drawing a whole frame is the most expensive thing a start does, and
 * this one would change nothing on screen. Ink mounts when the session is attached (its first
 * frame is then the session's), or at once when a key is pressed or the terminal resized
 * meanwhile, so nothing the responder does waits for the session.
 */
export async function drawStarting(skeleton: CockpitView, options: DrawStartingOptions): Promise<StartingCockpit> {
  const replay = launcherHooks()?.firstFrame;
  startupMark('tui loading');
  const { runCockpit } = await import('../ui/runCockpit');
  startupMark('tui loaded');
  const starting = new StartingController(skeleton);
  const closed = new AbortController();
  const signal = AbortSignal.any([options.signal, closed.signal]);
  let attached!: () => void;
  const ready = new Promise<void>((resolve) => {
    attached = resolve;
  });
  const onFirstFrame = (frame: string) => {
    startupMark('first frame');
    replay?.screenTaken();
    // Over a replayed frame, Ink's first frame may be the session's: the kept one stays.
    if (options.drawnFrom !== undefined && replay?.replayedFrame === undefined) replay?.saveFirstFrame(frame, options.drawnFrom);
  };
  const mount = () => {
    startupMark('drawing');
    const log = options.log;
    // A plugin's own writes to the terminal go to the log, as console output does (consoleToLog.ts): not over the frame.
    const restoreOutput = log === undefined ? undefined : pluginOutputTo((stream, text) => log.warn('output of a plugin while the cockpit was on screen', { stream, text }));
    return runCockpit(starting, { color: options.color, signal, ready, onFirstFrame, onScreen: replay?.replayedFrame, ...(log === undefined ? {} : { log }) }).finally(() => restoreOutput?.());
  };
  const deferred = replay?.replayedFrame === undefined ? undefined : deferMount(mount, signal, () => replay.restoreTerminal?.());
  // Resized before this could listen: the replayed frame is of the size before, Ink draws at the new one.
  if (replay?.resized?.() === true) deferred?.now();
  const done = deferred?.done ?? mount();
  return {
    done,
    attach(controller) {
      void firstAnswers(controller, ATTACH_WAIT_MS).then(() => {
        starting.attach(controller);
        attached();
        deferred?.now();
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

/**
 * Holds off mounting Ink over a replayed frame until `now()`, a key or a resize; never on an
 * abort before it (the start failed, or a signal), which gives the terminal back as it was.
 */
function deferMount(mount: () => Promise<void>, signal: AbortSignal, restore: () => void): { readonly done: Promise<void>; now(): void } {
  const { stdin, stdout } = process;
  let mounted: Promise<void> | undefined;
  let settle!: (drawn: Promise<void>) => void;
  const done = new Promise<void>((resolve) => {
    settle = (drawn) => resolve(drawn);
  });
  const stopWaiting = () => {
    stdin.removeListener('readable', onKey);
    stdout.removeListener('resize', now);
    signal.removeEventListener('abort', onAbort);
  };
  function now(): void {
    if (mounted !== undefined || signal.aborted) return;
    stopWaiting();
    mounted = mount();
    settle(mounted);
  }
  // Left in stdin for Ink to read once mounted; mounted outside the stream's event.
  function onKey(): void {
    stdin.removeListener('readable', onKey);
    setImmediate(now);
  }
  function onAbort(): void {
    if (mounted !== undefined) return;
    stopWaiting();
    // Reading stdin for a key would keep the process alive: let go of it, as Ink's unmount does.
    stdin.pause();
    stdin.unref();
    restore();
    settle(Promise.resolve());
  }
  stdin.on('readable', onKey);
  stdout.on('resize', now);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  return { done, now };
}
