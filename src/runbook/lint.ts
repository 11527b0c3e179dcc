import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compareProblems, type Problem } from './problem';

export interface LintReport {
  readonly files: readonly string[];
  readonly problems: readonly Problem[];
  /** Arguments that named nothing: a usage error, not a runbook problem. */
  readonly missing: readonly string[];
  /** Directories named that hold no `*.yaml`/`*.yml` to check: a usage error too ("0 files checked, no problems" read as a pass). */
  readonly empty: readonly string[];
}

const RUNBOOK_FILE = /\.ya?ml$/i;

/** The problems of one file (the caller decides what kind of document it is). */
export type FileLinter = (file: string) => Promise<readonly Problem[]>;

/** Lints every file named, directories searched recursively for `*.yaml` / `*.yml`. */
export async function lintPaths(paths: readonly string[], lintFile: FileLinter): Promise<LintReport> {
  const files: string[] = [];
  const missing: string[] = [];
  const empty: string[] = [];
  for (const path of paths) {
    const found = await runbookFiles(path);
    if (found === undefined) missing.push(path);
    else if (found.length === 0) empty.push(path);
    else files.push(...found);
  }
  const problems = (await Promise.all(files.map(lintFile))).flat();
  return { files, problems: [...problems].sort(compareProblems), missing, empty };
}

async function runbookFiles(path: string): Promise<string[] | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && RUNBOOK_FILE.test(entry.name) && !isHidden(relative(path, entry.parentPath)))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A hidden folder or node_modules below the directory given (not in its own path: the installed
 * package's runbooks, under node_modules, were "0 files checked, no problems").
 */
function isHidden(dir: string): boolean {
  return dir.split(/[\\/]/).some((part) => (part.startsWith('.') && part.length > 1 && part !== '..') || part === 'node_modules');
}
