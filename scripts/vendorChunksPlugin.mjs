// Third-party clients that only some providers use are kept out of the cockpit's bundle, each in
// a script of its own under dist/vendor/ that the bundle requires the first time a provider
// imports it (issue #17). The Kubernetes client alone is more than half of what the bundle would
// be: every start would read it, though a drill of an ECS service never runs a line of it. The
// launcher runs these scripts through the compile cache like the bundle (src/launcher/).
//
// A package listed here is always loaded from its vendor script, however it is imported, so there
// is one copy of it; one vendor script may hold several packages that share dependencies.
import { bundleOptions } from './bundleOptions.mjs';

/** dist/vendor/<script>.cjs: the packages (and subpaths) it holds, by the name its exports use. */
export const VENDOR_CHUNKS = {
  aws: { '@aws-sdk/client-ecs': 'clientEcs', '@smithy/core/config': 'smithyConfig' },
  kubernetes: { '@kubernetes/client-node': 'clientNode' },
};

const holder = new Map(Object.entries(VENDOR_CHUNKS).flatMap(([chunk, packages]) => Object.entries(packages).map(([name, key]) => [name, { chunk, key }])));
const escaped = [...holder.keys()].map((name) => name.replace(/[/.]/g, '\\$&'));

/** @returns {import('esbuild').Plugin} For the bundle: imports of the vendored packages read their script. */
export function vendorChunksPlugin() {
  return {
    name: 'vendor-chunks',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, (args) => ({ path: args.path, namespace: 'vendor' }));
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
