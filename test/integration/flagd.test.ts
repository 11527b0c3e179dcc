import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import flagdPlugin, { flagdConfig } from '../../plugins/flagd';
import { replaceFile } from '../../plugins/flagd/atomicWrite';
import type { ActionPlan, ActionRunner, PluginInstance, Result } from '../../src/plugins/contract';
import { checkoutFlags } from '../fixtures/flagd/checkoutFlags';
import { execContext, recordingIO, tempDir } from '../support/execContext';

const FILE_NAME = 'checkout.flagd.json';

let baseDir: string;
let file: string;
let removeBaseDir: () => Promise<void>;
let instance: PluginInstance;

beforeEach(async () => {
  ({ dir: baseDir, remove: removeBaseDir } = await tempDir('cockpit-flagd'));
  file = path.join(baseDir, 'flags', FILE_NAME);
  await mkdir(path.dirname(file));
  await writeFile(file, checkoutFlags());
  instance = await flagdPlugin.create(flagdConfig.parse({ file: `./flags/${FILE_NAME}` }), execContext({ baseDir }));
});
afterEach(() => removeBaseDir());

const never = () => new AbortController().signal;
const action = (name: string): ActionRunner => instance.actions![name]!;

function planned(result: Result<ActionPlan>): ActionPlan {
  if (!result.ok) throw new Error(`plan failed: ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

async function run(name: string, params: Record<string, unknown>) {
  const runner = action(name);
  const plan = planned(await runner.plan(params, never()));
  const executed = await runner.execute(plan, recordingIO());
  return { runner, plan, executed };
}

/** 1-based line and column of `offset`, counted here independently of the plugin. */
function position(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${lines.at(-1)!.length + 1}`;
}

describe('flagd list', () => {
  it('lists every flag in file order with state, variants and default variant; no change time without a record', async () => {
    const listed = await instance.flags!.list(never());
    const source = JSON.parse(checkoutFlags()) as { flags: Record<string, { state: string; variants: object; defaultVariant: string | null }> };
    expect(listed).toEqual({
      ok: true,
      value: Object.entries(source.flags).map(([key, flag]) => ({
        key,
        state: flag.state,
        variants: Object.keys(flag.variants),
        defaultVariant: flag.defaultVariant,
      })),
    });
  });

  it('reports a missing file as not-found', async () => {
    const missing = await flagdPlugin.create({ file: 'nope.json' }, execContext({ baseDir }));
    const listed = await missing.flags!.list(never());
    expect(listed).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(!listed.ok && listed.error.message).toContain(path.join(baseDir, 'nope.json'));
  });
});

describe('flagd malformed files', () => {
  const valid = checkoutFlags();
  /** Each case: the broken text and the offset the error must point at. */
  const cases: { name: string; text: string; at: number; says: RegExp }[] = [
    (() => {
      const text = valid.replace('"hidden",\n      "x-note"', '"hidden"\n      "x-note"');
      return { name: 'missing comma', text, at: text.indexOf('"x-note"'), says: /expected ','/ };
    })(),
    (() => {
      const text = valid.replace('"defaultVariant": null\n', '"defaultVariant": null,\n');
      return { name: 'trailing comma', text, at: text.indexOf('}', text.indexOf('"defaultVariant": null,')), says: /not valid JSON/ };
    })(),
    (() => {
      const text = valid.replace('"flags": {', '"flags": { // the flags');
      return { name: 'comment', text, at: text.indexOf('// the flags'), says: /comments are not allowed/ };
    })(),
    (() => {
      const text = valid.slice(0, valid.indexOf('"price_engine"'));
      return { name: 'truncated file', text, at: text.length, says: /not valid JSON/ };
    })(),
    { name: 'empty file', text: '', at: 0, says: /not valid JSON/ },
    (() => {
      const text = valid.replace('"state": "DISABLED"', '"state": "OFF"');
      return { name: 'invalid state', text, at: text.indexOf('"OFF"'), says: /flag "price_engine": state: expected "ENABLED" or "DISABLED"/ };
    })(),
    (() => {
      const text = valid.replace('"state": "ENABLED",\n      "variants": { "shown"', '"variants": { "shown"');
      return { name: 'missing state', text, at: text.indexOf('"zeta_banner"'), says: /flag "zeta_banner": state: missing/ };
    })(),
    (() => {
      const text = valid.replace('"defaultVariant": "hidden"', '"defaultVariant": "gone"');
      return { name: 'unknown default variant', text, at: text.indexOf('"gone"'), says: /"gone" is not one of its variants \(shown, hidden\)/ };
    })(),
    (() => {
      const text = valid.replace('"v2": "rewrite"', '"v2": 2');
      return { name: 'mixed variant types', text, at: text.indexOf('2 }'), says: /variants\.v2: is a number, but earlier variants are strings/ };
    })(),
    (() => {
      const text = valid.replace('"price_engine": {', '"zeta_banner": {');
      return { name: 'duplicate flag', text, at: text.lastIndexOf('"zeta_banner"'), says: /flag "zeta_banner" is defined twice/ };
    })(),
    { name: 'no flags', text: '{ "$schema": "x" }\n', at: 0, says: /flags: missing/ },
  ];

  it.each(cases)('$name: an invalid-response error located at file:line:col', async ({ text, at, says }) => {
    await writeFile(file, text);
    const listed = await instance.flags!.list(never());
    expect(listed).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
    const message = listed.ok ? '' : listed.error.message;
    const prefix = `${file}:${position(text, at)}: `;
    expect(message.slice(0, prefix.length)).toBe(prefix);
    expect(message).toMatch(says);
  });

  it('refuses to plan a change to a malformed file', async () => {
    await writeFile(file, '{ "flags": ');
    expect(await action('disable').plan({ flag: 'checkout_v2' }, never())).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
  });
});

describe('flagd actions', () => {
  it('set: plans "flag: defaultVariant before → after" and changes only that value', async () => {
    const { plan, executed } = await run('set', { flag: 'checkout_v2', variant: 'off' });
    expect(plan.calls).toEqual([{ kind: 'file', path: file, change: 'checkout_v2: defaultVariant on → off' }]);
    expect(executed).toMatchObject({ ok: true });
    expect(await readFile(file, 'utf8')).toBe(checkoutFlags({ v2Default: '"off"' }));
  });

  it('disable and enable change only the state, byte for byte', async () => {
    const disabled = await run('disable', { flag: 'checkout_v2' });
    expect(disabled.plan.calls[0]).toMatchObject({ change: 'checkout_v2: state ENABLED → DISABLED' });
    expect(await readFile(file, 'utf8')).toBe(checkoutFlags({ v2State: '"DISABLED"' }));
    await run('enable', { flag: 'checkout_v2' });
    expect(await readFile(file, 'utf8')).toBe(checkoutFlags());
  });

  it('keeps CRLF line endings and tab indentation', async () => {
    const crlfTabs = (text: string) => text.replace(/^( {2})+/gm, (indent) => '\t'.repeat(indent.length / 2)).replace(/\n/g, '\r\n');
    await writeFile(file, crlfTabs(checkoutFlags()));
    await run('set', { flag: 'checkout_v2', variant: 'off' });
    expect(await readFile(file, 'utf8')).toBe(crlfTabs(checkoutFlags({ v2Default: '"off"' })));
  });

  it('adds a default variant the flag lacked, in the file indentation', async () => {
    const lacking = checkoutFlags().replace(',\n      "defaultVariant": null', '');
    await writeFile(file, lacking);
    await run('set', { flag: 'price_engine', variant: 'v2' });
    const written = await readFile(file, 'utf8');
    expect(written).toMatch(/\n {6}"defaultVariant": "v2"\n {4}}/);
    const listed = await instance.flags!.list(never());
    expect(listed.ok && listed.value.find((flag) => flag.key === 'price_engine')?.defaultVariant).toBe('v2');
  });

  it('keeps the file mode and leaves no temp file behind', async () => {
    await chmod(file, 0o640);
    await run('disable', { flag: 'zeta_banner' });
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(path.dirname(file))).toEqual([FILE_NAME]);
  });

  it('verify confirms the change and notices when it is gone', async () => {
    const { runner, plan } = await run('set', { flag: 'checkout_v2', variant: 'off' });
    expect(await runner.verify(plan, recordingIO())).toMatchObject({ ok: true });
    await writeFile(file, checkoutFlags());
    const verified = await runner.verify(plan, recordingIO());
    expect(verified).toMatchObject({ ok: false, error: { kind: 'failed' } });
    expect(!verified.ok && verified.error.message).toContain('defaultVariant on, not off');
  });

  it('undo: the change back to what the plan recorded, by the action that makes it; none for a change that changed nothing', async () => {
    const set = await run('set', { flag: 'checkout_v2', variant: 'off' });
    const undo = set.runner.undo!(set.plan.facts)!;
    expect(undo).toEqual({ action: 'set', params: { flag: 'checkout_v2', variant: 'on' }, summary: 'set checkout_v2 back to on' });
    await run(undo.action, undo.params);
    expect(await readFile(file, 'utf8')).toBe(checkoutFlags());
    const disabled = await run('disable', { flag: 'checkout_v2' });
    expect(disabled.runner.undo!(disabled.plan.facts)).toEqual({ action: 'enable', params: { flag: 'checkout_v2' }, summary: 'enable checkout_v2 again' });
    const again = planned(await action('disable').plan({ flag: 'checkout_v2' }, never()));
    expect(action('disable').undo!(again.facts)).toBeUndefined();
  });

  it('a no-op change is refused by safety (nothing to change) and, run anyway, writes nothing', async () => {
    const before = await stat(file);
    const runner = action('enable');
    const plan = planned(await runner.plan({ flag: 'checkout_v2' }, never()));
    expect(runner.safety(plan)).toEqual({ level: 'unsupported', reasons: ['checkout_v2 already has state ENABLED: there is nothing to change'] });
    expect(action('disable').safety(planned(await action('disable').plan({ flag: 'checkout_v2' }, never())))).toEqual({ level: 'ok', reasons: [] });
    expect(await runner.execute(plan, recordingIO())).toMatchObject({ ok: true });
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });

  it('names a flag or variant that does not exist, with a suggestion', async () => {
    const noFlag = await action('set').plan({ flag: 'checkout_v3', variant: 'off' }, never());
    expect(noFlag).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(!noFlag.ok && noFlag.error.message).toMatch(/flag "checkout_v3" is not in .*did you mean "checkout_v2".*zeta_banner, checkout_v2, price_engine/);

    const noVariant = await action('set').plan({ flag: 'checkout_v2', variant: 'of' }, never());
    expect(noVariant).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    // "of" is as close to "on" as to "off": no guess (one suggested "on" for a kill switch); a clear typo gets one.
    expect(!noVariant.ok && noVariant.error.message).toMatch(/no variant "of"; its variants: on, off/);
    const typo = await action('set').plan({ flag: 'checkout_v2', variant: 'offf' }, never());
    expect(!typo.ok && typo.error.message).toMatch(/no variant "offf" \(did you mean "off"\?\); its variants: on, off/);
    expect(await readFile(file, 'utf8')).toBe(checkoutFlags());
  });
});

