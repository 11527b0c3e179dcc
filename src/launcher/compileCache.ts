import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { installLauncherHooks } from './hooks';

/** A cache saved once the start-up path has run holds more of it than one saved at any exit. */
type Kind = 'started' | 'exit';
const SUFFIX = '.v8cache';

/** What the launcher uses of `node:module`: Node 22.1+ has its own compile cache. */
export interface ModuleApi {
  readonly enableCompileCache?: (directory?: string) => unknown;
  readonly flushCompileCache?: () => void;
}

/**
 * Runs the bundle with a compile cache: Node's own (`module.enableCompileCache()`, Node 22.1+)
 * where there is one, which caches the bundle as any CommonJS file it loads; otherwise (Node 20)
 * the hand-made V8 code cache below. Returns which one ran it. `moduleApi` is for tests.
 */
export function runBundle(bundle: string, cacheDir: string | undefined, moduleApi: ModuleApi = nodeModule as ModuleApi): 'node' | 'script' {
  const enable = moduleApi.enableCompileCache;
  if (typeof enable !== 'function') {
    runWithCompileCache(bundle, cacheDir);
    return 'script';
  }
  if (cacheDir !== undefined) enable.call(moduleApi, cacheDir);
  installLauncherHooks({
    importModule: (url) => import(url),
    // Written at exit otherwise: a cockpit killed by a signal would never save it.
    startedUp: () => moduleApi.flushCompileCache?.call(moduleApi),
  });
  createRequire(bundle)(bundle);
  return 'node';
}

/**
 * Runs a CommonJS bundle through V8's code cache, as Node 22's `module.enableCompileCache()`
 * does for modules (Node 20 has no such thing). Compiling the bundle, and what drawing the first
 * frame runs, was about a quarter of a drill's start (bench/startup.bench.ts: ~570 ms without
 * the cache, ~420 ms with it).
 *
 * The cache is saved when the bundle reports it has started up (`startedUp`), so it holds the
 * functions the start-up compiled; a command with no start-up to speak of (`lint`) saves one at
 * exit if there was none. V8 rejects a cache that does not match the source, its version or its
 * flags, and a fresh one is saved. Files are named after the Node version and the bundle's size
 * and mtime, so a new build or a new Node gets its own; older ones are removed on saving. A
 * cache that cannot be read or written only costs the speed-up.
 */
export function runWithCompileCache(bundle: string, cacheDir: string | undefined): void {
  const base = cacheDir === undefined ? undefined : join(cacheDir, cacheBase(bundle));
  const loaded = base === undefined ? undefined : loadCache(base);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`, {
    filename: bundle,
    ...(loaded === undefined ? {} : { cachedData: loaded.data }),
  });
  const held: Kind | undefined = loaded !== undefined && script.cachedDataRejected !== true ? loaded.kind : undefined;
  let saved = false;
  const save = (kind: Kind) => {
    if (saved || cacheDir === undefined || base === undefined) return;
    saved = true;
    saveCache(script, cacheDir, `${base}.${kind}${SUFFIX}`);
  };
  installLauncherHooks({
    importModule: (url) => import(url),
    startedUp: () => {
      if (held !== 'started') save('started');
    },
  });
  process.once('exit', () => {
    if (held === undefined) save('exit');
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

function cacheBase(bundle: string): string {
  const { size, mtimeMs } = statSync(bundle);
  return `${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}`;
}

function loadCache(base: string): { data: Buffer; kind: Kind } | undefined {
  for (const kind of ['started', 'exit'] as const) {
    try {
      return { data: readFileSync(`${base}.${kind}${SUFFIX}`), kind };
    } catch {
      // Not there (yet): try the next kind.
    }
  }
  return undefined;
}

function saveCache(script: vm.Script, cacheDir: string, file: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: a cockpit starting meanwhile reads the old file or the new one.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, file);
    // Older caches, and what a process killed while writing left behind.
    for (const name of readdirSync(cacheDir)) {
      if ((name.endsWith(SUFFIX) || name.endsWith('.partial')) && join(cacheDir, name) !== file) rmSync(join(cacheDir, name), { force: true });
    }
  } catch {
    // A read-only or full disk: the cockpit runs the same, only its start is slower.
  }
}
