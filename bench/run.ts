// Runs every bench/*.bench.ts in its own Node process (so one benchmark's heap and RSS do not
// colour the next) and passes their output through. `npm run bench` builds first, then runs this.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(benchDir))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n## ${file}\n\n`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${benchDir}${file}`], { stdio: 'inherit' });
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) {
    failed += 1;
    process.stdout.write(`${file} exited with ${code}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