describe('flagd concurrent writers', () => {
  it('refuses with conflict when the file was edited between plan and execute, leaving the edit', async () => {
    const runner = action('set');
    const plan = planned(await runner.plan({ flag: 'checkout_v2', variant: 'off' }, never()));
    const external = checkoutFlags({ v2State: '"DISABLED"' });
    await writeFile(file, external);

    const executed = await runner.execute(plan, recordingIO());
    expect(executed).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(await readFile(file, 'utf8')).toBe(external);
  });

  it('does not rename over a file that changed while the new content was being written', async () => {
    const external = checkoutFlags({ v2Default: '"off"' });
    const outcome = await replaceFile(
      file,
      'new content',
      async () => {
        await writeFile(file, external);
        return false;
      },
      new Date(),
    );
    expect(outcome).toBe('changed');
    expect(await readFile(file, 'utf8')).toBe(external);
    expect(await readdir(path.dirname(file))).toEqual([FILE_NAME]);
  });

  it('stamps the rewritten file with the cockpit clock, which the flags list reports as the last change', async () => {
    const at = new Date(Date.UTC(2026, 10, 22, 2, 40));
    expect(await replaceFile(file, checkoutFlags({ v2Default: '"off"' }), async () => true, at)).toBe('replaced');
    expect((await stat(file)).mtime.toISOString()).toBe(at.toISOString());
  });

  it('a reader never sees a partial file while many changes are written', async () => {
    // Big enough that a non-atomic write would be observed half done.
    const padding = Array.from({ length: 3_000 }, (_, i) => `    "pad_${i}": { "state": "ENABLED", "variants": { "a": "${'x'.repeat(40)}" }, "defaultVariant": "a" },`).join('\n');
    await writeFile(file, checkoutFlags().replace('  "flags": {\n', `  "flags": {\n${padding}\n`));

    let writing = true;
    let reads = 0;
    const torn: string[] = [];
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8');
        try {
          JSON.parse(text);
        } catch (error) {
          torn.push(`${text.length} bytes: ${(error as Error).message}`);
        }
        reads++;
      }
    })();
    // Six writes: the reader spins a core for as long as they take (20 took 8 s of CPU in the suite).
    for (let i = 0; i < 6; i++) {
      const { executed } = await run('set', { flag: 'checkout_v2', variant: i % 2 === 0 ? 'off' : 'on' });
      expect(executed).toMatchObject({ ok: true });
    }
    writing = false;
    await reader;
    expect(torn).toEqual([]);
    expect(reads).toBeGreaterThan(10);
    expect(await readdir(path.dirname(file))).toEqual([FILE_NAME]);
  });
});

