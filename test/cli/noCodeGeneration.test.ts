// The built CLI generates no code from strings at run time: zod's compiled object parsers cost a
// drill more CPU to build than they ever saved (src/cli/parsersInterpreted.ts, issue #17). The trap
// (test/fixtures/codegenTrap.cjs) counts every `Function` built while lint and a whole drill run:
// 23 in lint and 49 in the drill when the setting is missing or comes after the first schema.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traced } from '../support/trappedCli';

const TRAP = { file: new URL('../fixtures/codegenTrap.cjs', import.meta.url).pathname, outputVar: 'CODEGEN_TRAP_FILE' };
type Seen = { count: number; first?: string };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-no-codegen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the built CLI parses without generating code', () => {
  it('lint of every example runbook', async () => {
    const lint = await traced<Seen>(TRAP, dir, ['lint', 'runbooks/']);
    expect(lint.exitCode).toBe(0);
    expect(lint.seen, lint.seen.first).toMatchObject({ count: 0 });
  });

  it('a whole autopilot drill: scenario, sandbox requests, provider answers, rollback and kill switch', async () => {
    const drill = await traced<Seen>(TRAP, dir, ['drill', 'runbooks/checkout-api.yaml', '--scenario', 'bad-deploy', '--autopilot'], 120_000);
    expect(drill.exitCode, String(drill.stderr)).toBe(0);
    expect(drill.stdout).toContain('RECOVERED');
    expect(drill.seen, drill.seen.first).toMatchObject({ count: 0 });
  }, 120_000);
});
