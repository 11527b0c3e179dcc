import { mkdir, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import commandPlugin, { commandConfig } from '../../plugins/command';
import { CAPTURE_EDGE_BYTES } from '../../plugins/command/outputCapture';
import type { ActionOutcome, ActionPlan, PluginContext, Result } from '../../src/plugins/contract';
import { execContext, isRunning, recordingIO, tempDir, TEST_KILL_GRACE_MS, waitFor } from '../support/execContext';

const FIXTURES = fileURLToPath(new URL('../fixtures/command/', import.meta.url));
const node = process.execPath;
const fixture = (name: string) => path.join(FIXTURES, name);

let baseDir: string;
let removeBaseDir: () => Promise<void>;
beforeEach(async () => {
  ({ dir: baseDir, remove: removeBaseDir } = await tempDir('cockpit-command'));
});
afterEach(() => removeBaseDir());

async function runner(config: unknown = {}, ctx: Partial<PluginContext> = {}) {
  const instance = await commandPlugin.create(commandConfig.parse(config), execContext({ baseDir, ...ctx }));
  return instance.actions!.run!;
}

function planned(result: Result<ActionPlan>): ActionPlan {
  if (!result.ok) throw new Error(`plan failed: ${result.error.message}`);
  return result.value;
}

function succeeded(result: Result<ActionOutcome>): ActionOutcome {
  if (!result.ok) throw new Error(`execute failed: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

interface Printed {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

/** Plans and executes print-argv with `args`, returning what the child process received. */
async function printArgv(args: string[], config: unknown = {}, ctx: Partial<PluginContext> = {}) {
  const run = await runner(config, ctx);
  const plan = planned(await run.plan({ argv: [node, fixture('print-argv.mjs'), ...args] }, new AbortController().signal));
  const io = recordingIO();
  const outcome = succeeded(await run.execute(plan, io));
  return { plan, outcome, printed: JSON.parse(io.outputs.map((o) => o.chunk).join('')) as Printed };
}

describe('command.run argv', () => {
  it('delivers injection attempts and template values literally, one argument each', async () => {
    const literal = ['; rm -rf /', '$(id)', '`id`', 'two\nlines', `"double" 'single'`, '&& touch pwned', '>pwned', '*', '$HOME'];
    const templateVars = {
      service: 'checkout api; touch pwned',
      env: 'prod $(touch pwned)',
      incident: '`touch pwned`',
      responder: `o'brien "x"\nnext`,
      nested: '{{service}}',
    };
    const templated = ['{{service}}', '--env={{env}}', '{{incident}}', '{{ responder }}', '{{nested}}'];
    const { plan, printed } = await printArgv([...literal, ...templated], {}, { templateVars });

    const expanded = [
      templateVars.service,
      `--env=${templateVars.env}`,
      templateVars.incident,
      templateVars.responder,
      templateVars.nested,
    ];
    expect(printed.argv).toEqual([...literal, ...expanded]);
    expect(plan.calls).toEqual([expect.objectContaining({ kind: 'argv', argv: [node, fixture('print-argv.mjs'), ...literal, ...expanded] })]);
    expect(await readdir(baseDir)).toEqual([]);
  });

  it('keeps any template value one literal argument (property)', async () => {
    const value = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\0'));
    await fc.assert(
      fc.asyncProperty(value, value, async (a, b) => {
        const run = await runner({}, { templateVars: { a, b } });
        const plan = planned(await run.plan({ argv: [node, fixture('print-argv.mjs'), '{{a}}', 'x{{b}}y', '{{a}}{{b}}'] }, new AbortController().signal));
        const io = recordingIO();
        succeeded(await run.execute(plan, io));
        const printed = JSON.parse(io.outputs.map((o) => o.chunk).join('')) as Printed;
        expect(printed.argv).toEqual([a, `x${b}y`, `${a}${b}`]);
      }),
      { numRuns: 12 },
    );
  });

  it('refuses a plan that uses an undefined template variable, naming it', async () => {
    const run = await runner();
    const result = await run.plan({ argv: ['echo', '{{service}}', '{{region}}'] }, new AbortController().signal);
    expect(result).toMatchObject({ ok: false, error: { kind: 'failed' } });
    expect(!result.ok && result.error.message).toMatch(/argv\[2\].*\{\{region\}\}/);
  });

  it('falls back to the context service and environment when no template vars are given', async () => {
    const { printed } = await printArgv(['{{service}}', '{{env}}'], {}, { service: 'payments', environment: 'staging' });
    expect(printed.argv).toEqual(['payments', 'staging']);
  });
});

