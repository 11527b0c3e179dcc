import { execFileSync } from 'node:child_process';

/** CLI tests run the built bundle as a real child process: build it once per test run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
