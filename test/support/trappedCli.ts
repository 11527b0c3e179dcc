// The built CLI run with a preloaded trap (`node --require`, test/fixtures/*Trap.cjs) that writes
// what it saw, as JSON, at exit to the file its environment variable names: for the tests of what
// a command loads (test/cli/lazyTui.test.ts, test/cli/lazyChunks.test.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { Tmux } from './tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;

export interface Trap {
  /** The preload's path. */
  readonly file: string;
  /** The environment variable that tells it where to write. */
  readonly outputVar: string;
}

/** Offline settings for every provider: the AWS SDK fails fast instead of looking for credentials. */
const offlineEnv = (dir: string) => ({ NO_COLOR: '1', COCKPIT_DATA_DIR: join(dir, 'data'), AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'us-east-1' });

let runs = 0;

/** Runs the built CLI with `trap`, its files in `dir`; returns its output and what the trap saw. */
export async function traced<T>(trap: Trap, dir: string, args: readonly string[], timeout = 60_000) {
  const trapFile = join(dir, `trap-${(runs += 1)}.json`);
  const result = await execa(process.execPath, ['--require', trap.file, BIN, ...args], { reject: false, input: '', timeout, env: { ...offlineEnv(dir), [trap.outputVar]: trapFile } });
  return { ...result, stdout: String(result.stdout), seen: JSON.parse(await readFile(trapFile, 'utf8')) as T };
}

/**
 * `cockpit drill runbooks/checkout-api.yaml` with `trap`, in a real terminal (tmux, `size`): waits
 * for `drawn` on screen, quits with `q`, and returns what the trap saw.
 */
export async function tracedDrillInTerminal<T>(trap: Trap, dir: string, size: { columns: number; rows: number }, drawn: { what: string; seen: (screen: string) => boolean }): Promise<T> {
  const tmux = new Tmux(dir);
  try {
    const trapFile = join(dir, `trap-${(runs += 1)}.json`);
    const vars = Object.entries({ ...offlineEnv(dir), [trap.outputVar]: trapFile }).map(([k, v]) => `${k}='${v}'`).join(' ');
    const command = `env -u CI ${vars} '${process.execPath}' --require '${trap.file}' '${BIN}' drill runbooks/checkout-api.yaml; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', String(size.columns), '-y', String(size.rows), '-c', process.cwd(), command);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    await tmux.waitFor(drawn.seen, drawn.what, 60_000);
    await tmux.waitForRawMode();
    tmux.keys('q');
    await tmux.waitFor((s) => s.includes('EXIT=0'), 'the drill ending', 60_000);
    return JSON.parse(await readFile(trapFile, 'utf8')) as T;
  } finally {
    tmux.kill();
  }
}
