// The first frame replayed by the launcher (src/launcher/firstFrame.ts, issue #17): a drill's
// starting frame is kept, and the next start with the same command line, terminal, environment,
// build, runbook and settings writes it before the bundle is read. In a real terminal (tmux): the
// built CLI replays it and takes the screen over without a stray line, a changed runbook is never
// replayed, q pressed at once quits cleanly; and (from source, in a pty with a terminal model, as
// tmux loses what a short-lived program prints around its alternate screen) a process that ends
// before drawing leaves the alternate screen, its error line shown, and what is written to stderr
// before the process draws waits for the normal screen.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Tmux } from '../support/tmux';
import { runbookWithoutMitigations } from '../support/quickDrill';
import { interactiveEnv, PtyProcess } from '../../bench/pty';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const FIRST_FRAME = new URL('../../src/launcher/firstFrame.ts', import.meta.url).pathname;

const sessions: Tmux[] = [];
afterEach(() => {
  for (const tmux of sessions.splice(0)) {
    tmux.kill();
    rmSync(tmux.dir, { recursive: true, force: true });
  }
});

function terminal(columns: number, rows: number): Tmux {
  const tmux = new Tmux(mkdtempSync(join(tmpdir(), 'cockpit-first-frame-')));
  sessions.push(tmux);
  tmux.run('new-session', '-d', '-s', 'cockpit', '-x', String(columns), '-y', String(rows), '-c', ROOT, 'sleep 3600');
  tmux.run('set-window-option', '-g', 'remain-on-exit', 'on');
  return tmux;
}

/**
 * Runs `command` in a new window of the same terminal (as a responder's next command in the same
 * tmux), now the current one. What a new window's program prints in its first moments can be lost
 * to tmux setting the window up: the command waits for it.
 */
function start(tmux: Tmux, command: string): void {
  tmux.run('new-window', '-t', 'cockpit', '-c', ROOT, `sleep 0.3; ${command}; echo EXIT=$?; stty -a | grep -o -- '-\\?icanon' | sed 's/^/TTY /'`);
}

/** Every distinct screen until `done` holds for one (which is the last). */
async function screensUntil(tmux: Tmux, done: (screen: string) => boolean, what: string, timeout = 60_000): Promise<string[]> {
  const screens: string[] = [];
  await tmux.waitFor(
    (screen) => {
      if (screens.at(-1) !== screen) screens.push(screen);
      return done(screen);
    },
    what,
    timeout,
  );
  return screens;
}

const marks = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, number>);

const STEP = 'Confirm customer impact';

