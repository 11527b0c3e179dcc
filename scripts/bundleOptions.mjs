// The esbuild options of the cockpit's bundle, shared by the build and the benchmarks (which
// bundle their own entries the same way, so they measure what users run).
import { inkMemoPlugin } from './inkMemoPlugin.mjs';

/** @returns {import('esbuild').BuildOptions} */
export function bundleOptions() {
  return {
    // Heavy providers (the AWS SDK) are imported lazily by their plugins; splitting keeps them
    // out of the start-up path of commands that never touch them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    // Prefer packages' ESM builds: some UMD builds (jsonc-parser) require() files a bundle cannot see.
    mainFields: ['module', 'main'],
    format: 'esm',
    jsx: 'automatic',
    target: 'node20.5',
    legalComments: 'none',
    // Less to parse at every start; identifiers keep their names so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    // Some CommonJS dependencies call require() on Node built-ins; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cockpitCreateRequire } from 'node:module'; const require = __cockpitCreateRequire(import.meta.url);",
    },
    // react-devtools-core is an optional dev-only import inside ink.
    external: ['react-devtools-core'],
    plugins: [inkMemoPlugin()],
    logLevel: 'warning',
  };
}
