import { chmod, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;

let dir: string;
let dataDir: string;
let runbook: string;
let pidFile: string;
const started: number[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-signals-'));
  dataDir = join(dir, 'data');
  pidFile = join(dir, 'sleep.pid');
  const flagFile = join(dir, 'checkout.flagd.json');
  await copyFile('runbooks/flags/checkout.flagd.json', flagFile);
  // The runbook's `command.run` step starts a long sleep (in the background, so the script's own
  // process is not the one that matters), writes the sleep's pid, and waits for it.
  const script = join(dir, 'long-check.sh');
  await writeFile(script, `#!/bin/sh\nsleep 600 &\necho $! > "${pidFile}"\nwait\n`);
  await chmod(script, 0o755);
  runbook = join(dir, 'checkout-api.yaml');
  const text = (await readFile('runbooks/checkout-api.yaml', 'utf8'))
    .replace('./flags/checkout.flagd.json', flagFile)
    .replace('run: { action: command.run, argv: ["./scripts/db-health.sh", "--service", "{{service}}"], timeout: 30s }', `run: { action: command.run, argv: ["${script}"], timeout: 10m }`);
  expect(text).toContain(script);
  await writeFile(runbook, text);
});
afterEach(async () => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  await rm(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ESRCH');
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.each(['SIGTERM', 'SIGHUP'] as const)('cockpit drill --autopilot ended by %s', (signal) => {
  it('closes the session and kills the command.run child group: the cockpit exits, the sleep is gone, the lock is released and the timeline verifies', async () => {
    const child = execa(process.execPath, [BIN, 'drill', runbook, '--scenario', 'bad-deploy', '--autopilot'], {
      reject: false,
      env: { NO_COLOR: '1', COCKPIT_DATA_DIR: dataDir },
    });
    try {
      const sleepPid = await until('the sleep to start', async () => {
        const text = await readFile(pidFile, 'utf8').catch(() => '');
        return /^\d+\n$/.test(text) ? Number(text) : undefined;
      });
      started.push(sleepPid);
      expect(alive(sleepPid)).toBe(true);
      const [incident] = await readdir(join(dataDir, 'incidents'));
      expect(existsSync(join(dataDir, 'incidents', incident!, 'lock'))).toBe(true);

      child.kill(signal);
      const result = await child;
      expect(result.signal ?? result.exitCode).toBe(signal === 'SIGTERM' ? 143 : 129);
      expect(result.stderr).toBe('');
      // The group got SIGTERM while the session closed (or SIGKILL as the process exited).
      await until('the sleep to be gone', async () => (alive(sleepPid) ? undefined : true), 5_000);
      expect(existsSync(join(dataDir, 'incidents', incident!, 'lock'))).toBe(false);
      const verify = await cockpit(['verify', incident!], { env: { COCKPIT_DATA_DIR: dataDir } });
      expect(verify.exitCode, verify.stdout + verify.stderr).toBe(0);
      const log = await readFile(join(dataDir, 'incidents', incident!, 'events.jsonl'), 'utf8');
      expect(log).toContain('"action.cancelled"');
    } finally {
      child.kill('SIGKILL');
      await child;
    }
  }, 60_000);
});
