// Interactive cost of the cockpit in a real pseudo-terminal (reported, not asserted):
// - key → screen changed, for the built CLI with a REAL session behind the UI: a sandbox drill
//   whose timeline holds 10,000 events, resumed (`cockpit drill --incident`: the log replayed,
//   the sandbox's providers polling); and that process's peak RSS, which includes the session's;
// - CPU while idle in a real drill (`cockpit drill --speed 1`, pollers running, no input), just
//   after start-up and once settled.
// Needs `npm run build` first (npm run bench does it); COCKPIT_BENCH_CLI measures another build.
// Arguments pick what to measure (default: all): `160x48`, `80x24` (keys at that size), `idle`;
// e.g. `node --import tsx bench/keypress.bench.ts 160x48`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bigDrillIncident } from './fixtures/bigDrill';
import { BENCH_CLI, cockpitPopulated, DRILL_SIZE as SIZE, spawnDrill } from './fixtures/drill';
import { cpuTimeMs, peakRssMb, printTable, PtyProcess, quantile, verdict } from './pty';

const EVENTS = 10_000;
const PRESSES = 200;
const IDLE_MS = 20_000;
/** Between the two idle windows. */
const IDLE_SETTLE_MS = 10_000;
/** Issue #17's goals for the keys and memory; the idle budget is older. */
const BUDGET = { p95Ms: 16, rssMb: 150, idleCpuPercent: 2 } as const;
const KEYS = { pageUp: '\u001b[5~', down: 'j', up: 'k' } as const;
// Ink draws at most every ~17 ms (maxFps 60): once output has paused this long, the frame a key
// caused is complete and the next key measures its own frame.
const SETTLE_MS = 25;

const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Latencies {
  readonly what: string;
  readonly ms: readonly number[];
}

/** Presses `keyFor(i)` PRESSES times, each once the last frame is complete; latency = key → first change. */
async function pressAndTime(app: PtyProcess, what: string, keyFor: (i: number) => string): Promise<Latencies> {
  const ms: number[] = [];
  for (let i = 0; i < PRESSES; i += 1) {
    await app.waitForQuiet(SETTLE_MS);
    const before = app.screen();
    const pressedAt = app.press(keyFor(i));
    ms.push((await app.waitForScreen((screen) => screen !== before, `a change after ${what} #${i + 1}`)) - pressedAt);
  }
  return { what, ms };
}

interface Size {
  readonly columns: number;
  readonly rows: number;
}

/** The drill `incident` resumed in a pty of `size`: keys pressed once its cockpit is up. */
async function measureKeys(dataDir: string, incident: string, size: Size): Promise<{ latencies: Latencies[]; rssMb: number }> {
  const app = spawnDrill(dataDir, {}, ['--incident', incident, '--speed', '1'], size);
  try {
    await app.waitForScreen((screen) => cockpitPopulated(screen) && screen.includes('TIMELINE'), 'the resumed cockpit, populated', 120_000);
    await app.waitForRawMode();
    const latencies = [
      await pressAndTime(app, 'PgUp (timeline page back)', () => KEYS.pageUp),
      await pressAndTime(app, 'j/k (step selection)', (i) => (i % 2 === 0 ? KEYS.down : KEYS.up)),
    ];
    return { latencies, rssMb: peakRssMb(app.pid) };
  } finally {
    await app.close();
  }
}

interface IdleWindow {
  readonly cpuPercent: number;
  readonly outputCharsPerSec: number;
}

/** CPU (all threads) and terminal output of a live drill over the next `ms`. */
async function sampleIdle(drill: PtyProcess, ms: number): Promise<IdleWindow> {
  const cpuBefore = cpuTimeMs(drill.pid);
  const charsBefore = drill.outputChars;
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const elapsed = performance.now() - startedAt;
  return { cpuPercent: ((cpuTimeMs(drill.pid) - cpuBefore) / elapsed) * 100, outputCharsPerSec: ((drill.outputChars - charsBefore) / elapsed) * 1000 };
}

