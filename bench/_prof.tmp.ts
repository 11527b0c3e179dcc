import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cockpitPopulated, DRILL_SIZE, REPO, BENCH_CLI } from './fixtures/drill';
import { interactiveEnv, PtyProcess } from './pty';
const dir = mkdtempSync(join(tmpdir(), 'cockpit-prof-'));
const extra = ['--cpu-prof', '--cpu-prof-dir=/tmp/startup-work/prof3', '--cpu-prof-interval=200'];
for (let i = 0; i < 3; i++) {
  const flags = i === 2 ? extra : [];
  const argv = [process.execPath, ...flags, BENCH_CLI, 'drill', 'runbooks/checkout-api.yaml', '--scenario', 'bad-deploy', '--speed', '1'];
  const p = new PtyProcess(argv, { ...DRILL_SIZE, cwd: REPO, env: interactiveEnv({ COCKPIT_DATA_DIR: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache'), COCKPIT_STARTUP_MARKS: join(dir, 'marks') }) });
  const pop = await p.waitForScreen(cockpitPopulated, 'pop', 30000);
  console.log('populated', (pop - p.spawnedAt).toFixed(0));
  p.press('q');
  await new Promise((r) => setTimeout(r, 2500));
  await p.close();
}
console.log(require('node:fs').readFileSync(join(dir, 'marks'), 'utf8').trim().split('\n').at(-1));
