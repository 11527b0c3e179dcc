// Bundles the CLI into dist/ so `cockpit` starts without resolving hundreds of modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { bundleOptions } from './bundleOptions.mjs';

// Chunk names carry content hashes: start clean so old chunks do not pile up.
rmSync('dist', { recursive: true, force: true });

await build({ ...bundleOptions(), entryPoints: { cockpit: 'src/cli/main.ts' }, outdir: 'dist', sourcemap: 'linked' });
