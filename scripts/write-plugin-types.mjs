// Types of `incident-cockpit/plugin` for the package (run by `prepack`): declarations of
// src/plugins/api.ts and what it reaches, plus the declarations of the zod it bundles, so a
// plugin written in TypeScript type-checks against the package alone, with nothing else installed.
// Types made from the same sources as last time are kept, as the bundle is (buildInputs.mjs): the
// compiler run is most of `npm pack`'s time. --force makes them again.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { builtFrom, inputsFingerprint, stampBuild } from './buildInputs.mjs';

const OUT = 'dist/types';
const STAMP = join(OUT, '.built-from');
const fingerprint = inputsFingerprint();
if (!process.argv.includes('--force') && builtFrom(fingerprint, STAMP) && existsSync('dist/plugin.d.ts')) {
  console.error('dist/types is up to date with its sources (node scripts/write-plugin-types.mjs --force makes it again)');
  process.exit(0);
}
rmSync(OUT, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript7/package.json')), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '--ignoreConfig', 'src/plugins/api.ts', '--declaration', '--emitDeclarationOnly', '--outDir', OUT, '--rootDir', '.',
  '--module', 'ESNext', '--moduleResolution', 'Bundler', '--target', 'ES2022', '--lib', 'ES2023', '--types', 'node',
  '--strict', '--skipLibCheck', '--resolveJsonModule', '--jsx', 'react-jsx'], { stdio: 'inherit' });

// zod's own declarations (they import each other by relative paths only), and its licence.
const zodDir = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
const ZOD_OUT = join(OUT, 'zod');
cpSync(zodDir, ZOD_OUT, { recursive: true, filter: (from) => statSync(from).isDirectory() ? !/[\\/](src|v3|mini|v4-mini)$/.test(from) && !from.endsWith(join('v4', 'mini')) : /\.d\.ts$|LICENSE$/.test(from) });

// Relative imports get their `.js` (as Node's ESM resolution wants), and `zod` becomes the copy.
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
for (const file of files(OUT).filter((f) => f.endsWith('.d.ts') && !f.startsWith(ZOD_OUT))) {
  const toZod = relative(dirname(file), join(ZOD_OUT, 'index.js')).replaceAll('\\', '/');
  const text = readFileSync(file, 'utf8')
    .replace(/(from |import\()(['"])(\.\.?\/[^'"]+?)(?<!\.js)\2/g, '$1$2$3.js$2')
    .replace(/(from |import\()(['"])zod\2/g, `$1$2${toZod.startsWith('.') ? toZod : `./${toZod}`}$2`);
  writeFileSync(file, text);
}
writeFileSync('dist/plugin.d.ts', "export * from './types/src/plugins/api.js';\n");
// Written last: types made in part leave no stamp.
stampBuild(fingerprint, STAMP);
