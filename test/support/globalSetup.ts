import { execFileSync } from 'node:child_process';

/**
 * CLI tests run the built bundle as a real child process: build it once per test run. This is the
 * only build `npm test` does (its script type-checks, then runs vitest), and `npx vitest <file>`
 * gets a fresh bundle too.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