describe('the first frame, replayed at the next start (built CLI in tmux)', () => {
  test('80x24: replayed before the bundle is read, then the cockpit writes its own over it whole; a changed runbook is not replayed; q at once quits and restores the terminal', async () => {
    const tmux = terminal(80, 24);
    const runbook = await runbookWithoutMitigations(tmux.dir);
    const cache = join(tmux.dir, 'cache');
    const marksFile = join(tmux.dir, 'marks.jsonl');
    const drill = `env -u CI XDG_CACHE_HOME='${cache}' COCKPIT_DATA_DIR='${join(tmux.dir, 'data')}' COCKPIT_STARTUP_MARKS='${marksFile}' '${process.execPath}' '${BIN}' drill '${runbook}' --speed 1`;
    const frames = join(cache, 'incident-cockpit', 'first-frame');
    // The screen it was drawn on, then each one until the shell is back (a cockpit that quits at
    // once may leave no screen of its own after the q: a CI run on Node 24 saw only the shell's).
    const quitOnceDrawn = async (what: string) => {
      const drawn = await tmux.waitFor((s) => s.includes('TIMELINE'), what);
      tmux.keys('q');
      return [drawn, ...(await screensUntil(tmux, (s) => s.includes('TTY '), 'the drill ending'))];
    };

    // A first start draws its frame and keeps it: one entry, the runbook and the settings it was drawn from.
    start(tmux, drill);
    await quitOnceDrawn('the first start');
    const [entry] = readdirSync(frames);
    const kept = JSON.parse(readFileSync(join(frames, entry!), 'utf8')) as { files: { path: string }[]; frame: string };
    expect(kept.files.map((f) => f.path)).toEqual([runbook, join(tmux.dir, 'data', 'settings.json')]);
    expect(kept.frame).toContain(STEP);

    // The kept frame made stale by hand (its files unchanged): a longer step title, and a line where the real frame has none.
    const stale = kept.frame.replace(STEP, `${STEP} STALE AND LONGER`).replace('TIMELINE', 'STRAY TIMELINE');
    writeFileSync(join(frames, entry!), JSON.stringify({ ...kept, frame: stale }));
    start(tmux, drill);
    const replayed = await screensUntil(tmux, (s) => s.includes('STALE'), 'the kept frame replayed');
    expect(replayed.at(-1)).toContain('STRAY TIMELINE');
    // Ink is not mounted to draw the replayed frame again: its first frame is the session's (the
    // panels answered), written over the replayed one whole: not a character of the stale one is left.
    const own = await screensUntil(tmux, (s) => s.includes('TIMELINE') && s.includes('✓ updated') && !s.includes('STALE'), "the cockpit's own frame");
    for (const screen of own.slice(own.findIndex((s) => !s.includes('STALE')))) expect(screen).not.toMatch(/STRAY|starting…/);
    const afterReplay = await quitOnceDrawn('the second start');
    for (const screen of afterReplay) expect(screen).not.toMatch(/STALE|STRAY/);
    expect(afterReplay.at(-1)).toContain('EXIT=0');
    // Quit before it was resolved: the drill is still open, and the report ends on how to go on with it.
    expect(afterReplay.at(-1)!.replace(/\n/g, '')).toMatch(/The drill is still open\. To go on with it:\s+cockpit drill \S+ \\\s+--incident inc-\S+ --speed 1/);
    // Replayed before the bundle was evaluated.
    const second = marks(marksFile)[1]!;
    expect(second['frame replayed']).toBeLessThan(second['bundle evaluating']!);
    expect(second['bundle evaluating']).toBeLessThan(second['first frame']!);
    // Ink mounted once the session was there (the first start drew the starting frame before it).
    expect(second['session open']).toBeLessThan(second['first frame']!);
    expect(marks(marksFile)[0]!['first frame']).toBeLessThan(marks(marksFile)[0]!['session open']!);

    // A runbook changed since is never replayed: its old frame never shows.
    writeFileSync(runbook, readFileSync(runbook, 'utf8').replace(`title: ${STEP}`, 'title: Check what customers see'));
    start(tmux, drill);
    const changed = await quitOnceDrawn('the start after the runbook changed');
    for (const screen of changed) expect(screen).not.toContain(STEP);
    expect(changed.some((screen) => screen.includes('Check what customers see'))).toBe(true);
    expect(marks(marksFile)[2]).not.toHaveProperty('frame replayed');

    // q as soon as the replayed frame is up: the cockpit reads it (not echoed), quits, and the terminal is back as it was.
    start(tmux, drill);
    await tmux.waitFor((s) => s.includes('Check what customers see'), 'the replayed frame');
    tmux.keys('q');
    const quit = await screensUntil(tmux, (s) => s.includes('TTY '), 'the drill ending');
    expect(marks(marksFile)[3]).toHaveProperty('frame replayed');
    const last = quit.at(-1)!;
    expect(last).toContain('EXIT=0');
    expect(last).toContain('TTY icanon');
    expect(last).not.toMatch(/RUNBOOK|TIMELINE|customers/);
  }, 240_000);
});

