import { render, type Instance } from 'ink';
import type { SessionController } from '../session/intents';
import { launcherHooks } from '../launcher/hooks';
import { App } from './App';
import { consoleToLog, type ConsoleLog } from './consoleToLog';
import { firstAnswers } from './firstAnswers';
import { pacedController } from './pacedController';

export interface RunCockpitOptions {
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  /** Decided by the caller (`--no-color`, NO_COLOR: see `colorEnabled`). */
  readonly color: boolean;
  /** Ends the UI from outside (SIGTERM, a closed terminal): Ink unmounts and the terminal is restored. */
  readonly signal?: AbortSignal;
  /**
   * Called once the first frame is on screen (a drill starts its clock there), with what was
   * written for it: on a terminal, the alternate screen and the frame's bytes.
   */
  readonly onFirstFrame?: (frame: string) => void;
  /**
   * What is on screen already: a former start's first frame, replayed by the launcher before the
   * bundle ran (`src/launcher/firstFrame.ts`), on the alternate screen. The first frame is then
   * written only where it differs, and whole over it.
   */
  readonly onScreen?: string;
  /**
   * Given when the controller draws a starting frame (`StartingController`) until its session is
   * there: that frame is drawn at once, without waiting for the panels' first answers, and
   * start-up is over (for the compile cache) once this resolves.
   */
  readonly ready?: Promise<unknown>;
  /** Where `console` writes while the TUI is up (consoleToLog.ts); without it, Ink prints it above the frame. */
  readonly log?: ConsoleLog;
}

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
/** Cursor home, erase the screen below it. */
const HOME_AND_CLEAR = '\u001B[H\u001B[J';
/** Begins a synchronized update (Ink wraps a frame in one on a terminal, and ends it). */
const BEGIN_SYNCHRONIZED = '\u001B[?2026h';

/** The longest the screen stays blank at start waiting for the panels' first answers. */
const FIRST_FRAME_WAIT_MS = 300;

/**
 * Draws the cockpit until the responder quits. Resolves once the session has handled `quit`
 * (timeline flushed, pollers stopped) and Ink has unmounted: the terminal is back as it was,
 * scrollback included, because the cockpit draws on the alternate screen.
 */
export async function runCockpit(controller: SessionController, options: RunCockpitOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const fullScreen = stdout.isTTY === true;
  // Before the alternate screen and Ink's raw mode: Ctrl-C in the wait leaves a normal terminal.
  if (options.ready === undefined) await firstAnswers(controller, FIRST_FRAME_WAIT_MS);
  if (options.signal?.aborted) return;
  // Ink writes the first frame within render(): held, to be compared with what is on screen.
  const first = fullScreen ? holdWrites(stdout) : undefined;
  if (fullScreen) stdout.write(ENTER_ALTERNATE_SCREEN);
  let instance: Instance;
  let frame: string;
  const paced = pacedController(controller);
  try {
    instance = render(<App controller={paced} color={options.color} />, {
      stdout,
      stdin: options.stdin ?? process.stdin,
      // Ctrl-C is a key like the others: the App dispatches `quit` so the session can flush first.
      exitOnCtrlC: false,
      // A key pressed just after a poller's redraw waits for the next frame: at 60 fps that is at
      // most ~17 ms. Redraws happen only when something changed, so idle costs nothing.
      maxFps: 60,
      patchConsole: options.log === undefined,
    });
  } catch (bug) {
    paced.stop();
    throw bug;
  } finally {
    // Ink failing to draw (a bug) leaves the terminal as it was: nothing of it was written.
    frame = first?.release() ?? '';
  }
  if (fullScreen) showFirstFrame(stdout, frame, options.onScreen);
  options.onFirstFrame?.(frame);
  const restoreConsole = options.log === undefined ? undefined : consoleToLog(options.log);
  const onAbort = () => instance.unmount();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // The session's first frame is on screen: what starting the cockpit compiles has been compiled.
  void (options.ready ?? Promise.resolve()).then(() => setImmediate(() => launcherHooks()?.startedUp()));
  try {
    await instance.waitUntilExit();
  } finally {
    paced.stop();
    options.signal?.removeEventListener('abort', onAbort);
    instance.cleanup();
    restoreConsole?.();
    if (fullScreen) stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
}

/** Holds what is written to `stdout` until released; returns it as one string. */
function holdWrites(stdout: NodeJS.WriteStream): { release(): string } {
  const chunks: string[] = [];
  const write = stdout.write;
  stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof stdout.write;
  return {
    release() {
      stdout.write = write;
      return chunks.join('');
    },
  };
}

/**
 * Writes the first frame: as is on a fresh screen; nothing when the same bytes are on screen
 * already (the cursor is where they left it, as Ink expects); else over the screen whole, in one
 * write (the alternate screen is entered already, and entering it twice would lose the cursor
 * position to restore at exit).
 */
function showFirstFrame(stdout: NodeJS.WriteStream, frame: string, onScreen: string | undefined): void {
  if (onScreen === undefined) stdout.write(frame);
  else if (frame !== onScreen) {
    const body = frame.startsWith(ENTER_ALTERNATE_SCREEN) ? frame.slice(ENTER_ALTERNATE_SCREEN.length) : frame;
    // The clear goes inside Ink's own synchronized update when it made one (never one left open:
    // Ink makes none with CI set), so the terminal shows no blank screen between.
    stdout.write(body.startsWith(BEGIN_SYNCHRONIZED) ? BEGIN_SYNCHRONIZED + HOME_AND_CLEAR + body.slice(BEGIN_SYNCHRONIZED.length) : HOME_AND_CLEAR + body);
  }
}
