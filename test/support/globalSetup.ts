import { execFileSync } from 'node:child_process';

/**
 * CLI tests run the built bundle as a real child process: build it once per test run. This is the
 * only build `npm test` does (its script type-checks, then runs vitest), and `npx vitest <file>`
 * gets a fresh bundle too. Vitest calls the global set-up of the root config and of each project
 * (vitest.config.ts), one after another in its own process: only the first one builds.
 */
export default function setup(): void {
  // Each project loads this module anew, so the mark is in the process, not in the module.
  if (process.env['COCKPIT_TEST_BUILT'] === String(process.pid)) return;
  process.env['COCKPIT_TEST_BUILT'] = String(process.pid);
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
