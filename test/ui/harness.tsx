import './deterministicEnv';
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import type { SessionController } from '../../src/session/intents';
import { App } from '../../src/ui/App';
import { ThemeContext, makeTheme } from '../../src/ui/theme';

/*
 * In-process rendering as ink-testing-library does it (Ink in debug mode on fake streams), with
 * what the cockpit needs and ink-testing-library 4 lacks: a terminal size of our choosing (it
 * pins 100 columns and has no rows) and stdin that queues writes (it keeps only the last one).
 */

/** A terminal of a chosen size that keeps every frame Ink writes. */
class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  isTTY = false;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

/** A raw-mode stdin Ink reads keys from (Ink 6 reads on 'readable'). */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private pending: string[] = [];
  write(data: string): void {
    this.pending.push(data);
    this.emit('readable');
  }
  read = (): string | null => this.pending.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export const KEYS = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  end: '\u001B[F',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

export interface RenderOptions {
  readonly columns?: number;
  readonly rows?: number;
  readonly color?: boolean;
}

export interface Rendered {
  /** The latest frame, ANSI stripped. */
  frame(): string;
  /** The latest frame as written, escape codes included. */
  rawFrame(): string;
  /** Writes a key (a name from KEYS, or literal text) to stdin. */
  press(key: keyof typeof KEYS | (string & {})): void;
  waitForFrame(expected: string | ((frame: string) => boolean), options?: { timeout?: number }): Promise<string>;
  resize(columns: number, rows: number): void;
  rerender(tree: ReactElement): void;
  unmount(): void;
  waitUntilExit(): Promise<unknown>;
}

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** Renders any tree at a given size (80x24 unless told), in debug mode so every frame is kept. */
export function renderAt(tree: ReactElement, options: RenderOptions = {}): Rendered {
  const stdout = new FakeStdout(options.columns ?? 80, options.rows ?? 24);
  const stdin = new FakeStdin();
  const themed = (node: ReactElement) => <ThemeContext.Provider value={makeTheme(options.color ?? false)}>{node}</ThemeContext.Provider>;
  const instance = render(themed(tree), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(80, 24) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let unmounted = false;
  const unmount = () => {
    if (unmounted) return;
    unmounted = true;
    instance.unmount();
    instance.cleanup();
  };
  mounted.push(unmount);
  const rawFrame = () => stdout.frames.at(-1) ?? '';
  const frame = () => stripVTControlCharacters(rawFrame());
  return {
    frame,
    rawFrame,
    press: (key) => stdin.write(key in KEYS ? KEYS[key as keyof typeof KEYS] : key),
    waitForFrame: (expected, { timeout = HANG_CEILING_MS } = {}) => waitFor(frame, expected, timeout),
    resize(columns, rows) {
      stdout.columns = columns;
      stdout.rows = rows;
      stdout.emit('resize');
    },
    rerender: (tree) => instance.rerender(themed(tree)),
    unmount,
    waitUntilExit: () => instance.waitUntilExit(),
  };
}

/** The whole cockpit against a controller. */
export function renderCockpit(controller: SessionController, options: RenderOptions = {}): Rendered {
  return renderAt(<App controller={controller} color={options.color ?? false} />, options);
}

/**
 * How long a wait may take before the test calls it a hang: a ceiling, never a speed check. A
 * frame that takes 50 ms on a quiet machine took over 2 s at load 14 on two cores (issue #12).
 */
const HANG_CEILING_MS = 15_000;

/**
 * Waits for a frame to contain `expected` (or satisfy it), yielding to the event loop between
 * looks so React 19's scheduler and Ink's input handling get to run. Fails with the last frame.
 */
async function waitFor(frame: () => string, expected: string | ((frame: string) => boolean), timeout: number): Promise<string> {
  const matches = typeof expected === 'string' ? (text: string) => text.includes(expected) : expected;
  const deadline = Date.now() + timeout;
  for (;;) {
    const current = frame();
    if (matches(current)) return current;
    if (Date.now() > deadline) {
      throw new Error(`no frame matched ${typeof expected === 'string' ? JSON.stringify(expected) : 'the predicate'} within ${timeout} ms; last frame:\n${current}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits until `condition` holds (e.g. an intent was dispatched), yielding between looks. */
export async function waitUntil(condition: () => boolean, { timeout = HANG_CEILING_MS } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every line of a frame, for width checks. */
export function lines(frame: string): string[] {
  return frame.split('\n');
}
