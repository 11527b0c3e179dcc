// Issue #17: the clients only some providers use (the AWS SDK, the Kubernetes client) are scripts
// of their own (dist/vendor/, scripts/vendorChunksPlugin.mjs), read only when a provider uses
// them, and, in an interactive drill, only after the first frame. The built CLI is run with a
// preload (test/fixtures/chunkTrap.cjs) that records, in order, the first frame and each vendor
// script read; the Kubernetes drill shows the trap sees that client too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traced, tracedDrillInTerminal } from '../support/trappedCli';

const TRAP = { file: new URL('../fixtures/chunkTrap.cjs', import.meta.url).pathname, outputVar: 'CHUNK_TRAP_FILE' };
const BUILTIN_TRAP = { file: new URL('../fixtures/builtinTrap.cjs', import.meta.url).pathname, outputVar: 'BUILTIN_TRAP_FILE' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-lazy-chunks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: readonly string[]) => traced<string[]>(TRAP, dir, args, 90_000);

describe('vendor scripts are read only by the providers that use them (built CLI)', () => {
  it('lint reads none', async () => {
    const lint = await run(['lint', 'runbooks/']);
    expect(lint.exitCode).toBe(0);
    expect(lint.seen).toEqual([]);
  });

  it('lint loads no network client and starts no thread: Node\'s http, https, tls and worker_threads stay unloaded', async () => {
    const lint = await traced<string[]>(BUILTIN_TRAP, dir, ['lint', 'runbooks/'], 90_000);
    expect(lint.exitCode).toBe(0);
    expect(lint.seen).toEqual([]);
  });

  it('status of an ECS service reads the AWS SDK, not the Kubernetes client', async () => {
    const status = await run(['status', 'runbooks/checkout-api.yaml', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ deploys: { source: 'deploys (ecs)' } });
    expect(status.seen).toEqual(['vendor/aws.cjs']);
  });

  it('a drill of a Kubernetes service reads the Kubernetes client (the trap sees it)', async () => {
    const drill = await run(['drill', 'runbooks/payments-api.yaml', '--scenario', 'bad-deploy', '--autopilot']);
    expect(drill.exitCode).toBe(0);
    expect(drill.seen).toContain('vendor/kubernetes.cjs');
    expect(drill.seen).not.toContain('vendor/aws.cjs');
  }, 120_000);

  it('an interactive drill draws its first frame before it reads the AWS SDK, and its panels fill', async () => {
    // The deploys table has a revision cell once the ECS provider (through the SDK) answered.
    const seen = await tracedDrillInTerminal<string[]>(TRAP, dir, { columns: 160, rows: 48 }, { what: 'the deploys panel filled', seen: (s) => s.includes('TIMELINE') && /:\d+ │/.test(s) });
    expect(seen).toEqual(['first frame', 'vendor/aws.cjs']);
  }, 120_000);
});
