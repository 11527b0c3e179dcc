// Start-up in a real pseudo-terminal (reported, not asserted): spawn → the first frame on which
// all three panels show data, for `cockpit drill` on the built-in sandbox, next to the two
// baselines the issue names: a bare `node -e 0` (spawn → exit) and a bare Ink "hello" bundled
// like the CLI (spawn → "hello" on screen); and the drill without its compile cache (as on the
// first start after an install). Needs `npm run build` first (npm run bench does it).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLikeTheCli } from './fixtures/bundle';
import { cockpitPopulated, DRILL_SIZE as SIZE, spawnDrill } from './fixtures/drill';
import { interactiveEnv, median, printTable, PtyProcess, verdict } from './pty';

const RUNS = 10;
const BUDGET_MS = 400;

/** One data dir for every run, as on a responder's machine: settings written once, incidents piling up. */
async function timeCockpit(dir: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const cockpit = spawnDrill(join(dir, 'data'), env);
  try {
    return (await cockpit.waitForScreen(cockpitPopulated, 'all three panels populated', 20_000)) - cockpit.spawnedAt;
  } finally {
    await cockpit.close();
  }
}

async function timeNodeExit(): Promise<number> {
  const node = new PtyProcess([process.execPath, '-e', '0'], { ...SIZE, env: interactiveEnv() });
  try {
    return (await node.waitForExit()).at - node.spawnedAt;
  } finally {
    await node.close();
  }
}

async function timeInkHello(bundle: string): Promise<number> {
  const hello = new PtyProcess([process.execPath, bundle], { ...SIZE, env: interactiveEnv() });
  try {
    return (await hello.waitForScreen((screen) => screen.split('\n').includes('hello'), '"hello"')) - hello.spawnedAt;
  } finally {
    await hello.close();
  }
}

async function bundleInkHello(dir: string): Promise<string> {
  const entry = join(dir, 'hello.tsx');
  await writeFile(entry, "import { render, Text } from 'ink';\n\nrender(<Text>hello</Text>);\n");
  return bundleLikeTheCli(entry, join(dir, 'hello'));
}

const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-startup-'));
try {
  const hello = await bundleInkHello(dir);
  // Interleaved, so a slow spell on the shared machine hits all three alike.
  const nodeMs: number[] = [];
  const helloMs: number[] = [];
  const cockpitMs: number[] = [];
  const uncachedMs: number[] = [];
  // A responder's first start after an install or upgrade saves the compile cache (and the
  // settings): not timed here, as the starts measured are the ones after it. The row without
  // the cache shows what that first start costs.
  await timeCockpit(dir);
  for (let run = 0; run < RUNS; run += 1) {
    nodeMs.push(await timeNodeExit());
    helloMs.push(await timeInkHello(hello));
    cockpitMs.push(await timeCockpit(dir));
    uncachedMs.push(await timeCockpit(dir, { COCKPIT_NO_COMPILE_CACHE: '1' }));
  }
  const cockpit = median(cockpitMs);
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const range = (values: readonly number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  printTable(
    ['spawn in a pty → ...', `median of ${RUNS}`, 'min–max', 'budget', ''],
    [
      ['`node -e 0`: exit', ms(median(nodeMs)), range(nodeMs), '—', ''],
      ['bundled Ink "hello": on screen', ms(median(helloMs)), range(helloMs), '—', ''],
      ['`cockpit drill` bad-deploy: 3 panels with data', ms(cockpit), range(cockpitMs), `<= ${BUDGET_MS} ms`, verdict(cockpit, BUDGET_MS)],
      ['the same without the compile cache', ms(median(uncachedMs)), range(uncachedMs), '—', ''],
    ],
  );
  process.stdout.write(
    `cockpit / Ink hello = ${(cockpit / median(helloMs)).toFixed(1)}x; cockpit / node -e 0 = ${(cockpit / median(nodeMs)).toFixed(1)}x ` +
      `(${SIZE.columns}x${SIZE.rows} pty, Node ${process.version})\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
