import { execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit, type CliRun } from '../support/cli';
import { runbookWithoutMitigations } from '../support/quickDrill';
import { copyFixtureDataDir, FIXTURE_ID } from '../fixtures/timeline/copyFixture';

/** Issue #16, "Every failure is one clear line": each case through the built CLI, as a child process. */

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const RUNBOOK = new URL('../../runbooks/checkout-api.yaml', import.meta.url).pathname;
const REPO = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
/** Stands for the runbook of runbookWithoutMitigations, written once the test's data dir exists. */
const QUICK_RUNBOOK = '<quick runbook>';

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-failures-'));
  env = { COCKPIT_DATA_DIR: join(dir, 'data') };
  await mkdir(join(dir, 'a-dir'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectOneLine(run: CliRun, exitCode: number, pattern: RegExp): void {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at |node:internal|cockpit\.cjs|internal error/);
  expect(run.exitCode).toBe(exitCode);
}

describe('a runbook path that is not a readable file: one line, exit 2', () => {
  it.each([
    ['status', ['status']],
    ['drill', ['drill', '--autopilot']],
    ['open', ['open']],
  ])('a mistyped path: cockpit %s', async (name, args) => {
    const missing = join(dir, 'chekout-api.yaml');
    const run = await cockpit([...args.slice(0, 1), missing, ...args.slice(1)], { env });
    expectOneLine(run, 2, new RegExp(`^cockpit ${name}: cannot read the runbook ${missing}: no such file \\(ENOENT\\)$`));
  });

  // `drill runbooks/checkout-api.yml` said only "no such file", where a misspelt scenario or option gets a suggestion.
  it('a path one slip away from a runbook beside it: the one it likely meant', async () => {
    const run = await cockpit(['drill', 'runbooks/checkout-api.yml', '--autopilot'], { env });
    expectOneLine(run, 2, /^cockpit drill: cannot read the runbook runbooks\/checkout-api\.yml: no such file \(ENOENT\); did you mean runbooks\/checkout-api\.yaml\?$/);
  });

  // `cockpit --help`'s own example, run outside a checkout by a new team: only "no such file".
  it('an example runbook named from another directory: the one installed beside the cockpit', async () => {
    const run = await cockpit(['drill', 'runbooks/checkout-api.yaml', '--autopilot'], { env, cwd: dir });
    expectOneLine(run, 2, new RegExp(`^cockpit drill: cannot read the runbook runbooks/checkout-api\\.yaml: no such file \\(ENOENT\\); did you mean ${REPO}/runbooks/checkout-api\\.yaml\\?$`));
  });

  it.each(['status', 'drill'])('a directory where the runbook is expected: cockpit %s', async (name) => {
    const run = await cockpit([name, join(dir, 'a-dir'), ...(name === 'drill' ? ['--autopilot'] : [])], { env });
    expectOneLine(run, 2, new RegExp(`^cockpit ${name}: cannot read the runbook ${dir}/a-dir: is a directory, expected a runbook`));
  });

  it('a directory where a scenario file is expected: cockpit drill --scenario', async () => {
    const run = await cockpit(['drill', RUNBOOK, '--autopilot', '--scenario', join(dir, 'a-dir')], { env });
    expectOneLine(run, 2, new RegExp(`^${dir}/a-dir:1:1: is a directory, expected a scenario file \\(YAML\\)$`));
  });

  it('a FIFO is refused at once, not read forever', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expectOneLine(await cockpit(['status', fifo], { env }), 2, /^cockpit status: cannot read the runbook .*pipe\.yaml: not a regular file$/);
    expectOneLine(await cockpit(['lint', fifo], { env }), 2, /^cockpit lint: cannot read the file .*pipe\.yaml: not a regular file$/);
  });

  // chmod 000 does not stop root from reading. As root the CLI is run as `nobody` (a real reader
  // without the permission); run as anyone else, as that user.
  const root = process.getuid?.() === 0;
  it('an unreadable file (chmod 000), by a user without permission', async () => {
    await chmod(dir, 0o755);
    const file = join(dir, 'secret.yaml');
    await writeFile(file, 'service: x\n');
    await chmod(file, 0o000);
    const as = root ? { uid: 65534, gid: 65534 } : {};
    const userEnv = { COCKPIT_DATA_DIR: join(dir, 'nobody-data'), COCKPIT_NO_COMPILE_CACHE: '1', HOME: dir };
    expectOneLine(await cockpit(['status', file], { env: userEnv, ...as }), 2, new RegExp(`^cockpit status: cannot read the runbook ${file}: permission denied \\(EACCES\\)$`));
    expectOneLine(await cockpit(['lint', file], { env: userEnv, ...as }), 2, new RegExp(`^cockpit lint: cannot read the file ${file}: permission denied \\(EACCES\\)$`));
  });
});

