// The esbuild options of the cockpit's bundle, shared by the build and the benchmarks (which
// bundle their own entries the same way, so they measure what users run).
import { inkMemoPlugin } from './inkMemoPlugin.mjs';
import { inkAsScriptPlugin } from './inkAsScriptPlugin.mjs';
import { builtinDynamicImportPlugin } from './builtinDynamicImportPlugin.mjs';

/** @returns {import('esbuild').BuildOptions} */
export function bundleOptions() {
  return {
    bundle: true,
    platform: 'node',
    // Prefer packages' ESM builds: some UMD builds (jsonc-parser) require() files a bundle cannot see.
    mainFields: ['module', 'main'],
    // A classic script, not a module: V8 can then cache it compiled (src/launcher/compileCache.ts).
    // Lazily imported providers (the AWS SDK) stay unevaluated until used, and uncompiled.
    format: 'cjs',
    jsx: 'automatic',
    target: 'node20.5',
    legalComments: 'none',
    // esbuild's default, said here because the launcher relies on it: it reads these scripts as
    // latin1, which is their text only while every byte is ASCII (build.mjs checks).
    charset: 'ascii',
    // Less to parse at every start; identifiers keep their names so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__cockpitModuleUrl' },
    // For dependencies that locate their files from import.meta.url.
    banner: { js: "var __cockpitModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // react-devtools-core is an optional dev-only import inside ink.
    external: ['react-devtools-core'],
    plugins: [inkMemoPlugin(), inkAsScriptPlugin(), builtinDynamicImportPlugin()],
    logLevel: 'warning',
  };
}