describe('command.run environment and cwd', () => {
  const allowed = 'COCKPIT_TEST_ALLOWED';
  const secret = 'COCKPIT_TEST_SECRET';
  beforeEach(() => {
    process.env[allowed] = 'visible';
    process.env[secret] = 'hunter2';
  });
  afterEach(() => {
    delete process.env[allowed];
    delete process.env[secret];
  });

  it('passes only the allow-listed variables that are set', async () => {
    const { printed } = await printArgv([], { env_allow: [allowed, 'PATH', 'COCKPIT_TEST_UNSET'] });
    expect(printed.env).toEqual({ [allowed]: 'visible', PATH: process.env.PATH });
  });

  it('keeps environment values out of the plan, which is recorded on the timeline', async () => {
    const { plan } = await printArgv([], { env_allow: [secret] });
    expect(JSON.stringify(plan)).not.toContain('hunter2');
  });

  it('runs in the configured directory, relative to the runbook, and a step may override it', async () => {
    await mkdir(path.join(baseDir, 'scripts'));
    await mkdir(path.join(baseDir, 'other'));
    const fromConfig = await printArgv([], { cwd: 'scripts' });
    expect(fromConfig.printed.cwd).toBe(await realpath(path.join(baseDir, 'scripts')));
    expect(fromConfig.plan.calls[0]).toMatchObject({ cwd: path.join(baseDir, 'scripts') });

    const run = await runner({ cwd: 'scripts' });
    const plan = planned(await run.plan({ argv: [node, fixture('print-argv.mjs')], cwd: 'other' }, new AbortController().signal));
    const io = recordingIO();
    succeeded(await run.execute(plan, io));
    expect((JSON.parse(io.outputs[0]!.chunk) as Printed).cwd).toBe(await realpath(path.join(baseDir, 'other')));
  });

  it('reports a working directory that does not exist', async () => {
    const run = await runner({ cwd: 'missing' });
    const plan = planned(await run.plan({ argv: [node, '-e', ''] }, new AbortController().signal));
    const result = await run.execute(plan, recordingIO());
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(!result.ok && result.error.message).toContain(path.join(baseDir, 'missing'));
  });
});

describe('command.run output and exit', () => {
  it('streams every line as it is printed and captures small output whole', async () => {
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('print-lines.mjs'), '5', '12'] }, new AbortController().signal));
    const io = recordingIO();
    const outcome = succeeded(await run.execute(plan, io));

    const lines = Array.from({ length: 5 }, (_, i) => `${i}:`.padEnd(12, 'x'));
    expect(io.outputs.filter((o) => o.stream === 'stdout').map((o) => o.chunk)).toEqual(lines.map((l) => `${l}\n`));
    expect(io.outputs.filter((o) => o.stream === 'stderr').map((o) => o.chunk)).toEqual(['printed 5 lines\n']);
    expect(outcome.details).toMatchObject({
      exitCode: 0,
      stdout: `${lines.join('\n')}\n`,
      stderr: 'printed 5 lines\n',
      droppedBytes: { stdout: 0, stderr: 0 },
    });
    expect(outcome.details.durationMs).toEqual(expect.any(Number));
  });

  it('keeps the first and last 64 KiB of a large output and says how much was dropped', async () => {
    const count = 3_000;
    const width = 99;
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('print-lines.mjs'), String(count), String(width)] }, new AbortController().signal));
    const io = recordingIO();
    const outcome = succeeded(await run.execute(plan, io));

    const full = Array.from({ length: count }, (_, i) => `${i}:`.padEnd(width, 'x') + '\n').join('');
    expect(full.length).toBeGreaterThan(2 * CAPTURE_EDGE_BYTES);
    expect(io.outputs.filter((o) => o.stream === 'stdout')).toHaveLength(count);
    const stdout = outcome.details.stdout as string;
    const dropped = full.length - 2 * CAPTURE_EDGE_BYTES;
    expect(outcome.details.droppedBytes).toEqual({ stdout: dropped, stderr: 0 });
    expect(stdout.startsWith(full.slice(0, CAPTURE_EDGE_BYTES))).toBe(true);
    expect(stdout.endsWith(full.slice(-CAPTURE_EDGE_BYTES))).toBe(true);
    expect(stdout).toContain(`${dropped} bytes dropped`);
    expect(stdout.length).toBeLessThan(2 * CAPTURE_EDGE_BYTES + 100);
  });

  it('fails with the exit code when the command exits non-zero', async () => {
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('print-lines.mjs'), '1', '4', '3'] }, new AbortController().signal));
    const io = recordingIO();
    const result = await run.execute(plan, io);
    expect(result).toMatchObject({ ok: false, error: { kind: 'failed', code: '3' } });
    expect(!result.ok && result.error.message).toMatch(/exited with code 3/);
    expect(io.outputs.map((o) => o.chunk)).toContain('printed 1 lines\n');
  });

  it('in a sandbox drill, whose clock runs fast, says that the time a command took is real time', async () => {
    const real = await printArgv([]);
    expect(real.outcome.summary).toMatch(/^\S+ exited with code 0 after \d+m?s$/);
    const drilled = await printArgv([], {}, { sandboxed: true, sandboxDir: baseDir });
    expect(drilled.outcome.summary).toMatch(/^\S+ exited with code 0 after \d+m?s \(real time\)$/);
  });

  it('reports a program that does not exist as not-found', async () => {
    const run = await runner();
    for (const program of ['cockpit-no-such-program', './no-such-script.sh']) {
      const plan = planned(await run.plan({ argv: [program, '--flag'] }, new AbortController().signal));
      const result = await run.execute(plan, recordingIO());
      expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      expect(!result.ok && result.error.message).toContain(program);
    }
  });

  it('verify returns the outcome execute recorded', async () => {
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('print-lines.mjs'), '1', '4'] }, new AbortController().signal));
    const outcome = succeeded(await run.execute(plan, recordingIO()));
    expect(await run.verify(plan, recordingIO())).toEqual({ ok: true, value: outcome });
    expect(run.safety(plan)).toEqual({ level: 'ok', reasons: [] });
  });

  // A hostile play-test: a cockpit killed while a command ran was resumed, and Enter on the interrupted step recorded
  // `verify.passed: nothing to verify beyond the exit status recorded when the command ran` with no exit status recorded.
  it('verify re-run after a resume passes only on an exit status that was recorded', async () => {
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('print-lines.mjs'), '1', '4'] }, new AbortController().signal));
    expect(await run.verify(plan, { ...recordingIO(), callUnanswered: true })).toEqual({
      ok: false,
      error: { kind: 'failed', message: `no exit status was recorded: the cockpit stopped while ${node} ran (it may have gone on after it), so whether it succeeded is not known; check what it did, then d marks the step done, or Enter runs it again` },
    });
    expect(await run.verify(plan, { ...recordingIO(), madeAt: new Date() })).toEqual({ ok: true, value: { summary: 'nothing to verify beyond the exit status recorded when the command ran', details: {} } });
  });
});

