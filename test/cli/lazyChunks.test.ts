// Issue #17: the clients only some providers use (the AWS SDK, the Kubernetes client) are scripts
// of their own (dist/vendor/, scripts/vendorChunksPlugin.mjs), read only when a provider uses
// them, and, in an interactive drill, only after the first frame. The built CLI is run with a
// preload (test/fixtures/chunkTrap.cjs) that records, in order, the first frame and each vendor
// script read; the Kubernetes drill shows the trap sees that client too.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const TRAP = new URL('../fixtures/chunkTrap.cjs', import.meta.url).pathname;

let dir: string;
let runs = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-lazy-chunks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Offline settings for every provider: the AWS SDK fails fast instead of looking for credentials. */
const env = () => ({ NO_COLOR: '1', COCKPIT_DATA_DIR: join(dir, 'data'), AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'us-east-1' });

/** Runs the built CLI with the trap; returns its output and what the trap saw, in order. */
async function traced(args: readonly string[]) {
  const trapFile = join(dir, `trap-${(runs += 1)}.json`);
  const result = await execa(process.execPath, ['--require', TRAP, BIN, ...args], { reject: false, input: '', timeout: 90_000, env: { ...env(), CHUNK_TRAP_FILE: trapFile } });
  return { ...result, stdout: String(result.stdout), seen: JSON.parse(await readFile(trapFile, 'utf8')) as string[] };
}

describe('vendor scripts are read only by the providers that use them (built CLI)', () => {
  it('lint reads none', async () => {
    const lint = await traced(['lint', 'runbooks/']);
    expect(lint.exitCode).toBe(0);
    expect(lint.seen).toEqual([]);
  });

  it('status of an ECS service reads the AWS SDK, not the Kubernetes client', async () => {
    const status = await traced(['status', 'runbooks/checkout-api.yaml', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ deploys: { source: 'deploys (ecs)' } });
    expect(status.seen).toEqual(['vendor/aws.cjs']);
  });

  it('a drill of a Kubernetes service reads the Kubernetes client (the trap sees it)', async () => {
    const drill = await traced(['drill', 'runbooks/payments-api.yaml', '--scenario', 'bad-deploy', '--autopilot']);
    expect(drill.exitCode).toBe(0);
    expect(drill.seen).toContain('vendor/kubernetes.cjs');
    expect(drill.seen).not.toContain('vendor/aws.cjs');
  }, 120_000);

  it('an interactive drill draws its first frame before it reads the AWS SDK, and its panels fill', async () => {
    const tmux = new Tmux(dir);
    try {
      const trapFile = join(dir, 'trap-drill.json');
      const vars = Object.entries({ ...env(), CHUNK_TRAP_FILE: trapFile }).map(([k, v]) => `${k}='${v}'`).join(' ');
      const command = `env -u CI ${vars} '${process.execPath}' --require '${TRAP}' '${BIN}' drill runbooks/checkout-api.yaml; echo EXIT=$?`;
      tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '48', '-c', process.cwd(), command);
      tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
      // The deploys table has a revision cell once the ECS provider (through the SDK) answered.
      await tmux.waitFor((s) => s.includes('TIMELINE') && /:\d+ │/.test(s), 'the deploys panel filled', 60_000);
      await tmux.waitForRawMode();
      tmux.keys('q');
      await tmux.waitFor((s) => s.includes('EXIT=0'), 'the drill ending', 60_000);
      expect(JSON.parse(await readFile(trapFile, 'utf8'))).toEqual(['first frame', 'vendor/aws.cjs']);
    } finally {
      tmux.kill();
    }
  }, 120_000);
});
