// The launcher runs the bundle through a compile cache (src/launcher/compileCache.ts): Node's own
// (`module.enableCompileCache()`) where Node has it, else a hand-made V8 code cache (Node 20).
// The built CLI, run as a child process, must behave the same with a cache, without one, and with
// a damaged one; and what only works outside the cache on Node 20 (import()) must still work.
// Which path the built CLI takes depends on the Node running the tests; both are exercised on
// any Node through `runBundle`'s module API (a stand-in for Node 22's, or none, as on Node 20).
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeModule from 'node:module';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';

let home: string;
const cacheDir = () => join(home, 'incident-cockpit', 'compile-cache');
const caches = async () => (await readdir(cacheDir()).catch(() => [] as string[])).filter((name) => name.endsWith('.v8cache'));
const run = (args: string[], env: Record<string, string> = {}) => cockpit(args, { env: { XDG_CACHE_HOME: home, ...env } });

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cockpit-compile-cache-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** This Node has its own compile cache (22.1+): the built CLI uses it instead of the hand-made one. */
const NODE_HAS_COMPILE_CACHE = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Runs `runBundle` from source on `bundle`, with `moduleApi` given as JavaScript source. */
const launchWith = (bundle: string, moduleApi: string) => {
  const launch = `import { runBundle } from ${JSON.stringify(join(process.cwd(), 'src/launcher/compileCache.ts'))}; const ran = runBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir())}, ${moduleApi}); console.log('kind', ran);`;
  return execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', launch], { reject: false });
};

describe('which compile cache runs the bundle', () => {
  it("Node's own where it has one: enabled in the cockpit's cache dir, flushed at start-up, import() as usual; no hand-made cache", async () => {
    const bundle = join(home, 'bundle.cjs');
    await writeFile(
      bundle,
      "globalThis[Symbol.for('incident-cockpit.launcher')].startedUp(); import('node:path').then((p) => console.log('ran', typeof require, typeof p.join));\n",
    );
    // A stand-in for Node 22's module API: records what the launcher asked of it.
    const fake = `{ enableCompileCache: (dir) => console.log('enabled', dir), flushCompileCache: () => console.log('flushed') }`;
    const result = await launchWith(bundle, fake);
    expect(result.stdout.split('\n')).toEqual([`enabled ${cacheDir()}`, 'flushed', 'kind node', 'ran function function']);
    expect(await caches()).toEqual([]);
  });

  it('the hand-made V8 cache where Node has none (Node 20)', async () => {
    const bundle = join(home, 'bundle.cjs');
    await writeFile(bundle, "console.log('ran', typeof require);\n");
    const result = await launchWith(bundle, '{}');
    expect(result.stdout.split('\n')).toEqual(['ran function', 'kind script']);
    expect(await caches()).toHaveLength(1);
  });
});

