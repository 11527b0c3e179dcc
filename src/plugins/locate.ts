import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { MAX_MANIFEST_BYTES } from './manifest';
import { thrownMessage } from '../core/errorText';

/**
 * Where a plugin named in a runbook or the settings lives, and its manifest, found by reading
 * files only: resolving a package name runs none of its code.
 */

export type ManifestLookup =
  | { readonly ok: true; readonly manifest: unknown }
  | { readonly ok: false; readonly missing: 'plugin' | 'manifest'; readonly message: string };

function entryPath(specifier: string, baseDir: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return isAbsolute(specifier) ? specifier : resolve(baseDir, specifier);
  // A package name: resolved from the runbook's directory, as `node` would from a file there.
  return createRequire(join(baseDir, 'runbook.js')).resolve(specifier);
}

const isPath = (specifier: string) => specifier.startsWith('.') || isAbsolute(specifier);

/** The manifest: `<entry>.cockpit.json` beside a file plugin, the `cockpit` field of a package's package.json. */
export function manifestName(specifier: string): string {
  return isPath(specifier) ? `${basename(specifier, extname(specifier))}.cockpit.json` : 'a `cockpit` field in its package.json';
}

export type EntryLookup = { readonly ok: true; readonly entry: string } | { readonly ok: false; readonly message: string };

/**
 * The plugin's entry file, if there is one. Only this decides "no such file or package": once the
 * entry exists, whatever fails while loading it (a dependency it cannot find, a syntax error) is
 * that plugin's own error and is reported as such.
 */
export async function findEntry(specifier: string, baseDir: string): Promise<EntryLookup> {
  try {
    const entry = entryPath(specifier, baseDir);
    if ((await stat(entry)).isFile()) return { ok: true, entry };
  } catch {
    // Not resolvable, or not there.
  }
  return { ok: false, message: 'no such file or package' };
}

export async function findManifest(specifier: string, baseDir: string): Promise<ManifestLookup> {
  const found = await findEntry(specifier, baseDir);
  if (!found.ok) return { ok: false, missing: 'plugin', message: found.message };
  const entry = found.entry;
  if (isPath(specifier)) {
    const file = join(dirname(entry), `${basename(entry, extname(entry))}.cockpit.json`);
    const text = await readSmall(file);
    if (text === undefined) return noManifest(specifier);
    if (text === TOO_LARGE) return { ok: false, missing: 'manifest', message: `has a manifest over ${MAX_MANIFEST_BYTES / 1024} KiB, which is refused unread` };
    return parsed(text, basename(file));
  }
  const pkg = await packageJsonOf(entry, packageName(specifier));
  const field = (pkg as { cockpit?: unknown } | undefined)?.cockpit;
  return field === undefined ? noManifest(specifier) : { ok: true, manifest: field };
}

function noManifest(specifier: string): ManifestLookup {
  const where = isPath(specifier) ? `${manifestName(specifier)} beside it, or a \`cockpit\` field in its package.json` : manifestName(specifier);
  return {
    ok: false,
    missing: 'manifest',
    message: `has no manifest (${where}), so its settings cannot be checked without running it; \`cockpit lint --trust-plugins\` runs it`,
  };
}

function parsed(text: string, name: string): ManifestLookup {
  try {
    return { ok: true, manifest: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, missing: 'manifest', message: `its manifest ${name} is not JSON: ${thrownMessage(error)}` };
  }
}

const TOO_LARGE = Symbol('too large');

async function readSmall(file: string): Promise<string | typeof TOO_LARGE | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return undefined;
    if (info.size > MAX_MANIFEST_BYTES) return TOO_LARGE;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The package.json of the package `name` that holds `entry`. */
async function packageJsonOf(entry: string, name: string): Promise<unknown> {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const text = await readSmall(join(dir, 'package.json'));
    if (typeof text === 'string') {
      try {
        const pkg = JSON.parse(text) as { name?: unknown };
        if (pkg.name === name) return pkg;
      } catch {
        // Not this one.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
