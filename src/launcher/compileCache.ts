import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import { cacheProfile } from './cacheProfile';
import { installLauncherHooks, type FirstFrameHooks } from './hooks';
import { releaseYoungGeneration, withStartupFlags } from './youngGeneration';

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
 * where there is one, which caches the bundle (and the chunks it requires) as any CommonJS file
 * it loads; otherwise (Node 20) the hand-made V8 code cache below. Returns which one ran it.
 * `moduleApi` is for tests; `firstFrame` is handed to the bundle with the other launcher hooks.
 */
export function runBundle(bundle: string, cacheDir: string | undefined, moduleApi: ModuleApi = nodeModule as ModuleApi, firstFrame?: FirstFrameHooks): 'node' | 'script' {
  const enable = moduleApi.enableCompileCache;
  if (typeof enable !== 'function') {
    runWithCompileCache(bundle, cacheDir, firstFrame);
    return 'script';
  }
  if (cacheDir !== undefined) enable.call(moduleApi, cacheDir);
  installLauncherHooks({
    firstFrame,
    importModule: (url) => import(url),
    // Written at exit otherwise: a cockpit killed by a signal would never save it.
    startedUp: () => withStartupFlags(() => moduleApi.flushCompileCache?.call(moduleApi)),
  });
  // Node writes what is left of its cache after the exit listeners.
  process.once('exit', releaseYoungGeneration);
  createRequire(bundle)(bundle);
  return 'node';
}

/**
 * Runs a CommonJS bundle through V8's code cache, as Node 22's `module.enableCompileCache()`
 * does for modules (Node 20 has no such thing). Compiling the bundle, and what drawing the first
 * frame runs, was about a quarter of a drill's start (bench/startup.bench.ts: ~570 ms without
 * the cache, ~420 ms with it). The chunks the bundle requires from its own directory (dist/vendor:
 * the AWS SDK and the Kubernetes client, loaded only by the providers that use them) are run the
 * same way, each with its own cache.
 *
 * A script's cache is saved when the bundle reports it has started up (`startedUp`), so it holds
 * the functions the start-up compiled; a command with no start-up to speak of (`lint`) saves one
 * at exit if there was none. V8 rejects a cache that does not match the source, its version or
 * its flags, and a fresh one is saved. Files are named after the script, where it is installed
 * (two installs, or two builds, do not replace each other's), the Node version and the script's
 * size and mtime, so a new build or a new Node gets its own, and the command that runs
 * (`profile`, cacheProfile.ts); that script's caches of other builds are removed on saving, and
 * at most KEPT_CACHES stay in all. A cache that cannot be read or written only costs the speed-up.
 */
export function runWithCompileCache(bundle: string, cacheDir: string | undefined, firstFrame?: FirstFrameHooks, profile = cacheProfile(process.argv.slice(2))): void {
  const scripts: CachedScript[] = [];
  const modules = new Map<string, { exports: unknown }>();
  const dir = dirname(bundle);
  const plainRequire = createRequire(bundle);
  // The bundle's own chunks through the cache; anything else (node: builtins) as usual.
  const chunkRequire = Object.assign((id: string) => {
    if (!id.startsWith('./')) return plainRequire(id);
    const file = resolve(dir, id);
    const known = modules.get(file);
    if (known) return known.exports;
    const module = { exports: {} };
    modules.set(file, module);
    run(file, module);
    return module.exports;
  }, plainRequire);
  const run = (file: string, module: { exports: unknown }) => {
    const script = new CachedScript(file, cacheDir, profile);
    scripts.push(script);
    script.run(module, chunkRequire);
  };
  installLauncherHooks({
    firstFrame,
    importModule: (url) => import(url),
    startedUp: () => {
      for (const script of scripts) script.startedUp();
    },
  });
  process.once('exit', () => {
    for (const script of scripts) script.exited();
  });
  run(bundle, { exports: {} });
}

const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_TAIL = '\n})';

/**
 * `file` inside CommonJS's wrapper, as one flat string. Read as latin1, not utf8: the build writes
 * these scripts in ASCII (scripts/build.mjs checks), where both give the same string, and latin1
 * skips the decoding (`--version`: ~35 ms less CPU a start on a 2-core machine, for the bundle's
 * 2.3 MB). Read into one buffer with the wrapper around it, not joined as strings: V8 copies a
 * joined string whole into a flat one before it looks up the code cache, 2.4 MB of memory touched
 * for the first time a start (~600 page faults, ~6 ms where a fault costs ~10 µs, as in a VM).
 */
