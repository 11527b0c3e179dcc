// Ink and its yoga-layout contain top-level awaits, which only an ES module may have; the
// cockpit's bundle is a classic script so that V8 can cache it compiled (src/launcher/). This
// plugin removes them:
// - yoga-layout awaits its WebAssembly: Ink gets scripts/shims/yogaSync.js instead, which starts
//   the same WebAssembly synchronously;
// - Ink's reconciler awaits React devtools and its package.json, only when DEV=true: the bundle
//   has no devtools (react-devtools-core is not bundled), so Ink says so, as when they are missing.
// The build fails if yoga's files or Ink's lines are no longer what this expects, naming this
// file and the installed versions (package.json pins Ink exactly: an upgrade starts here).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const YOGA_SHIM = fileURLToPath(new URL('shims/yogaSync.js', import.meta.url));
// yoga-layout's entry is dist/src/index.js.
const YOGA = dirname(dirname(createRequire(import.meta.url).resolve('yoga-layout')));
const YOGA_FILES = {
  binaries: join(YOGA, 'binaries/yoga-wasm-base64-esm.js'),
  wrapAssembly: join(YOGA, 'src/wrapAssembly.js'),
  enums: join(YOGA, 'src/generated/YGEnums.js'),
};
const PLUGIN = 'scripts/inkAsScriptPlugin.mjs';
const versionOf = (packageDir) => {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
};
const WASM_DATA_URI = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;

const RECONCILER = /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/;
const RECONCILER_EDITS = [
  ["await import('./devtools.js');", "throw Object.assign(new Error('react-devtools-core is not bundled'), { code: 'ERR_MODULE_NOT_FOUND' });"],
  ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
];

/** @returns {import('esbuild').Plugin} */
export function inkAsScriptPlugin() {
  return {
    name: 'ink-as-script',
    setup(build) {
      build.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: YOGA_SHIM }));
      build.onResolve({ filter: /^yoga:/ }, (args) => {
        const name = args.path.slice('yoga:'.length);
        if (name === 'wasm-base64') return { path: YOGA_FILES.binaries, namespace: 'yoga-wasm' };
        if (!(name in YOGA_FILES)) return { errors: [{ text: `unknown yoga module ${args.path} (in scripts/shims/yogaSync.js)` }] };
        if (!existsSync(YOGA_FILES[name])) return { errors: [{ text: `yoga-layout ${versionOf(YOGA)} has no ${YOGA_FILES[name]}: update ${PLUGIN}` }] };
        return { path: YOGA_FILES[name] };
      });
      build.onLoad({ filter: /.*/, namespace: 'yoga-wasm' }, (args) => {
        const match = WASM_DATA_URI.exec(readFileSync(args.path, 'utf8'));
        if (match === null) return { errors: [{ text: `yoga-layout ${versionOf(YOGA)}: no embedded WebAssembly in ${args.path}: update ${PLUGIN}` }] };
        return { contents: `export default ${JSON.stringify(match[1])};`, loader: 'js' };
      });
      build.onLoad({ filter: RECONCILER }, (args) => {
        let contents = readFileSync(args.path, 'utf8');
        for (const [from, to] of RECONCILER_EDITS) {
          if (!contents.includes(from)) {
            return { errors: [{ text: `ink ${versionOf(join(dirname(args.path), '..'))}'s reconciler no longer has \`${from}\`: update ${PLUGIN}` }] };
          }
          contents = contents.replace(from, to);
        }
        return { contents, loader: 'js' };
      });
    },
  };
}
