// Where a drill's start-up spends its time and its CPU, phase by phase (reported, not asserted):
// `cockpit drill` in a real pseudo-terminal with COCKPIT_STARTUP_MARKS (src/cli/startupMarks.ts),
// the median of each mark's wall time, CPU time (user + system of the process) and minor page faults. On a shared
// machine the wall times follow the load; the CPU times move less, so a change's cost or saving
// can show in them when the wall times cannot tell two builds apart. With
// COCKPIT_BENCH_BASELINE_CLI (another build's bin/cockpit.js) both builds run, interleaved run for
// run. Needs `npm run build` first (npm run bench does it).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_CLI, cockpitPopulated, spawnDrill } from './fixtures/drill';
import { median, printTable } from './pty';

const RUNS = Number(process.env.COCKPIT_BENCH_RUNS ?? 10);
const BASELINE = process.env.COCKPIT_BENCH_BASELINE_CLI;
const builds: Record<string, string> = { 'this build': BENCH_CLI, ...(BASELINE === undefined ? {} : { baseline: BASELINE }) };

type Marks = Record<string, number> & { cpu?: Record<string, number>; faults?: Record<string, number> };

/** One drill until its three panels are on screen; its marks, written as it exits. */
async function marksOf(dir: string, name: string, cli: string, run: number): Promise<Marks> {
  const own = name.replace(/\W/g, '-');
  const file = join(dir, `${own}-${run}.jsonl`);
  // Each build its own data and compile cache dir, as in startup.bench.ts.
  const cockpit = spawnDrill(join(dir, `${own}-data`), { XDG_CACHE_HOME: join(dir, `${own}-cache`), COCKPIT_STARTUP_MARKS: file }, undefined, undefined, cli);
  try {
    await cockpit.waitForScreen(cockpitPopulated, 'all three panels populated', 30_000);
    cockpit.press('q');
    await cockpit.waitForExit(10_000);
  } finally {
    await cockpit.close();
  }
  return JSON.parse((await readFile(file, 'utf8')).trim()) as Marks;
}

const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-marks-'));
try {
  const seen: Record<string, Marks[]> = Object.fromEntries(Object.keys(builds).map((name) => [name, []]));
  // A first start of each build saves its compile cache: not counted, as in startup.bench.ts.
  for (let run = 0; run <= RUNS; run += 1) {
    for (const [name, cli] of Object.entries(builds)) {
      const marks = await marksOf(dir, name, cli, run);
      if (run > 0) seen[name]!.push(marks);
    }
  }
  const names = Object.keys(seen['this build']![0]?.cpu ?? {});
  const cell = (runs: readonly Marks[], mark: string) => {
    const wall = runs.map((m) => m[mark]).filter((v): v is number => typeof v === 'number');
    const cpu = runs.map((m) => m.cpu?.[mark]).filter((v): v is number => typeof v === 'number');
    const faults = runs.map((m) => m.faults?.[mark]).filter((v): v is number => typeof v === 'number');
    const also = (values: readonly number[], unit: string) => (values.length === 0 ? '—' : `${median(values).toFixed(0)}${unit}`);
    return wall.length === 0 ? '—' : `${median(wall).toFixed(0)} ms / ${also(cpu, ' ms')} / ${also(faults, '')}`;
  };
  printTable(
    ['mark (`cockpit drill`, 160x48 pty)', ...Object.keys(seen).map((name) => `${name}: wall / CPU / page faults, median of ${RUNS}`)],
    names.map((mark) => [mark, ...Object.values(seen).map((runs) => cell(runs, mark))]),
  );
  process.stdout.write(`(${BENCH_CLI}${BASELINE === undefined ? '' : `; baseline ${BASELINE}`}; Node ${process.version}; a build from before the marks carried CPU or page faults shows — for them; page faults: minor, memory touched for the first time)\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