describe(`the compile cache (built CLI, Node ${process.version})`, () => {
  if (NODE_HAS_COMPILE_CACHE) {
    it("is Node's own: written under the cache dir, and changes nothing a command does", async () => {
      const lint = ['lint', 'test/fixtures/plugins/runbook.yaml'];
      const uncached = await run(lint, { COCKPIT_NO_COMPILE_CACHE: '1' });
      const saving = await run(lint);
      const cached = await run(lint);
      for (const result of [saving, cached]) expect(result).toEqual(uncached);
      expect(await readdir(cacheDir(), { recursive: true })).not.toEqual([]);
      expect(await caches()).toEqual([]);
    });
    return;
  }

  it('is saved at the exit of a first run, and used by the next; older caches go', async () => {
    await mkdir(cacheDir(), { recursive: true });
    for (const stale of ['v18.0.0-x64-1-1.exit.v8cache', 'v20.0.0-x64-1-1.started.v8cache.123.partial']) await writeFile(join(cacheDir(), stale), 'old');
    const first = await run(['--version']);
    expect(first).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    const [saved, ...others] = await caches();
    expect(others).toEqual([]);
    expect(await readdir(cacheDir())).toEqual([saved]);
    // Named after the script and where it is installed, then the Node, the build and the command (none: other).
    expect(saved).toMatch(/^cockpit\.cjs-[0-9a-f]{12}-v\d+\.\d+\.\d+-\w+-\d+-\d+\.other\.exit\.v8cache$/);
    const before = await stat(join(cacheDir(), saved!));

    expect(await run(['--version'])).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    // Accepted, so not written again.
    expect((await stat(join(cacheDir(), saved!))).mtimeMs).toBe(before.mtimeMs);
  });

  it("keeps the 32 newest caches: other installs' oldest go (an install that is gone leaves its own behind)", async () => {
    await mkdir(cacheDir(), { recursive: true });
    // 34 caches of other installs, a minute apart, the oldest first.
    const others = Array.from({ length: 34 }, (_, i) => `cockpit.cjs-${i.toString(16).padStart(12, '0')}-v20.0.0-x64-1-1.other.started.v8cache`);
    for (const [i, name] of others.entries()) {
      await writeFile(join(cacheDir(), name), 'another install');
      const at = new Date(Date.now() - (40 - i) * 60_000);
      await utimes(join(cacheDir(), name), at, at);
    }
    expect(await run(['--version'])).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    const left = await caches();
    expect(left.filter((name) => others.includes(name)).sort()).toEqual(others.slice(3));
    expect(left.filter((name) => !others.includes(name))).toEqual([expect.stringMatching(/^cockpit\.cjs-[0-9a-f]{12}-v\d+\.\d+\.\d+-/)]);
  });

  it('changes nothing a command does, including loading a third-party plugin with import()', async () => {
    const lint = ['lint', 'test/fixtures/plugins/runbook.yaml'];
    const uncached = await run(lint, { COCKPIT_NO_COMPILE_CACHE: '1' });
    expect(await caches()).toEqual([]);
    const saving = await run(lint);
    const cached = await run(lint);
    expect(await caches()).toHaveLength(1);
    for (const result of [saving, cached]) expect(result).toEqual(uncached);
    // The fixture's statuspage.mjs was imported: its config schema is what flags `pageid`.
    expect(cached.stdout).toContain('unknown key `pageid` in providers.status2');
    expect(cached.stdout).not.toContain('statuspage.mjs` could not be loaded');
  });

  it("keeps one cache per command: --version neither reads nor replaces lint's", async () => {
    expect((await run(['lint', 'test/fixtures/plugins/runbook.yaml'])).exitCode).toBe(1);
    expect(await run(['--version'])).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    const saved = (await caches()).filter((name) => name.startsWith('cockpit.cjs-')).sort();
    expect(saved).toEqual([expect.stringMatching(/\.lint\.exit\.v8cache$/), expect.stringMatching(/\.other\.exit\.v8cache$/)]);
    const before = await Promise.all(saved.map(async (name) => (await stat(join(cacheDir(), name))).mtimeMs));
    expect(await run(['--version'])).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    expect(await Promise.all(saved.map(async (name) => (await stat(join(cacheDir(), name))).mtimeMs))).toEqual(before);
  });

  it('survives a damaged cache, and replaces it', async () => {
    await run(['--version']);
    const [saved] = await caches();
    const file = join(cacheDir(), saved!);
    const garbage = Buffer.alloc(4096, 7);
    await writeFile(file, garbage);
    expect(await run(['--version'])).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    expect((await readFile(file)).equals(garbage)).toBe(false);
  });

  it('made while the young generation is capped, is accepted by the next start (V8 hashes its flags into it)', async () => {
    const bundle = join(home, 'bundle.cjs');
    // Allocates as a replay does, over many tasks, says it started up, allocates more, and prints
    // how large V8's young generation is (the cap must have been reached for this to test anything).
    const churn = 'for (let t = 0; t < 40; t++) { for (let i = 0; i < 20000; i++) { const e = { i, d: [i / 3], s: "x" + i }; if (i % 4 === 0) kept.push(e); } if (kept.length > 150000) kept.length = 0; await new Promise((r) => setImmediate(r)); }';
    await writeFile(
      bundle,
      `const kept = []; (async () => { ${churn} globalThis[Symbol.for('incident-cockpit.launcher')].startedUp(); ${churn} console.log(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size); })();\n`,
    );
    const source = (file: string) => JSON.stringify(join(process.cwd(), 'src/launcher', file));
    const launch = `import { runWithCompileCache } from ${source('compileCache.ts')}; import { capYoungGeneration, YOUNG_GENERATION_CAP_BYTES } from ${source('youngGeneration.ts')}; capYoungGeneration(); runWithCompileCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir())}); process.on('exit', () => console.log(YOUNG_GENERATION_CAP_BYTES));`;
    const start = async () => {
      const [young, cap] = (await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', launch])).stdout.split('\n').map(Number);
      expect(young).toBe(cap);
    };
    await start();
    const [saved] = await caches();
    expect(saved).toMatch(/\.started\.v8cache$/);
    const before = await stat(join(cacheDir(), saved!));
    await start();
    // Accepted, so not written again (a rejected cache is saved anew at start-up).
    expect(await caches()).toEqual([saved]);
    expect((await stat(join(cacheDir(), saved!))).mtimeMs).toBe(before.mtimeMs);
  });

  it('is saved once the bundle reports it has started up, and then kept', async () => {
    const bundle = join(home, 'bundle.cjs');
    // A stand-in for the cockpit: says it started up (as the first frame does), then exits.
    await writeFile(bundle, "globalThis[Symbol.for('incident-cockpit.launcher')].startedUp(); console.log('ran', typeof require, typeof module);\n");
    const launch = `import { runWithCompileCache } from ${JSON.stringify(join(process.cwd(), 'src/launcher/compileCache.ts'))}; runWithCompileCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir())});`;
    const start = () => execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', launch], { reject: false });
    expect((await start()).stdout).toBe('ran function object');
    const [saved] = await caches();
    expect(saved).toMatch(/\.started\.v8cache$/);
    const before = await stat(join(cacheDir(), saved!));
    expect((await start()).stdout).toBe('ran function object');
    expect(await caches()).toEqual([saved]);
    expect((await stat(join(cacheDir(), saved!))).mtimeMs).toBe(before.mtimeMs);
  });

  it("runs the bundle's own chunks (./vendor/) through caches of their own, once each; another install's caches are left alone", async () => {
    const install = async (name: string) => {
      const root = join(home, name);
      await mkdir(join(root, 'vendor'), { recursive: true });
      await writeFile(join(root, 'vendor', 'chunk.cjs'), "globalThis.chunkRuns = (globalThis.chunkRuns ?? 0) + 1; module.exports = { answer: 42, dir: typeof __dirname };\n");
      // Requires its chunk twice (one run), reports start-up, and says what it got.
      await writeFile(
        join(root, 'bundle.cjs'),
        "const a = require('./vendor/chunk.cjs'); const b = require('./vendor/chunk.cjs'); globalThis[Symbol.for('incident-cockpit.launcher')].startedUp(); console.log('ran', a.answer, a.dir, a === b, globalThis.chunkRuns, typeof require('node:path').join);\n",
      );
      return join(root, 'bundle.cjs');
    };
    const start = (bundle: string) => {
      const launch = `import { runWithCompileCache } from ${JSON.stringify(join(process.cwd(), 'src/launcher/compileCache.ts'))}; runWithCompileCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir())});`;
      return execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', launch], { reject: false });
    };
    const first = await install('one');
    expect((await start(first)).stdout).toBe('ran 42 string true 1 function');
    const saved = (await caches()).sort();
    expect(saved).toEqual([expect.stringMatching(/^bundle\.cjs-[0-9a-f]{12}-.*\.started\.v8cache$/), expect.stringMatching(/^chunk\.cjs-[0-9a-f]{12}-.*\.started\.v8cache$/)]);
    // Accepted on the next start: not written again.
    const before = await Promise.all(saved.map((name) => stat(join(cacheDir(), name))));
    expect((await start(first)).stdout).toBe('ran 42 string true 1 function');
    expect((await Promise.all(saved.map((name) => stat(join(cacheDir(), name))))).map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
    // A second install of the same scripts saves its own, and the first one's stay.
    expect((await start(await install('two'))).stdout).toBe('ran 42 string true 1 function');
    const both = await caches();
    expect(both).toHaveLength(4);
    expect(both).toEqual(expect.arrayContaining(saved));
  });
});