/**
 * Two windows: just after start-up, while V8 still compiles the hottest functions (React's
 * reconciler among them) on its background threads, and once that has settled: the idle the
 * budget is about, a responder's cockpit left open.
 */
async function measureIdleDrill(dir: string): Promise<{ early: IdleWindow; settled: IdleWindow; rssMb: number }> {
  const drill = spawnDrill(join(dir, 'drill-data'));
  try {
    await drill.waitForScreen(cockpitPopulated, 'all three panels populated', 20_000);
    // Let start-up work (first polls, the first full frames) finish before sampling.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const early = await sampleIdle(drill, IDLE_MS);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
    const settled = await sampleIdle(drill, IDLE_MS);
    return { early, settled, rssMb: peakRssMb(drill.pid) };
  } finally {
    await drill.close();
  }
}

// Ink redraws the whole frame on every change, so its cost grows with the terminal's area.
const ALL_SIZES: readonly Size[] = [SIZE, { columns: 80, rows: 24 }];
const sizeName = (size: Size) => `${size.columns}x${size.rows}`;
const picked = process.argv.slice(2);
const unknown = picked.filter((name) => name !== 'idle' && !ALL_SIZES.some((size) => sizeName(size) === name));
if (unknown.length > 0) throw new Error(`keypress.bench: unknown ${unknown.join(', ')} (pick from ${[...ALL_SIZES.map(sizeName), 'idle'].join(', ')})`);
const sizes = picked.length === 0 ? ALL_SIZES : ALL_SIZES.filter((size) => picked.includes(sizeName(size)));
const measureIdle = picked.length === 0 || picked.includes('idle');

const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-keys-'));
try {
  const dataDir = join(dir, 'data');
  const incident = sizes.length > 0 ? await bigDrillIncident(dataDir, EVENTS) : '';
  const rows: string[][] = [];
  for (const size of sizes) {
    const keys = await measureKeys(dataDir, incident, size);
    const at = sizeName(size);
    for (const { what, ms: values } of keys.latencies) {
      const p95 = quantile(values, 0.95);
      rows.push([`${at} key → frame, ${what} ×${values.length}`, ms(quantile(values, 0.5)), ms(p95), ms(Math.max(...values)), `p95 <= ${BUDGET.p95Ms} ms`, verdict(p95, BUDGET.p95Ms)]);
    }
    rows.push([`${at} peak RSS (VmHWM), session + UI, after those keys`, `${keys.rssMb.toFixed(0)} MB`, '', '', `<= ${BUDGET.rssMb} MB`, verdict(keys.rssMb, BUDGET.rssMb)]);
  }
  const idle = measureIdle ? await measureIdleDrill(dir) : undefined;
  if (idle !== undefined) {
    const settledFrom = (2_000 + IDLE_MS + IDLE_SETTLE_MS) / 1000;
    rows.push([`CPU, drill --speed 1, the ${IDLE_MS / 1000} s after start-up`, `${idle.early.cpuPercent.toFixed(2)} %`, '', '', '—', '']);
    rows.push([`CPU idle, drill --speed 1, ${IDLE_MS / 1000} s from ${settledFrom} s on`, `${idle.settled.cpuPercent.toFixed(2)} %`, '', '', `< ${BUDGET.idleCpuPercent} % of a core`, verdict(idle.settled.cpuPercent, BUDGET.idleCpuPercent, true)]);
  }
  printTable(['measurement', 'p50', 'p95', 'max', 'budget', ''], rows);
  const idleNote =
    idle === undefined
      ? ''
      : `; the idle drill (${SIZE.columns}x${SIZE.rows}) wrote ${(idle.settled.outputCharsPerSec / 1000).toFixed(1)} k chars/s to the terminal, its peak RSS ${idle.rssMb.toFixed(0)} MB`;
  process.stdout.write(`(a resumed sandbox drill of ${EVENTS.toLocaleString('en')} timeline events, a real session behind the UI; ${BENCH_CLI}${idleNote}; Node ${process.version})\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