describe('a first start, with no frame kept (built CLI in tmux)', () => {
  test('the launcher holds the keys before the bundle is read: the terminal is raw, and a key typed then is not echoed onto the shell\'s screen', async () => {
    const tmux = terminal(80, 24);
    const stallFile = join(tmux.dir, 'stalling');
    const stall = new URL('../fixtures/stallBundle.cjs', import.meta.url).pathname;
    start(tmux, `env -u CI STALL_FILE='${stallFile}' XDG_CACHE_HOME='${join(tmux.dir, 'cache')}' COCKPIT_DATA_DIR='${join(tmux.dir, 'data')}' '${process.execPath}' --require '${stall}' '${BIN}' drill runbooks/checkout-api.yaml --speed 1`);
    const deadline = Date.now() + 60_000;
    while (!existsSync(stallFile)) {
      if (Date.now() > deadline) throw new Error('the bundle was never read');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The bundle is held for 2 s: the terminal is as the launcher left it.
    const tty = tmux.run('display-message', '-p', '-t', 'cockpit', '#{pane_tty}').trim();
    const modes = execFileSync('stty', ['-F', tty, '-a'], { encoding: 'utf8' });
    expect(modes).toMatch(/(^|\s)-icanon(\s|$)/);
    expect(modes).toMatch(/(^|\s)-echo(\s|$)/);
    tmux.keys('z', 'z', 'z');
    await tmux.waitFor((s) => s.includes('TIMELINE'), 'the cockpit');
    tmux.keys('q');
    const last = (await screensUntil(tmux, (s) => s.includes('TTY '), 'the drill ending')).at(-1)!;
    expect(last).toContain('EXIT=0');
    expect(last).toContain('TTY icanon');
    expect(last).not.toContain('zzz');
  }, 120_000);
});

describe('a replayed frame and what the process writes meanwhile (launcher from source, in a pty)', () => {
  /**
   * A stand-in for the bundle: the first start keeps a frame; the next ones, replayed, do what
   * `mode.txt` says (a file: the command line and environment are the frame's key).
   */
  const standIn = (dir: string) => {
    const drawnFrom = join(dir, 'runbook.yaml');
    writeFileSync(drawnFrom, 'service: x\n');
    const script = join(dir, 'bundle.mjs');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
      import { replayFirstFrame } from ${JSON.stringify(FIRST_FRAME)};
      const hooks = replayFirstFrame(${JSON.stringify(drawnFrom)}, ${JSON.stringify(join(dir, 'cache'))});
      const mode = readFileSync(${JSON.stringify(join(dir, 'mode.txt'))}, 'utf8');
      if (hooks.replayedFrame === undefined) {
        hooks.saveFirstFrame('\\u001b[?1049hTHE KEPT FRAME', [${JSON.stringify(drawnFrom)}]);
        console.log('KEPT');
      } else if (mode === 'fail') {
        setTimeout(() => { process.stderr.write('cockpit: failed before drawing\\n'); process.exitCode = 2; }, 300);
      } else {
        // Warned before drawing, then drew (as Ink does, on the alternate screen), then left it.
        process.stderr.write('a warning before the first frame\\n');
        setTimeout(() => {
          process.stdout.write('\\u001b[H\\u001b[JTHE COCKPIT');
          hooks.screenTaken();
          setTimeout(() => process.stdout.write('\\u001b[?1049l'), 300);
        }, 300);
      }`,
    );
    return (mode: string) => {
      writeFileSync(join(dir, 'mode.txt'), mode);
      return new PtyProcess([process.execPath, '--import', 'tsx', script], { columns: 80, rows: 24, cwd: ROOT, env: interactiveEnv() });
    };
  };

  test('an error before drawing: the alternate screen is left and the error line shows on the screen as it was; a warning before the frame shows once the terminal is back, never on the frame', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-first-frame-'));
    const run = standIn(dir);
    try {
      const first = run('keep');
      expect((await first.waitForExit(60_000)).code).toBe(0);
      // The pty may still be handing over the last bytes when the exit is reported.
      await first.waitForScreen((s) => s.includes('KEPT'), 'the first start keeping its frame', 30_000);
      await first.close();

      const failing = run('fail');
      await failing.waitForScreen((s) => s.includes('THE KEPT FRAME'), 'the kept frame replayed', 60_000);
      expect((await failing.waitForExit(60_000)).code).toBe(2);
      await failing.waitForScreen((s) => s.includes('cockpit: failed before drawing') && !s.includes('THE KEPT FRAME'), 'the error on the screen as it was', 30_000);
      await failing.close();

      const drawing = run('draw');
      // Judged on the screen that showed the frame (read later, the process may have exited since).
      let frameWithWarning = false;
      await drawing.waitForScreen((s) => {
        if (s.includes('THE COCKPIT') && s.includes('a warning')) frameWithWarning = true;
        return s.includes('THE COCKPIT');
      }, "the process's own frame", 60_000);
      expect(frameWithWarning).toBe(false);
      expect((await drawing.waitForExit(60_000)).code).toBe(0);
      await drawing.waitForScreen((s) => s.includes('a warning before the first frame') && !/THE KEPT FRAME|THE COCKPIT/.test(s), 'the warning on the screen as it was', 30_000);
      await drawing.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe('a replayed frame whose start fails (built CLI, in a pty)', () => {
  test('Ink never mounts: the process exits with its error on the screen as it was, the terminal given back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-first-frame-'));
    const env = interactiveEnv({ XDG_CACHE_HOME: join(dir, 'cache'), COCKPIT_DATA_DIR: join(dir, 'data') });
    // Resuming an incident that is not there fails once the starting frame is up (the first start keeps that frame).
    const run = () => new PtyProcess([process.execPath, BIN, 'drill', 'runbooks/checkout-api.yaml', '--incident', 'inc-20261122-0200-missing'], { columns: 80, rows: 24, cwd: ROOT, env });
    try {
      for (const replayed of [false, true]) {
        const failing = run();
        if (replayed) await failing.waitForScreen((s) => s.includes('RUNBOOK'), 'the kept frame replayed', 60_000);
        // A start that waited for a key to mount Ink would not exit (stdin held the process).
        expect((await failing.waitForExit(60_000)).code).toBe(2);
        await failing.waitForScreen((s) => s.includes('no incident inc-20261122-0200-missing') && !s.includes('RUNBOOK'), 'the error on the screen as it was', 30_000);
        await failing.close();
      }
      expect(readdirSync(join(dir, 'cache', 'incident-cockpit', 'first-frame'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
