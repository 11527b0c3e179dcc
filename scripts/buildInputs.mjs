// What dist/ is built from, as one fingerprint: a build whose inputs have not changed since the
// last one is skipped (`npm test` builds once per run, and the package test's `npm pack` would
// otherwise build the same bundle a second time; issue #12).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.built-from';
// Everything esbuild reads from the project, and the installed dependencies by their lock.
const INPUT_DIRS = ['src', 'plugins', 'scripts'];
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

export function inputsFingerprint() {
  const hash = createHash('sha256');
  for (const file of [...INPUT_DIRS.flatMap(filesUnder), ...INPUT_FILES]) {
    hash.update(`${file}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : '(none)');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when dist/ (or the part of it that `stamp` names) holds a build of exactly these inputs. */
export function builtFrom(fingerprint, stamp = STAMP) {
  try {
    return readFileSync(stamp, 'utf8') === fingerprint;
  } catch {
    return false;
  }
}

export function stampBuild(fingerprint, stamp = STAMP) {
  writeFileSync(stamp, fingerprint);
}