function readWrapped(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buffer = Buffer.allocUnsafeSlow(WRAPPER_HEAD.length + size + WRAPPER_TAIL.length);
    buffer.write(WRAPPER_HEAD, 0, 'latin1');
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, WRAPPER_HEAD.length + read, size - read, read);
      if (n === 0) throw new Error(`${file} ended after ${read} of its ${size} bytes`);
      read += n;
    }
    buffer.write(WRAPPER_TAIL, WRAPPER_HEAD.length + size, 'latin1');
    return buffer.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** One CommonJS file compiled with its V8 code cache (see runWithCompileCache). */
class CachedScript {
  private readonly base: string | undefined;
  private readonly held: Kind | undefined;
  private readonly script: vm.Script;
  private saved = false;

  constructor(
    private readonly file: string,
    private readonly cacheDir: string | undefined,
    profile: string,
  ) {
    this.base = cacheDir === undefined ? undefined : join(cacheDir, `${cacheBase(file)}.${profile}`);
    const loaded = this.base === undefined ? undefined : loadCache(this.base);
    const source = readWrapped(file);
    this.script = withStartupFlags(() => new vm.Script(source, { filename: file, ...(loaded === undefined ? {} : { cachedData: loaded.data }) }));
    this.held = loaded !== undefined && this.script.cachedDataRejected !== true ? loaded.kind : undefined;
  }

  run(module: { exports: unknown }, require: NodeJS.Require): void {
    const wrapper = this.script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, require, module, this.file, dirname(this.file));
  }

  startedUp(): void {
    if (this.held !== 'started') this.save('started');
  }

  exited(): void {
    if (this.held === undefined) this.save('exit');
  }

  private save(kind: Kind): void {
    if (this.saved || this.cacheDir === undefined || this.base === undefined) return;
    this.saved = true;
    const { script, cacheDir, base, file } = this;
    const names: CacheNames = { ours: owner(file), build: `${cacheBase(file)}.`, same: `${basename(base)}.` };
    withStartupFlags(() => saveCache(script, cacheDir, `${base}.${kind}${SUFFIX}`, names));
  }
}

/** The part of a cache file's name that says which installed script it is for. */
function owner(file: string): string {
  return `${basename(file)}-${createHash('sha256').update(resolve(file)).digest('hex').slice(0, 12)}-`;
}

function cacheBase(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${owner(file)}${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}`;
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

/** How the names of a script's cache files begin: any of this script's, of its build, of its build and command. */
interface CacheNames {
  readonly ours: string;
  readonly build: string;
  readonly same: string;
}

/**
 * Whether a new cache replaces the file `name`: this script's of another build or Node (another
 * command's of the same build stays), the other kind of the same command's, a partial one, or one
 * of a launcher from before caches were named by script.
 */
function replaces(name: string, names: CacheNames): boolean {
  if (/^v\d/.test(name)) return name.endsWith(SUFFIX) || name.endsWith('.partial');
  if (!name.startsWith(names.ours)) return false;
  return name.endsWith('.partial') || (name.endsWith(SUFFIX) && (!name.startsWith(names.build) || name.startsWith(names.same)));
}

/**
 * The most caches kept, newest first (one per script and command: up to 2.8 MB the bundle's of an
 * interactive drill, ~1 MB a short command's, 1.1 the AWS SDK's, 2.4 the Kubernetes client's): an
 * install that is gone (an npx run, a test's) leaves its caches behind, named by a hash of a path
 * that no longer exists, and nothing else would remove them. A cache pruned while its install is
 * still in use only costs that install one slower start, and is saved again.
 */
const KEPT_CACHES = 32;

function saveCache(script: vm.Script, cacheDir: string, file: string, names: CacheNames): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: a cockpit starting meanwhile reads the old file or the new one.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, file);
    // This script's caches of other builds, the other kind of this command's, and what a process
    // killed while writing one left behind.
    const others = readdirSync(cacheDir).filter((name) => join(cacheDir, name) !== file);
    for (const name of others) {
      if (replaces(name, names)) rmSync(join(cacheDir, name), { force: true });
    }
    pruneOldest(cacheDir, others.filter((name) => name.endsWith(SUFFIX) && !replaces(name, names)), KEPT_CACHES - 1);
  } catch {
    // A read-only or full disk: the cockpit runs the same, only its start is slower.
  }
}

/** Removes all but the `kept` newest of `names` (cache files in `cacheDir`). */
function pruneOldest(cacheDir: string, names: readonly string[], kept: number): void {
  if (names.length <= kept) return;
  const aged = names.flatMap((name) => {
    try {
      return [{ name, at: statSync(join(cacheDir, name)).mtimeMs }];
    } catch {
      return []; // Removed meanwhile by another cockpit.
    }
  });
  for (const { name } of aged.sort((a, b) => b.at - a.at).slice(kept)) rmSync(join(cacheDir, name), { force: true });
}
