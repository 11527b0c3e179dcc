// Third-party clients that only some providers use are kept out of the cockpit's bundle, each in
// a script of its own under dist/vendor/ that the bundle requires the first time a provider
// imports it (issue #17). The Kubernetes client alone is more than half of what the bundle would
// be: every start would read it, though a drill of an ECS service never runs a line of it. The
// launcher runs these scripts through the compile cache like the bundle (src/launcher/).
//
// A package listed here is always loaded from its vendor script, however it is imported, so there
// is one copy of it; one vendor script may hold several packages that share dependencies.
//
// A vendor script may hold a module of ours instead (a path from the repository's root) that
// re-exports the part of a client the cockpit uses: the script then holds only that part. The
// client's package is then `ONLY_THROUGH` that module: importing it from anywhere else fails the
// build, so there is never a second, whole copy of it in the bundle.
import { resolve } from 'node:path';
import { bundleOptions } from './bundleOptions.mjs';

/** dist/vendor/<script>.cjs: the packages (and subpaths) or modules it holds, by the name its exports use. */
export const VENDOR_CHUNKS = {
  aws: { './plugins/ecs/sdk.ts': 'ecsSdk', '@smithy/core/config': 'smithyConfig' },
  kubernetes: { './plugins/kubernetes/sdk.ts': 'kubernetesSdk' },
};

/** Packages the bundle may import only through the module that holds the part of it used. */
const ONLY_THROUGH = { '@aws-sdk/client-ecs': './plugins/ecs/sdk.ts', '@kubernetes/client-node': './plugins/kubernetes/sdk.ts' };

const holder = new Map(Object.entries(VENDOR_CHUNKS).flatMap(([chunk, packages]) => Object.entries(packages).map(([name, key]) => [name, { chunk, key }])));
const isModule = (name) => name.startsWith('./');
const escape = (name) => name.replace(/[/.]/g, '\\$&');
const packages = [...holder.keys()].filter((name) => !isModule(name));
/** A module of ours by its absolute path without extension (imports name it without one). */
const modules = new Map([...holder.keys()].filter(isModule).map((name) => [resolve(name).replace(/\.ts$/, ''), name]));
const moduleBasenames = [...modules.keys()].map((path) => escape(path.slice(path.lastIndexOf('/') + 1)));

/** @returns {import('esbuild').Plugin} For the bundle: imports of the vendored packages read their script. */
export function vendorChunksPlugin() {
  return {
    name: 'vendor-chunks',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${packages.map(escape).join('|')})$`) }, (args) => ({ path: args.path, namespace: 'vendor' }));
      build.onResolve({ filter: new RegExp(`^\\.\\.?/(.*/)?(${moduleBasenames.join('|')})(\\.[jt]s)?$`) }, (args) => {
        const name = modules.get(resolve(args.resolveDir, args.path).replace(/\.[jt]s$/, ''));
        return name === undefined ? undefined : { path: name, namespace: 'vendor' };
      });
      build.onResolve({ filter: new RegExp(`^(${Object.keys(ONLY_THROUGH).map(escape).join('|')})$`) }, (args) => ({
        errors: [{ text: `${args.path} is imported only through ${ONLY_THROUGH[args.path]}, which holds the part of it the cockpit uses (scripts/vendorChunksPlugin.mjs)` }],
      }));
      build.onResolve({ filter: /^\.\/vendor\/\w+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => {
        const { chunk, key } = holder.get(args.path);
        return { contents: `module.exports = require('./vendor/${chunk}.cjs').${key};`, loader: 'js', resolveDir: '.' };
      });
    },
  };
}

/** @returns {import('esbuild').BuildOptions[]} The builds of dist/vendor/*.cjs. */
export function vendorBuilds(outdir) {
  return Object.entries(VENDOR_CHUNKS).map(([chunk, packages]) => ({
    ...bundleOptions(),
    stdin: { contents: Object.entries(packages).map(([name, key]) => `export * as ${key} from '${name}';`).join('\n'), resolveDir: '.', loader: 'js', sourcefile: `vendor-${chunk}.js` },
    outfile: `${outdir}/vendor/${chunk}.cjs`,
  }));
}