describe('per-flag change records in metadata', () => {
  it('never takes a change time from the file: a fresh clone (mtime now) reports none', async () => {
    const now = new Date();
    const { utimes } = await import('node:fs/promises');
    await utimes(file, now, now);
    const listed = await instance.flags!.list(never());
    expect(listed.ok && listed.value.map((f) => f.changedAt)).toEqual(listed.ok ? listed.value.map(() => undefined) : []);
    const old = new Date(Date.UTC(2020, 0, 1));
    await utimes(file, old, old);
    const again = await instance.flags!.list(never());
    expect(again.ok && again.value.every((f) => f.changedAt === undefined && f.changedBy === undefined)).toBe(true);
  });

  it('reports metadata.changedAt/changedBy where a flag has them, nothing elsewhere, and keeps them true on a change', async () => {
    const { dir, remove } = await tempDir('cockpit-flagd-meta');
    try {
      const file = path.join(dir, 'flags.json');
      await writeFile(
        file,
        `${JSON.stringify(
          {
            flags: {
              checkout_v2: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on', metadata: { changedAt: '2026-11-22T01:35:00Z', changedBy: 'erin' } },
              express_pay: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' },
            },
          },
          null,
          2,
        )}\n`,
      );
      const at = new Date(Date.UTC(2026, 10, 22, 2, 41));
      const ctx = execContext({ baseDir: dir, clock: { now: () => at, sleep: async () => {} }, templateVars: { responder: 'alice' } });
      const instance = await flagdPlugin.create(flagdConfig.parse({ file }), ctx);
      const before = await instance.flags!.list(new AbortController().signal);
      expect(before.ok && before.value.map((f) => [f.key, f.changedAt, f.changedBy])).toEqual([
        ['checkout_v2', '2026-11-22T01:35:00.000Z', 'erin'],
        ['express_pay', undefined, undefined],
      ]);
      const io = recordingIO();
      const plan = await instance.actions!.set!.plan({ flag: 'checkout_v2', variant: 'off' }, io.signal);
      if (!plan.ok) throw new Error(plan.error.message);
      expect((await instance.actions!.set!.execute(plan.value, io)).ok).toBe(true);
      const after = await instance.flags!.list(new AbortController().signal);
      expect(after.ok && after.value.find((f) => f.key === 'checkout_v2')).toMatchObject({ defaultVariant: 'off', changedAt: at.toISOString(), changedBy: 'alice' });
      // Flipping checkout_v2 rewrote the file: express_pay did not change, and must not look changed.
      expect(after.ok && after.value.find((f) => f.key === 'express_pay')?.changedAt).toBeUndefined();
    } finally {
      await remove();
    }
  });
});
