import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { drawsTheCockpit } from './cacheProfile';
import type { FirstFrameHooks } from './hooks';

/**
 * The first frame of an interactive start, replayed before the bundle runs (issue #17: something
 * useful drawn at once). Reading and evaluating the bundle, the runbook and Ink takes a few hundred
 * milliseconds before the cockpit can draw its starting frame (the runbook, the panels waiting for
 * their first answers); that frame depends only on the command line, the terminal, the
 * environment, the build and a few files (the runbook, the settings). So the bundle hands the
 * launcher the exact bytes it wrote for that frame with the files it was drawn from, and the next
 * start with the same of all of these writes those bytes at once, before the bundle is even read.
 * The bundle then draws its own first frame (`runCockpit`, given what is on screen): identical,
 * it writes nothing; different (a resize meanwhile), it redraws the screen whole.
 *
 * A frame is kept only for what it depends on: a file's contents are checked (SHA-256) before
 * replaying, and a file changed after the process started is not trusted to be what was drawn.
 * Until the bundle's own frame is on screen, the terminal is raw (a key typed meanwhile is read by
 * the cockpit, not echoed over the frame), what the process writes to stderr is held until exit,
 * and a process that ends before drawing (a signal, an error) leaves the alternate screen first.
 */

/** Variables that differ between two runs of one command in one terminal and change nothing drawn. */
const UNDRAWN_ENV = new Set(['_', 'OLDPWD', 'SHLVL', 'COCKPIT_STARTUP_MARKS']);
/** Variables whose value names one terminal among others (a tmux server, a pane): only whether they are set counts. */
const SET_ONLY_ENV = new Set(['TMUX', 'TMUX_PANE', 'WINDOWID']);
/** Leaves the alternate screen and shows the cursor: the terminal as it was before the frame. */
const RESTORE_TERMINAL = '\u001B[?25h\u001B[?1049l';
/** Frames kept: one per command line, terminal size and environment in use; the oldest go. */
const KEPT = 16;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Entry {
  readonly files: readonly { readonly path: string; readonly sha256: string | null }[];
  readonly frame: string;
}

const NONE: FirstFrameHooks = { replayedFrame: undefined, screenTaken: () => undefined, restoreTerminal: () => undefined, resized: () => false, saveFirstFrame: () => undefined };

/**
 * Replays the first frame kept for this start, if there is one and every file it was drawn from is
 * unchanged, and returns the hooks the bundle uses to take the screen over and to keep its frame.
 * Only in a terminal (stdin and stdout); `cacheDir` undefined turns it off.
 */
export function replayFirstFrame(bundle: string, cacheDir: string | undefined): FirstFrameHooks {
  if (cacheDir === undefined || process.stdin.isTTY !== true || process.stdout.isTTY !== true) return NONE;
  const dir = join(cacheDir, 'first-frame');
  let key: string;
  try {
    key = startKey(bundle);
  } catch {
    return NONE;
  }
  const file = join(dir, `${key}.json`);
  const entry = readEntry(file);
  const replayed = entry !== undefined && entry.files.every((f) => sha256Of(f.path) === f.sha256) ? entry.frame : undefined;
  // With no frame kept, a start that will draw still holds the keys: typed before Ink reads them,
  // they were echoed by the terminal onto the shell's screen (and were there again after quitting).
  const held = replayed !== undefined || drawsTheCockpit(process.argv.slice(2)) ? hold(replayed) : { release: () => undefined, restore: () => undefined };
  const size = terminalSize();
  const { user, system } = process.cpuUsage();
  return {
    replayedFrame: replayed,
    ...(replayed === undefined ? {} : { replayedAt: { wallMs: performance.now(), cpuMs: (user + system) / 1000 } }),
    screenTaken: held.release,
    restoreTerminal: held.restore,
    resized: () => terminalSize() !== size,
    saveFirstFrame(frame, files) {
      // Resized since the start: the frame is of another size than the one it would be replayed at.
      if (frame === replayed || terminalSize() !== size) return;
      saveEntry(dir, file, frame, files);
    },
  };
}

