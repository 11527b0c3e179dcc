// Bundles the CLI into dist/ so `cockpit` starts without resolving hundreds of modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: start clean so old chunks do not pile up.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cockpit: 'src/cli/main.ts' },
  outdir: 'dist',
  // Heavy providers (the AWS SDK) are imported lazily by their plugins; splitting keeps them
  // out of the start-up path of commands that never touch them.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  // Prefer packages' ESM builds: some UMD builds (jsonc-parser) require() files a bundle cannot see.
  mainFields: ['module', 'main'],
  format: 'esm',
  target: 'node20.5',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Some CommonJS dependencies call require() on Node built-ins; give the ESM bundle one.
  banner: {
    js: "import { createRequire as __cockpitCreateRequire } from 'node:module'; const require = __cockpitCreateRequire(import.meta.url);",
  },
  // react-devtools-core is an optional dev-only import inside ink.
  external: ['react-devtools-core'],
  logLevel: 'warning',
});