describe('command.run leaving a process behind', () => {
  // A hostile play-test: `( setsid sh -c 'sleep 300' & ); exit 0` kept its step RUNNING past its timeout, for ever: the
  // process it left held its output open, out of the group the timeout kills.
  it('ends when the program exits, closing the output the process it left still holds, and says so', { timeout: 20_000 }, async () => {
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('leave-holder.mjs')], timeout: '60s' }, new AbortController().signal));
    const io = recordingIO();
    const outcome = succeeded(await run.execute(plan, io));
    const holder = Number(/holder (\d+)/.exec(String(outcome.details.stdout))?.[1]);
    try {
      expect(outcome.summary).toMatch(/ exited with code 0 after .*; a process it started still held its output open \(it may still be running\)$/);
      expect(isRunning(holder)).toBe(true);
    } finally {
      process.kill(holder, 'SIGKILL');
    }
  });
});

describe('command.run termination', () => {
  /** The pids spawn-tree.mjs printed, once it has printed them. */
  async function treePids(outputs: { chunk: string }[]) {
    await waitFor(() => outputs.length > 0, 10_000, 'spawn-tree to print its pids');
    return JSON.parse(outputs[0]!.chunk) as { leader: number; grandchild: number };
  }

  it('kills the whole process tree on timeout', async () => {
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('spawn-tree.mjs')], timeout: '2s' }, new AbortController().signal));
    const io = recordingIO();
    const result = await run.execute(plan, io);

    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    const { leader, grandchild } = await treePids(io.outputs);
    await waitFor(() => !isRunning(leader) && !isRunning(grandchild), 30_000, 'the tree to be gone');
  });

  it('cancels on abort, escalating to SIGKILL for processes that ignore SIGTERM', async () => {
    const run = await runner();
    const plan = planned(await run.plan({ argv: [node, fixture('spawn-tree.mjs'), '--ignore-term'] }, new AbortController().signal));
    const abort = new AbortController();
    const io = recordingIO(abort.signal);
    const running = run.execute(plan, io);
    const { leader, grandchild } = await treePids(io.outputs);
    expect(isRunning(leader) && isRunning(grandchild)).toBe(true);

    const abortedAt = performance.now();
    abort.abort();
    const result = await running;
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    expect(performance.now() - abortedAt).toBeGreaterThanOrEqual(TEST_KILL_GRACE_MS - 10);
    await waitFor(() => !isRunning(leader) && !isRunning(grandchild), 30_000, 'the tree to be gone');
  });

  it('cancels when the session ends', async () => {
    const session = new AbortController();
    const run = await runner({}, { signal: session.signal });
    const plan = planned(await run.plan({ argv: [node, fixture('spawn-tree.mjs')] }, new AbortController().signal));
    const io = recordingIO();
    const running = run.execute(plan, io);
    const { leader, grandchild } = await treePids(io.outputs);
    session.abort();
    expect(await running).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
    await waitFor(() => !isRunning(leader) && !isRunning(grandchild), 30_000, 'the tree to be gone');
  });
});
