import { copyFile, cp, mkdir, mkdtemp, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a user gets it: `npm pack` from a clean checkout (its `prepack` builds), the
 * tarball installed into an empty prefix with no network and an empty npm cache (so any runtime
 * dependency would fail the install), and the installed `cockpit` run from an unrelated directory.
 * One pack per run; the checkout is a copy, so its build never touches the dist/ the other suites run.
 * The copy takes this run's dist/ along (built by the global set-up from the same sources), so its
 * `prepack` finds the bundle up to date and `npm test` builds once (scripts/buildInputs.mjs).
 */
const REPO = new URL('../../', import.meta.url).pathname;
const VERSION = (JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

let root: string;
let tarball: string;
let packLog: string;
let prefix: string;
let elsewhere: string;

// npm run by `npm test` exports its own settings (npm_config_prefix, …): the child npm gets none of them.
const cleanEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
};

const npm = (args: string[], cwd: string) =>
  execa('npm', args, { cwd, env: cleanEnv({ npm_config_cache: join(root, 'npm-cache') }), extendEnv: false, timeout: 240_000 });

const run = (file: string, args: string[], cwd = elsewhere) =>
  execa(file, args, { cwd, reject: false, env: cleanEnv({ NO_COLOR: '1', HOME: join(root, 'home'), COCKPIT_DATA_DIR: join(root, 'data') }), extendEnv: false, timeout: 120_000 });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cockpit-package-'));
  const checkout = join(root, 'checkout');
  const listed = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO });
  for (const file of listed.stdout.split('\0').filter((f) => f !== '' && f !== 'node_modules')) {
    const from = join(REPO, file);
    if (!(await stat(from).catch(() => undefined))?.isFile()) continue; // deleted in the working tree
    await mkdir(dirname(join(checkout, file)), { recursive: true });
    await copyFile(from, join(checkout, file));
  }
  // The plugin types too, made here once for these sources (kept while they are unchanged), so the
  // checkout's prepack finds them up to date as it finds the bundle.
  await execa(process.execPath, ['scripts/write-plugin-types.mjs'], { cwd: REPO });
  await cp(join(REPO, 'dist'), join(checkout, 'dist'), { recursive: true });
  await symlink(await realpath(join(REPO, 'node_modules')), join(checkout, 'node_modules'));
  const packed = await npm(['pack', '--json', '--pack-destination', root], checkout);
  packLog = packed.stderr + packed.stdout;
  tarball = join(root, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);

  prefix = join(root, 'prefix');
  elsewhere = join(root, 'elsewhere');
  await mkdir(elsewhere);
  await mkdir(join(root, 'home'));
  await npm(['install', '--global', '--prefix', prefix, '--offline', tarball], elsewhere);
}, 300_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const installed = () => join(prefix, 'lib', 'node_modules', 'incident-cockpit');

