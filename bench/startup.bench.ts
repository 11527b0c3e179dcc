// Start-up in a real pseudo-terminal (reported, not asserted), for `cockpit drill` on the built-in
// sandbox: spawn → something useful drawn (the panels' frames and the runbook's steps) and spawn
// → all three panels filled with data, next to the floors measured in the same run: a bare
// `node -e 0` (spawn → exit) and a bare Ink "hello" bundled like the CLI (spawn → "hello" on
// screen). Twice: on a quiet machine, and with one busy process beside it (a spinning Node on
// one of the cores). The drill without its start-up caches (compiled code, the kept first frame:
// the first start after an install, or after the runbook changed) too.
// Needs `npm run build` first (npm run bench does it); COCKPIT_BENCH_CLI measures another build,
// and COCKPIT_BENCH_BASELINE_CLI (another build's bin/cockpit.js, e.g. the one before a change) is
// measured interleaved with it, run for run, so both see the same machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLikeTheCli } from './fixtures/bundle';
import { BENCH_CLI, cockpitPopulated, cockpitUseful, DRILL_SIZE as SIZE, REPO, spawnDrill } from './fixtures/drill';
import { builtinPlugins } from '../plugins/index';
import { pluginCatalog } from '../src/plugins/registry';
import { loadRunbookFile } from '../src/runbook/load';
import { interactiveEnv, median, printTable, PtyProcess, verdict } from './pty';

/** COCKPIT_BENCH_RUNS=N for a quick look (the figures to quote are medians of 10). */
const RUNS = Number(process.env.COCKPIT_BENCH_RUNS ?? 10);
/** Issue #17's goals, as ratios to the bundled Ink hello of the same run. */
const GOAL = { useful: 1.2, populated: 2 } as const;

interface Start {
  readonly usefulMs: number;
  readonly populatedMs: number;
}

/**
 * One data dir for every run, as on a responder's machine: settings written once, incidents
 * piling up. Each build has its own compile cache dir, away from other checkouts' runs: a
 * launcher from before caches were named per install removes every other cache it finds.
 */
