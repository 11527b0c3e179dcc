import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../plugins/index';
import { loadPlugins } from '../../src/plugins/registry';
import { pluginOutputTo } from '../../src/plugins/pluginCalls';
import type { PluginContext } from '../../src/plugins/contract';

const FIXTURES = new URL('../fixtures/plugins/misbehaving/', import.meta.url).pathname;

/** The `answers` plugin as the cockpit loads it, in `mode`, and what its flags.list gives the cockpit. */
async function flagsIn(mode: string) {
  const loaded = await loadPlugins(['./answers.mjs'], FIXTURES, builtinPlugins);
  const plugin = loaded.definitions.find((d) => d.name === 'answers')!;
  const instance = await plugin.create({ mode }, {} as PluginContext);
  return instance.flags!.list(new AbortController().signal);
}

// A responder's own plugin, written from the README: `[null]` from flags.list crashed `cockpit open` (exit 70, the
// incident left open with its lock), and `{ hello: 'world' }` left the flags panel waiting for ever with no ✖.
describe("a third-party plugin's answers, checked before the cockpit reads them", () => {
  it('passes a good answer through', async () => {
    expect(await flagsIn('good')).toEqual({ ok: true, value: [{ key: 'checkout_v2', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'on' }] });
  });

  it("makes a value of the wrong shape, something not a Result, and a throw the plugin's failure, named", async () => {
    expect(await flagsIn('garbage')).toEqual({ ok: false, error: { kind: 'invalid-response', message: 'answers flags.list answered a value the cockpit cannot read: 0.key: Invalid input: expected string, received number' } });
    expect(await flagsIn('not-a-result')).toEqual({ ok: false, error: { kind: 'invalid-response', message: 'answers flags.list answered something that is not a Result ({ ok: true, value } or { ok: false, error })' } });
    expect(await flagsIn('throws')).toEqual({ ok: false, error: { kind: 'failed', message: 'answers flags.list threw: jsonflags list exploded' } });
  });

  it('leaves the built-ins as they are', async () => {
    const loaded = await loadPlugins(['./answers.mjs'], FIXTURES, builtinPlugins);
    expect(loaded.definitions.slice(0, builtinPlugins.length)).toEqual(builtinPlugins);
  });
});

// A hostile play-test: an execute answering details with a cycle (or a BigInt) left `action.started` alone on the log
// (the change made, nothing more recorded) and the step reading `not started: Maximum call stack size exceeded`.
describe("a third-party action's outcome the timeline cannot hold", () => {
  it('keeps its summary and says why its details are not there', async () => {
    const loaded = await loadPlugins(['./actions.mjs'], FIXTURES, builtinPlugins);
    const plugin = loaded.definitions.find((d) => d.name === 'acts')!;
    const runner = (await plugin.create({}, {} as PluginContext)).actions!.run!;
    const signal = new AbortController().signal;
    const plan = await runner.plan({ mode: 'cyclic' }, signal);
    if (!plan.ok) throw new Error(plan.error.message);
    const io = { signal, progress: () => undefined, output: () => undefined };
    const outcome = await runner.execute(plan.value, io);
    expect(outcome).toEqual({ ok: true, value: { summary: 'ran', details: { unrecorded: expect.stringMatching(/^its details could not be recorded: .*circular/i) } } });
    expect(() => JSON.stringify(outcome)).not.toThrow();
  });
});

// A hostile play-test: an action calling `process.exit` ended the cockpit on the spot, its outcome unrecorded.
describe("a third-party action that calls process.exit", () => {
  it('fails, saying so, and the process goes on', async () => {
    const loaded = await loadPlugins(['./actions.mjs'], FIXTURES, builtinPlugins);
    const plugin = loaded.definitions.find((d) => d.name === 'acts')!;
    const runner = (await plugin.create({}, {} as PluginContext)).actions!.run!;
    const signal = new AbortController().signal;
    const plan = await runner.plan({ mode: 'exits' }, signal);
    if (!plan.ok) throw new Error(plan.error.message);
    const outcome = await runner.execute(plan.value, { signal, progress: () => undefined, output: () => undefined });
    expect(outcome).toEqual({ ok: false, error: { kind: 'failed', message: 'acts run execute threw: called process.exit(3): a plugin may not end the cockpit' } });
  });
});

// A hostile play-test: a plugin's `process.stdout.write('\x1b]2;…')` retitled the responder's terminal under the TUI.
describe("a third-party action writing to the process's streams", () => {
  it('writes to the sink set, while the cockpit callbacks it calls write to the terminal', async () => {
    const loaded = await loadPlugins(['./actions.mjs'], FIXTURES, builtinPlugins);
    const plugin = loaded.definitions.find((d) => d.name === 'acts')!;
    const runner = (await plugin.create({}, {} as PluginContext)).actions!.run!;
    const signal = new AbortController().signal;
    const plan = await runner.plan({ mode: 'console' }, signal);
    if (!plan.ok) throw new Error(plan.error.message);
    const terminal = process.stdout;
    const diverted: string[] = [];
    const streamsInCallback: unknown[] = [];
    const restore = pluginOutputTo((stream, text) => diverted.push(`${stream}: ${text}`));
    try {
      const outcome = await runner.execute(plan.value, { signal, progress: () => undefined, output: () => streamsInCallback.push(process.stdout) });
      expect(outcome.ok).toBe(true);
    } finally {
      restore();
    }
    expect(diverted).toEqual([expect.stringMatching(/^stdout: .*raw stdout from plugin/), expect.stringMatching(/^stderr: .*raw stderr from plugin/)]);
    expect(streamsInCallback).toEqual([terminal]);
    expect(process.stdout).toBe(terminal);
  });
});