describe('an unknown option, on any command: commander\'s message on one line, exit 2', () => {
  it.each([
    ['open', [RUNBOOK]],
    ['drill', [RUNBOOK]],
    ['lint', [RUNBOOK]],
    ['schema', []],
    ['status', [RUNBOOK]],
    ['incidents', []],
    ['export', ['inc-x', '--format', 'md']],
    ['verify', ['inc-x']],
    ['completion', ['bash']],
  ])('cockpit %s --bogus', async (name, args) => {
    const run = await cockpit([name, ...args, '--bogus'], { env });
    expectOneLine(run, 2, new RegExp(`^cockpit ${name}: unknown option '--bogus' — see cockpit ${name} --help$`));
  });

  it('a near miss keeps commander\'s suggestion on the same line', async () => {
    const run = await cockpit(['status', RUNBOOK, '--jsn'], { env });
    expectOneLine(run, 2, /^cockpit status: unknown option '--jsn' \(Did you mean --json\?\) — see cockpit status --help$/);
  });

  it('an unknown command', async () => {
    expectOneLine(await cockpit(['stauts'], { env }), 2, /^cockpit: unknown command 'stauts' \(Did you mean status\?\) — see cockpit --help$/);
  });
});

describe('a shared-store setting it cannot take: one line naming it, exit 2, before any connection', () => {
  it.each(['incidents', 'export'])('cockpit %s', async (name) => {
    const args = name === 'incidents' ? ['incidents'] : ['export', 'inc-20261122-0231-checkout-api', '--format', 'md'];
    const run = await cockpit([...args, '--store', 'postgres://cockpit@127.0.0.1:1/none'], { env: { ...env, COCKPIT_LEASE_TTL_MS: '30s' } });
    expectOneLine(run, 2, /^cockpit: COCKPIT_LEASE_TTL_MS=30s is not a time it can take: a whole number of milliseconds, at least 500 \(unset it for the default\)$/);
  });
});

describe('TERM=dumb refuses the full-screen TUI and points at status', () => {
  it.each(['open', 'drill'])('cockpit %s', async (name) => {
    const run = await cockpit([name, RUNBOOK], { env: { ...env, TERM: 'dumb' } });
    expectOneLine(run, 2, new RegExp(`^cockpit ${name}: TERM=dumb cannot draw the full-screen cockpit; .*\`cockpit status <runbook>\``));
  });
});

/** The reader of stdout is gone before the command writes a byte (as `| head -c0` would be). */
function withClosedStdout(args: readonly string[], dataDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, COCKPIT_DATA_DIR: dataDir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('EPIPE: the reader of stdout went away', () => {
  let fixture: Awaited<ReturnType<typeof copyFixtureDataDir>>;
  /** A drill that ends at once (what is checked is its report's write, not the drill). */
  let quickRunbook: string;
  beforeAll(async () => {
    fixture = await copyFixtureDataDir();
    quickRunbook = await runbookWithoutMitigations(fixture.dataDir);
  });
  afterAll(async () => fixture.cleanup());

  it.each([
    ['export --format md', ['export', FIXTURE_ID, '--format', 'md']],
    ['export --format json', ['export', FIXTURE_ID, '--format', 'json']],
    ['status --json', ['status', RUNBOOK, '--json']],
    ['schema', ['schema']],
    ['lint of many files', ['lint', new URL('../../runbooks', import.meta.url).pathname, new URL('../fixtures', import.meta.url).pathname]],
    ['drill --autopilot --json', ['drill', QUICK_RUNBOOK, '--autopilot', '--json']],
  ])('%s stops quietly: no stack trace, exit 141 (as SIGPIPE would)', async (_name, args) => {
    const run = await withClosedStdout(args.map((arg) => (arg === QUICK_RUNBOOK ? quickRunbook : arg)), fixture.dataDir);
    expect(run.stderr).not.toMatch(/EPIPE|internal error|\n\s+at |node:internal/);
    expect(run.code).toBe(141);
  });
});