async function timeCockpit(dir: string, env: NodeJS.ProcessEnv = {}, cli = BENCH_CLI): Promise<Start> {
  const own = cli === BENCH_CLI ? '' : 'baseline-';
  const cockpit = spawnDrill(join(dir, `${own}data`), { XDG_CACHE_HOME: join(dir, `${own}cache`), ...env }, undefined, undefined, cli);
  try {
    const useful = cockpit.waitForScreen(cockpitUseful, 'the runbook on screen', 20_000);
    const populated = await cockpit.waitForScreen(cockpitPopulated, 'all three panels populated', 20_000);
    return { usefulMs: (await useful) - cockpit.spawnedAt, populatedMs: populated - cockpit.spawnedAt };
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

/**
 * The drill's starting frame alone: the same skeleton view (`startingView` of the same runbook,
 * computed here) drawn by the cockpit's own `runCockpit`, bundled the same way, with no command
 * line, runbook parsing or sandbox. What drawing that frame costs beyond the Ink hello is the
 * floor of "something useful drawn" for this screen.
 */
async function bundleStartingFrame(dir: string): Promise<string> {
  const loaded = await loadRunbookFile(join(REPO, 'runbooks/checkout-api.yaml'), { catalog: pluginCatalog(builtinPlugins) });
  if (!loaded.ok) throw new Error('runbooks/checkout-api.yaml does not load');
  // The runbook as parsed (plain data), and what startingView asks of the plugins (their names and capabilities).
  const plugins = loaded.plugins.map((plugin) => ({ name: plugin.name, capabilities: plugin.capabilities }));
  const entry = join(dir, 'frame.tsx');
  await writeFile(
    entry,
    `import { runCockpit } from ${JSON.stringify(join(REPO, 'src/ui/runCockpit'))};
import { StartingController } from ${JSON.stringify(join(REPO, 'src/session/startingController'))};
import { startingView } from ${JSON.stringify(join(REPO, 'src/session/startingView'))};
const view = startingView({ runbook: ${JSON.stringify(loaded.runbook)}, plugins: ${JSON.stringify(plugins)} as never, mode: 'drill-sandbox', environment: 'sandbox', responder: 'bench', now: new Date(), doing: 'starting the sandbox…' });
// Never attached: the frame stays until the benchmark closes the terminal.
void runCockpit(new StartingController(view), { color: true, ready: new Promise(() => {}) });
`,
  );
  return bundleLikeTheCli(entry, join(dir, 'frame'));
}

async function timeStartingFrame(bundle: string): Promise<number> {
  const frame = new PtyProcess([process.execPath, bundle], { ...SIZE, env: interactiveEnv() });
  try {
    return (await frame.waitForScreen(cockpitUseful, 'the starting frame', 20_000)) - frame.spawnedAt;
  } finally {
    await frame.close();
  }
}

async function bundleInkHello(dir: string): Promise<string> {
  const entry = join(dir, 'hello.tsx');
  await writeFile(entry, "import { render, Text } from 'ink';\n\nrender(<Text>hello</Text>);\n");
  return bundleLikeTheCli(entry, join(dir, 'hello'));
}

/** A process spinning on one core until killed: the "busy machine" of the issue. */
function busyProcess(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

interface Round {
  readonly node: number[];
  readonly hello: number[];
  readonly frame: number[];
  readonly useful: number[];
  readonly populated: number[];
  readonly uncachedUseful: number[];
  readonly uncachedPopulated: number[];
  readonly baselineUseful: number[];
  readonly baselinePopulated: number[];
}

const BASELINE = process.env.COCKPIT_BENCH_BASELINE_CLI;

async function round(dir: string, hello: string, frame: string): Promise<Round> {
  const r: Round = { node: [], hello: [], frame: [], useful: [], populated: [], uncachedUseful: [], uncachedPopulated: [], baselineUseful: [], baselinePopulated: [] };
  // Interleaved, so a slow spell on the shared machine hits all of them alike.
  for (let run = 0; run < RUNS; run += 1) {
    r.node.push(await timeNodeExit());
    r.hello.push(await timeInkHello(hello));
    r.frame.push(await timeStartingFrame(frame));
    const cockpit = await timeCockpit(dir);
    r.useful.push(cockpit.usefulMs);
    r.populated.push(cockpit.populatedMs);
    const uncached = await timeCockpit(dir, { COCKPIT_NO_COMPILE_CACHE: '1' });
    r.uncachedUseful.push(uncached.usefulMs);
    r.uncachedPopulated.push(uncached.populatedMs);
    if (BASELINE !== undefined) {
      const baseline = await timeCockpit(dir, {}, BASELINE);
      r.baselineUseful.push(baseline.usefulMs);
      r.baselinePopulated.push(baseline.populatedMs);
    }
  }
  return r;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const range = (values: readonly number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;

function rows(what: string, r: Round): string[][] {
  const hello = median(r.hello);
  const ratio = (values: readonly number[]) => median(values) / hello;
  const row = (label: string, values: readonly number[], goal?: number) => [
    `${what}: ${label}`,
    ms(median(values)),
    range(values),
    `${ratio(values).toFixed(2)}x`,
    goal === undefined ? '—' : `<= ${goal}x`,
    goal === undefined ? '' : verdict(ratio(values), goal),
  ];
  return [
    row('`node -e 0`, exit', r.node),
    row('bundled Ink "hello" on screen (the floor)', r.hello),
    row("the drill's starting frame alone, bundled the same way", r.frame),
    row('`cockpit drill`, something useful drawn', r.useful, GOAL.useful),
    row('`cockpit drill`, 3 panels with data', r.populated, GOAL.populated),
    row('without the start-up caches (a first start): something useful', r.uncachedUseful),
    row('without the start-up caches (a first start): 3 panels with data', r.uncachedPopulated),
    ...(BASELINE === undefined
      ? []
      : [row('baseline build, something useful drawn', r.baselineUseful, GOAL.useful), row('baseline build, 3 panels with data', r.baselinePopulated, GOAL.populated)]),
  ];
}

const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-startup-'));
try {
  const hello = await bundleInkHello(dir);
  const frame = await bundleStartingFrame(dir);
  // A responder's first start after an install or upgrade saves the compile cache, the first
  // frame (and the settings): not timed here, as the starts measured are the ones after it. The
  // rows without the caches show what that first start costs.
  await timeCockpit(dir);
  if (BASELINE !== undefined) await timeCockpit(dir, {}, BASELINE);
  const quiet = await round(dir, hello, frame);
  const busy = busyProcess();
  let loaded: Round;
  try {
    loaded = await round(dir, hello, frame);
  } finally {
    busy.kill('SIGKILL');
  }
  printTable(['spawn in a pty → ...', `median of ${RUNS}`, 'min–max', '/ Ink hello', 'goal', ''], [...rows('quiet', quiet), ...rows('busy', loaded)]);
  process.stdout.write(`(${BENCH_CLI}${BASELINE === undefined ? '' : `; baseline ${BASELINE}`}; ${SIZE.columns}x${SIZE.rows} pty, Node ${process.version}; busy: one \`node -e 'for(;;){}'\` beside it)\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
