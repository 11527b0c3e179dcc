import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';
import { VALID, variant } from '../support/runbookText';

/** Issue #16, "Conventions": what scripts and shells expect of a CLI, through the built CLI. */

const COMMANDS = ['open', 'drill', 'lint', 'schema', 'status', 'incidents', 'export', 'verify', 'completion'];

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-conventions-'));
  env = { COCKPIT_DATA_DIR: join(dir, 'data') };
  await writeFile(join(dir, 'bad.yaml'), variant('severity: SEV2', 'severity: SEV9').replace('action: flags.set', 'action: flag.set'));
  await writeFile(join(dir, 'ok.yaml'), VALID);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cockpit lint --json and --format github', () => {
  it('--json: each problem with path, line, col, message and rule; versioned', async () => {
    const run = await cockpit(['lint', dir, '--json'], { env });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { format: string; files: string[]; problems: unknown[] };
    expect(report.format).toBe('incident-cockpit/lint-v1');
    expect(report.files).toEqual([join(dir, 'bad.yaml'), join(dir, 'ok.yaml')]);
    expect(report.problems).toEqual([
      { path: join(dir, 'bad.yaml'), line: 4, col: 11, message: 'severity: bad severity "SEV9": expected one of SEV1, SEV2, SEV3, SEV4', rule: 'schema' },
      { path: join(dir, 'bad.yaml'), line: 22, col: 20, message: 'unknown provider `flag` in action `flag.set` (did you mean `flags.set`?)', rule: 'steps' },
    ]);
  });

  it('--json on a clean runbook: no problems, exit 0', async () => {
    const run = await cockpit(['lint', join(dir, 'ok.yaml'), '--format', 'json'], { env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ problems: [], missing: [] });
  });

  it('--format github: one workflow annotation a problem, escaped', async () => {
    const run = await cockpit(['lint', join(dir, 'bad.yaml'), '--format', 'github'], { env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      // (`:` is escaped only inside a property: the file name, the title.)
      `::error file=${join(dir, 'bad.yaml')},line=4,col=11,title=cockpit lint (schema)::severity: bad severity "SEV9": expected one of SEV1, SEV2, SEV3, SEV4`,
      `::error file=${join(dir, 'bad.yaml')},line=22,col=20,title=cockpit lint (steps)::unknown provider \`flag\` in action \`flag.set\` (did you mean \`flags.set\`?)`,
    ]);
  });
});

// `drill --autopilot --json` is incident-cockpit/drill-report-v1: drill.test.ts's first test checks
// it, on the drill this file would otherwise play again for one field.

describe('--no-color and help on every command', () => {
  it.each(COMMANDS)('cockpit %s --help: its usage, --no-color, examples, exit codes', async (name) => {
    const run = await cockpit([name, '--help'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: cockpit ${name}`));
    expect(run.stdout).toContain('--no-color');
    expect(run.stdout).toMatch(/\nExamples:\n {2}\$ cockpit /);
    expect(run.stdout).toMatch(/\nExit codes: /);
    if (!['schema', 'completion'].includes(name)) expect(run.stdout).toMatch(/\nEnvironment:\n(?: {2}.*\n)*? {2}COCKPIT_DATA_DIR /);
  });

  it('--no-color is accepted by a command that prints no colour', async () => {
    const run = await cockpit(['incidents', '--no-color'], { env });
    expect(run.exitCode).toBe(0);
  });
});

const has = (shell: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`]);
    return true;
  } catch {
    return false;
  }
};

describe('cockpit completion', () => {
  it('bash: valid syntax, every command, and choices after --format', async () => {
    const run = await cockpit(['completion', 'bash'], { env });
    expect(run.exitCode).toBe(0);
    for (const name of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^ {4}${name}\\) opts=`, 'm'));
    expect(run.stdout).toContain("export:--format) COMPREPLY=($(compgen -W 'md json'");
    execFileSync('bash', ['-n'], { input: run.stdout });
    // Completing for real: `cockpit ex<Tab>` and `cockpit export id --format <Tab>`.
    const complete = (line: string) =>
      execFileSync('bash', ['-c', `${run.stdout}\nCOMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _cockpit_complete; printf '%s\\n' "\${COMPREPLY[@]}"`]).toString().trim();
    expect(complete('cockpit ex')).toBe('export');
    expect(complete(`cockpit export inc-1 --format ''`).split('\n')).toEqual(['md', 'json']);
    expect(complete(`cockpit lint --f`).split('\n')).toEqual(['--format']);
    // A command's subcommands, and their options (`store` completed nothing).
    expect(complete(`cockpit store ''`).split('\n')).toEqual(['migrate', 'import']);
    expect(complete(`cockpit store migrate --st`)).toBe('--store');
    expect(complete(`cockpit completion ''`).split('\n')).toEqual(['bash', 'zsh', 'fish']);
  });

  it.each(['zsh', 'fish'])('%s: names every command', async (shell) => {
    const run = await cockpit(['completion', shell], { env });
    expect(run.exitCode).toBe(0);
    for (const name of COMMANDS) expect(run.stdout).toContain(name);
    // zsh and fish are not on every machine; bash's script is checked above in any case.
    // From a file: fish run by Node with a piped stdin reads nothing from it.
    const script = join(dir, `completion.${shell}`);
    await writeFile(script, run.stdout);
    if (has(shell)) execFileSync(shell, ['-n', script]);
    else console.info(`${shell} is not installed here: its completion script was not syntax-checked`);
  });

  it('an unknown shell is a usage error, one line, exit 2', async () => {
    const run = await cockpit(['completion', 'tcsh'], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });
});
