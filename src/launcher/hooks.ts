/**
 * What the launcher (bin/cockpit.js runs dist/launch.mjs) offers the bundle it runs. Absent when
 * the code runs any other way (from source under vitest, a benchmark's bundle): callers fall back.
 */
export interface LauncherHooks {
  /** `import()` on the bundle's behalf: code run from V8's code cache cannot import() on Node 20. */
  importModule(url: string): Promise<unknown>;
  /** The start-up's code has run (the first frame is drawn): the moment to save the compile cache. */
  startedUp(): void;
  /** The first frame replayed before the bundle ran (`firstFrame.ts`); absent from a launcher without it. */
  readonly firstFrame?: FirstFrameHooks;
}

/** The first frame of an interactive start, replayed by the launcher (src/launcher/firstFrame.ts). */
export interface FirstFrameHooks {
  /** The bytes on screen, replayed before the bundle ran, or undefined. */
  readonly replayedFrame: string | undefined;
  /** When they were written: `performance.now()` and the process's CPU time (user + system), in milliseconds. */
  readonly replayedAt?: { readonly wallMs: number; readonly cpuMs: number };
  /** The bundle's own first frame is on screen: the terminal is the bundle's to restore from now on. */
  screenTaken(): void;
  /**
   * The bundle gives up drawing before its first frame (its start failed, or a signal): the
   * terminal is restored now (the alternate screen left, raw mode off, held stderr written).
   */
  restoreTerminal?(): void;
  /** Whether the terminal's size changed since the frame was replayed (its bytes are of the size before). */
  resized?(): boolean;
  /** Keeps `frame` (the bytes the bundle wrote for its first frame, alternate screen included), drawn from `files`, for the next identical start. */
  saveFirstFrame(frame: string, files: readonly string[]): void;
}

const KEY = Symbol.for('incident-cockpit.launcher');

export function installLauncherHooks(hooks: LauncherHooks): void {
  (globalThis as { [KEY]?: LauncherHooks })[KEY] = hooks;
}

export function launcherHooks(): LauncherHooks | undefined {
  return (globalThis as { [KEY]?: LauncherHooks })[KEY];
}