const terminalSize = () => `${process.stdout.columns}x${process.stdout.rows}`;

/** Everything a start's first frame is a function of, but the files it reads. */
function startKey(bundle: string): string {
  const env = Object.entries(process.env)
    .filter(([name]) => !UNDRAWN_ENV.has(name))
    .map(([name, value]): [string, string | undefined] => [name, SET_ONLY_ENV.has(name) ? 'set' : value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const { size, mtimeMs } = statSync(bundle);
  const start = {
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    terminal: terminalSize(),
    env,
    build: [resolve(bundle), size, mtimeMs, process.version, process.arch],
  };
  return createHash('sha256').update(JSON.stringify(start)).digest('hex').slice(0, 32);
}

function sha256Of(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    // A file that is not there (no settings.json) is part of what was drawn: the defaults.
    return null;
  }
}

function readEntry(file: string): Entry | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<Entry>;
    return typeof entry.frame === 'string' && Array.isArray(entry.files) ? (entry as Entry) : undefined;
  } catch {
    // None kept yet, or a damaged one: this start draws as if there were none, and keeps its own.
    return undefined;
  }
}

/**
 * Puts `frame` on screen (if any) and holds the terminal raw until the bundle takes it over
 * (`release`) or gives it back (`restore`). Over a frame, what the process writes to stderr
 * meanwhile is written once the terminal is off the alternate screen (on it, a line would vanish
 * with it, or scar the frame); with none, stderr is left alone and no screen is left.
 */
function hold(frame: string | undefined): { release(): void; restore(): void } {
  const stdout = process.stdout;
  const stderr = process.stderr;
  const writeStderr = stderr.write;
  const held: (string | Uint8Array)[] = [];
  setRaw(true);
  if (frame !== undefined) {
    stdout.write(frame);
    stderr.write = ((chunk: string | Uint8Array) => {
      held.push(chunk);
      return true;
    }) as typeof stderr.write;
  }
  let taken = false;
  const stopHolding = () => {
    stderr.write = writeStderr;
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  const atExit = () => {
    stopHolding();
    if (!taken) {
      setRaw(false);
      if (frame !== undefined) stdout.write(RESTORE_TERMINAL);
    }
    for (const chunk of held.splice(0)) stderr.write(chunk);
  };
  // A signal before the bundle handles it: the terminal is restored, and the signal ends the process as it would have.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    atExit();
    process.removeListener('exit', atExit);
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  process.once('exit', atExit);
  return {
    release() {
      taken = true;
      stopHolding();
    },
    restore() {
      if (taken) return;
      atExit();
      taken = true;
      process.removeListener('exit', atExit);
    },
  };
}

/** Raw mode on or off: a key typed over the replayed frame is the cockpit's to read, not the terminal's to echo. */
function setRaw(raw: boolean): void {
  try {
    process.stdin.setRawMode(raw);
  } catch {
    // A terminal that refuses (EIO on a closing one): keys are echoed until the cockpit reads them.
  }
}

function saveEntry(dir: string, file: string, frame: string, files: readonly string[]): void {
  try {
    const started = performance.timeOrigin;
    // A file changed since this process started may not be what the frame was drawn from.
    if (files.some((path) => (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) > started)) return;
    const entry: Entry = { files: files.map((path) => ({ path: resolve(path), sha256: sha256Of(path) })), frame };
    // The frame shows the runbook and who you are: the folder is yours alone.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Written aside and renamed: a cockpit starting meanwhile reads the old entry or the new one.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(entry));
    renameSync(partial, file);
    prune(dir);
  } catch {
    // A read-only or full disk: the next start draws its frame as this one did.
  }
}

/** Keeps the newest `KEPT` frames, and removes what a process killed while writing left behind. */
function prune(dir: string): void {
  const entries = readdirSync(dir).map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }));
  const frames = entries.filter((e) => e.name.endsWith('.json')).sort((a, b) => b.at - a.at);
  const stale = entries.filter((e) => e.name.endsWith('.partial') && Date.now() - e.at > 60_000);
  for (const { name } of [...frames.slice(KEPT), ...stale]) rmSync(join(dir, name), { force: true });
}
