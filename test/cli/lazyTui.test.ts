// Issue #17: the TUI (Ink, React) is loaded only by the commands that draw it. The built CLI is
// run with a preload (test/fixtures/tuiTrap.cjs) that notices React and Ink's layout engine being
// evaluated; the same trap, in a real terminal (tmux), sees them in `cockpit drill`, so a silent
// trap means the TUI was not evaluated, not that the trap is blind.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const TRAP = new URL('../fixtures/tuiTrap.cjs', import.meta.url).pathname;
const NOTHING = { react: false, yoga: false };

let dir: string;
let runs = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-lazy-tui-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Offline settings for every provider: the AWS SDK fails fast instead of looking for credentials. */
const env = () => ({ NO_COLOR: '1', COCKPIT_DATA_DIR: join(dir, 'data'), AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'us-east-1' });

/** Runs the built CLI with the trap; returns its output and what the trap saw. */
async function traced(args: readonly string[]) {
  const trapFile = join(dir, `trap-${(runs += 1)}.json`);
  const result = await execa(process.execPath, ['--require', TRAP, BIN, ...args], { reject: false, input: '', timeout: 60_000, env: { ...env(), TUI_TRAP_FILE: trapFile } });
  return { ...result, stdout: String(result.stdout), evaluated: JSON.parse(await readFile(trapFile, 'utf8')) as typeof NOTHING };
}

describe('commands that draw nothing never evaluate the TUI (built CLI)', () => {
  let incident: string;
  beforeAll(async () => {
    // A real incident for export and verify, from a drill that needs no terminal either.
    const drill = await traced(['drill', 'runbooks/checkout-api.yaml', '--scenario', 'bad-deploy', '--autopilot']);
    expect(drill.exitCode).toBe(0);
    expect(drill.evaluated).toEqual(NOTHING);
    incident = /cockpit export (\S+) --format md/.exec(drill.stdout)![1]!;
  }, 120_000);

  it('lint', async () => {
    const lint = await traced(['lint', 'runbooks/checkout-api.yaml']);
    expect(lint.exitCode).toBe(0);
    expect(lint.evaluated).toEqual(NOTHING);
  });

  it('status (its providers asked, the AWS SDK loaded)', async () => {
    const status = await traced(['status', 'runbooks/checkout-api.yaml', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ format: 'incident-cockpit/status-v1', deploys: { source: 'deploys (ecs)' } });
    expect(status.evaluated).toEqual(NOTHING);
  });

  it('export and verify', async () => {
    const exported = await traced(['export', incident, '--format', 'md']);
    expect(exported.exitCode).toBe(0);
    expect(exported.stdout).toContain('checkout-api');
    expect(exported.evaluated).toEqual(NOTHING);
    const verified = await traced(['verify', incident]);
    expect(verified.exitCode).toBe(0);
    expect(verified.evaluated).toEqual(NOTHING);
  });

  it('the trap does see the TUI: `cockpit drill` in a real terminal', async () => {
    const tmux = new Tmux(dir);
    try {
      const trapFile = join(dir, 'trap-drill.json');
      const vars = Object.entries({ ...env(), TUI_TRAP_FILE: trapFile }).map(([k, v]) => `${k}='${v}'`).join(' ');
      const command = `env -u CI ${vars} '${process.execPath}' --require '${TRAP}' '${BIN}' drill runbooks/checkout-api.yaml; echo EXIT=$?`;
      tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '120', '-y', '40', '-c', process.cwd(), command);
      tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
      await tmux.waitFor((s) => s.includes('DEPLOYS') && s.includes('TIMELINE'), 'the cockpit', 60_000);
      await tmux.waitForRawMode();
      tmux.keys('q');
      await tmux.waitFor((s) => s.includes('EXIT=0'), 'the drill ending', 60_000);
      expect(JSON.parse(await readFile(trapFile, 'utf8'))).toEqual({ react: true, yoga: true });
    } finally {
      tmux.kill();
    }
  }, 120_000);
});
