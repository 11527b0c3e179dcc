// Bundles the CLI into dist/ so `cockpit` starts without resolving hundreds of modules: the
// program as one classic script (dist/cockpit.cjs), and the small module bin/cockpit.js runs,
// which loads it through V8's code cache (dist/launch.mjs); the clients only some providers use
// in scripts of their own (dist/vendor/, scripts/vendorChunksPlugin.mjs).
// A dist/ already built from the same sources is kept (scripts/buildInputs.mjs); --force rebuilds.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { bundleOptions } from './bundleOptions.mjs';
import { builtFrom, inputsFingerprint, stampBuild } from './buildInputs.mjs';
import { vendorBuilds, vendorChunksPlugin } from './vendorChunksPlugin.mjs';

const fingerprint = inputsFingerprint();
if (!process.argv.includes('--force') && builtFrom(fingerprint)) {
  console.error('dist/ is up to date with its sources (node scripts/build.mjs --force rebuilds it)');
  process.exit(0);
}

rmSync('dist', { recursive: true, force: true });

await Promise.all([
  build({ ...bundleOptions(), plugins: [...bundleOptions().plugins, vendorChunksPlugin()], entryPoints: ['src/cli/main.ts'], outfile: 'dist/cockpit.cjs', sourcemap: 'linked' }),
  ...vendorBuilds('dist').map((options) => build(options)),
  build({ bundle: true, platform: 'node', format: 'esm', target: 'node20.5', entryPoints: ['src/launcher/launch.ts'], outfile: 'dist/launch.mjs', logLevel: 'warning' }),
  // `incident-cockpit/plugin` (package.json `exports`): the contract and zod, for third-party plugins.
  build({ bundle: true, platform: 'node', format: 'esm', target: 'node20.5', entryPoints: ['src/plugins/api.ts'], outfile: 'dist/plugin.mjs', legalComments: 'none', logLevel: 'warning' }),
]);
// The launcher reads the classic scripts as latin1 (src/launcher/compileCache.ts): a byte beyond
// ASCII would be read as another character.
for (const file of ['dist/cockpit.cjs', ...readdirSync('dist/vendor').map((name) => `dist/vendor/${name}`)]) {
  const at = readFileSync(file).findIndex((byte) => byte > 0x7f);
  if (at !== -1) throw new Error(`${file}: byte ${at} is not ASCII; the launcher reads this script as latin1`);
}
// Written last: a build that failed or was interrupted leaves no stamp, and the next one builds.
stampBuild(fingerprint);
