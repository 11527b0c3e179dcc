// Issue #17: a command loads what it uses. The runbook's loader (the YAML library, the runbook and
// plugin schemas, the PromQL parser) is evaluated by the commands that read a runbook (lint, status,
// open, drill), not by those that only read incidents (export, verify, incidents) nor by
// `--version`: the command bodies that read runbooks are imported when their command runs
// (src/cli/commands/*Action.ts). The built CLI is run with a preload (test/fixtures/yamlTrap.cjs)
// that notices the YAML library being evaluated; `lint` shows the trap is not blind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixtureDataDir, FIXTURE_ID } from '../fixtures/timeline/copyFixture';
import { traced } from '../support/trappedCli';

const TRAP = { file: new URL('../fixtures/yamlTrap.cjs', import.meta.url).pathname, outputVar: 'YAML_TRAP_FILE' };

let dir: string;
let fixture: Awaited<ReturnType<typeof copyFixtureDataDir>>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-lazy-commands-'));
  fixture = await copyFixtureDataDir();
});
afterAll(async () => {
  await fixture.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const run = (args: readonly string[]) => traced<{ yaml: boolean }>(TRAP, dir, [...args, '--store', fixture.dataDir]);

describe('commands that read no runbook never evaluate its loader (built CLI)', () => {
  it.each([
    ['export', ['export', FIXTURE_ID, '--format', 'md']],
    ['verify', ['verify', FIXTURE_ID]],
    ['incidents', ['incidents']],
  ])('%s', async (_name, args) => {
    const result = await run(args);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(FIXTURE_ID.replace(/^inc-\d+-\d+-/, ''));
    expect(result.seen).toEqual({ yaml: false });
  });

  it('the trap does see it: `cockpit lint` reads a runbook', async () => {
    const lint = await traced<{ yaml: boolean }>(TRAP, dir, ['lint', 'runbooks/checkout-api.yaml']);
    expect(lint.exitCode, lint.stderr).toBe(0);
    expect(lint.seen).toEqual({ yaml: true });
  });
});
