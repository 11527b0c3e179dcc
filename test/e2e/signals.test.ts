import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cockpit } from '../support/cli';
import { Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

const sessions: { tmux: Tmux; dir: string; pids: number[] }[] = [];
afterEach(() => {
  for (const { tmux, dir, pids } of sessions.splice(0)) {
    tmux.kill();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('an interactive drill in a real terminal, ended from outside while a command.run step runs', () => {
  test.each(['SIGTERM', 'closed terminal'] as const)('%s: the cockpit exits, the terminal is restored, the sleep is gone, the lock released, the timeline verifies', async (how) => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-signals-'));
    const tmux = new Tmux(dir);
    const entry = { tmux, dir, pids: [] as number[] };
    sessions.push(entry);
    const dataDir = join(dir, 'data');
    const pidFile = join(dir, 'sleep.pid');
    const script = join(dir, 'long-check.sh');
    writeFileSync(script, `#!/bin/sh\nsleep 600 &\necho $! > "${pidFile}"\nwait\n`);
    chmodSync(script, 0o755);
    const runbook = join(dir, 'checkout-api.yaml');
    writeFileSync(
      runbook,
      readFileSync(join(ROOT, 'runbooks/checkout-api.yaml'), 'utf8')
        .replace('./flags/checkout.flagd.json', join(ROOT, 'runbooks/flags/checkout.flagd.json'))
        .replace('argv: ["./scripts/db-health.sh", "--service", "{{service}}"], timeout: 30s', `argv: ["${script}"], timeout: 10m`),
    );
    const command = `printf 'BEFORE THE COCKPIT\\n'; env -u CI COCKPIT_DATA_DIR='${dataDir}' '${process.execPath}' '${BIN}' drill '${runbook}' --scenario bad-deploy --speed 20; echo EXIT=$?; sleep 600`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '45', '-c', ROOT, command);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    await tmux.waitFor((s) => s.includes(':42') && s.includes('checkout_v2'), 'the panels with data', 20_000);
    await tmux.waitForRawMode();
    const [incident] = readdirSync(join(dataDir, 'incidents'));
    const lock = join(dataDir, 'incidents', incident!, 'lock');
    const cockpitPid = (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
    entry.pids.push(cockpitPid);

    // The fourth step, page-db, runs the long check (confirmed if the cockpit asks).
    tmux.keys('j', 'j', 'j', 'Enter');
    await until('the sleep to start, or a confirmation', () => existsSync(pidFile) || tmux.screen().includes('CONFIRM'), 20_000);
    if (!existsSync(pidFile)) tmux.keys('Enter');
    await until('the sleep to start', () => /^\d+\n$/.test(existsSync(pidFile) ? readFileSync(pidFile, 'utf8') : ''), 20_000);
    const sleepPid = Number(readFileSync(pidFile, 'utf8'));
    entry.pids.push(sleepPid);
    expect(alive(sleepPid)).toBe(true);

    if (how === 'SIGTERM') {
      process.kill(cockpitPid, 'SIGTERM');
      const after = await tmux.waitFor((s) => s.includes('EXIT='), 'the process exiting', 20_000);
      expect(after).toContain('EXIT=143');
      // The main screen comes back whole, with what was printed before the cockpit. (The shell
      // stays alive after the cockpit: a tmux pane that dies with remain-on-exit loses its
      // restored main screen about one time in three, whatever the program wrote before.)
      expect(after.split('\n').slice(0, 2)).toEqual(['BEFORE THE COCKPIT', 'EXIT=143']);
      for (const title of ['DEPLOYS', 'TIMELINE']) expect(after).not.toContain(title);
    } else {
      tmux.kill();
    }
    await until('the cockpit to exit', () => !alive(cockpitPid), 10_000);
    await until('the sleep to be gone', () => !alive(sleepPid), 5_000);
    expect(existsSync(lock)).toBe(false);
    const verify = await cockpit(['verify', incident!], { env: { COCKPIT_DATA_DIR: dataDir } });
    expect(verify.exitCode, verify.stdout + verify.stderr).toBe(0);
    // The command it cut short says what stopped it, and the drill is scored from there (one killed mid-rollout kept an
    // earlier sitting's score, which said the responder quit).
    const events = readFileSync(join(dataDir, 'incidents', incident!, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { kind: string; data: { reason?: string; summary?: string } });
    const stopped = `the cockpit was stopped by ${how === 'SIGTERM' ? 'SIGTERM' : 'SIGHUP'}`;
    expect(events.find((e) => e.kind === 'action.cancelled')?.data.reason).toMatch(new RegExp(`^${stopped} while act-\\d`));
    expect(events.filter((e) => e.kind === 'drill.scored')).toHaveLength(1);
  }, 90_000);
});