describe('the npm package', () => {
  it('is packed from the bundle this run built: prepack finds it and the plugin types up to date and builds nothing', () => {
    expect(packLog).toContain('dist/ is up to date with its sources');
    expect(packLog).toContain('dist/types is up to date with its sources');
  });

  it('holds the bundle, the plugin export and the example runbooks; no source maps, no TypeScript sources', async () => {
    const files = (await execa('tar', ['tzf', tarball])).stdout.split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['bin/cockpit.js', 'dist/cockpit.cjs', 'dist/launch.mjs', 'dist/plugin.mjs', 'dist/plugin.d.ts', 'runbooks/checkout-api.yaml', 'docs/ARCHITECTURE.md', 'README.md', 'package.json']));
    expect(files.filter((f) => f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.tsx') || f.endsWith('.built-from'))).toEqual([]);
  });

  it('installs with no runtime dependency: nothing is fetched, nothing lands beside it', async () => {
    const manifest = JSON.parse(await readFile(join(installed(), 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(await stat(join(installed(), 'node_modules')).catch(() => 'absent')).toBe('absent');
    expect(manifest).toMatchObject({ repository: expect.anything(), homepage: expect.any(String), bugs: expect.anything() });
  });

  it('runs from an unrelated directory: --version, lint, an autopilot drill', async () => {
    const cockpit = join(prefix, 'bin', 'cockpit');
    expect(await run(cockpit, ['--version'])).toMatchObject({ exitCode: 0, stdout: VERSION });

    const linted = await run(cockpit, ['lint', join(installed(), 'runbooks')]);
    expect(linted.stdout).toBe('');
    expect(linted.exitCode).toBe(0);

    // One drill (each costs seconds): its report, and the postmortem command it suggests, as printed.
    const drill = await run(cockpit, ['drill', join(installed(), 'runbooks', 'checkout-api.yaml'), '--scenario', 'bad-deploy', '--autopilot']);
    expect(drill.stderr).toBe('');
    expect(drill.stdout).toMatch(/^Drill report — scenario bad-deploy — incident inc-\S+\nRECOVERED · score/);
    expect(drill.exitCode).toBe(0);
    const suggested = /^Postmortem: cockpit (.+)$/m.exec(drill.stdout)?.[1];
    expect(suggested).toMatch(/^export inc-\S+ --format md$/);
    const postmortem = await run(cockpit, suggested!.split(' '));
    expect(postmortem.stdout).toContain('> **Drill.**');
    expect(postmortem.exitCode).toBe(0);
  }, 120_000);

  it('gives plugin authors the contract and its zod as `incident-cockpit/plugin`, typed, and runs their plugin', async () => {
    const project = join(root, 'plugin-author');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'statuspage-plugin', private: true, type: 'module' }));
    await npm(['install', '--offline', tarball], project);

    // The README's example plugin, as printed; it is plain JavaScript too (every type is inferred).
    const readme = await readFile(join(REPO, 'README.md'), 'utf8');
    const example = /```ts\n(\/\/ statuspage\.ts[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from 'incident-cockpit/plugin'");
    await writeFile(join(project, 'right.ts'), `${example!}\nexport const typed: import('incident-cockpit/plugin').PluginDefinition<{ page_id: string }> = plugin;\n`.replace('export default definePlugin(', 'const plugin = definePlugin(') + 'export default plugin;\n');
    await writeFile(join(project, 'wrong.ts'), "import { definePlugin } from 'incident-cockpit/plugin';\nexport default definePlugin({ name: 'x', capabilities: ['pager'] });\n");
    // Types: one compiler run over a plugin that uses the contract right and one that misuses it.
    const tsc = join(REPO, 'node_modules', 'typescript7', 'bin', 'tsc');
    const typeArgs = ['--noEmit', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--strict', '--typeRoots', join(REPO, 'node_modules', '@types'), '--types', 'node'];
    const typed = await run(process.execPath, [tsc, ...typeArgs, 'right.ts', 'wrong.ts'], project);
    const errors = typed.stdout.split('\n').filter((line) => /error TS/.test(line));
    // The types are real, not `any`: the misuse is caught, and only it.
    expect(errors.filter((line) => !line.startsWith('wrong.ts'))).toEqual([]);
    expect(typed.stdout).toContain("Type '\"pager\"' is not assignable");

    // At run time, the same module as plain JavaScript gets the contract and zod from the package.
    await writeFile(join(project, 'statuspage.js'), example!);
    await writeFile(
      join(project, 'runbook.yaml'),
      'version: 1\nservice: checkout-api\nowner: commerce\nseverity: SEV2\nplugins: [./statuspage.js]\nproviders:\n  status: { plugin: statuspage, pageid: abc }\nfirst_actions:\n  - { id: post, title: Post an update, run: { action: status.post, message: hi } }\n',
    );
    // `npx cockpit`, as the README's quick start says, from the project that installed the package.
    const linted = await run('npx', ['--offline', 'cockpit', 'lint', '--trust-plugins', 'runbook.yaml'], project);
    expect(linted.stdout).toContain('unknown key `pageid` in providers.status (did you mean `page_id`?)');
    expect(linted.exitCode).toBe(1);
    await writeFile(join(project, 'runbook.yaml'), (await readFile(join(project, 'runbook.yaml'), 'utf8')).replace('pageid', 'page_id'));
    expect(await run('npx', ['--offline', 'cockpit', 'lint', '--trust-plugins', 'runbook.yaml'], project)).toMatchObject({ exitCode: 0, stdout: '' });
  }, 180_000);
});
