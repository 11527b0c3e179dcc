// `import("node:http")` in a dependency becomes a require(): a classic script run from V8's code
// cache cannot import() on Node 20 (the loader callback is lost with the cache).
import { builtinModules } from 'node:module';

const BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);

/** @returns {import('esbuild').Plugin} */
export function builtinDynamicImportPlugin() {
  return {
    name: 'builtin-dynamic-import',
    setup(build) {
      build.onResolve({ filter: BUILTIN }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'builtin-require' } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}
