// Timeline benchmarks (reported, not asserted), every figure beside its floor measured in the same
// run, as a ratio:
// - reopen: the session open path (IncidentSession.open, as `cockpit open --incident` runs it, up
//   to its first view with the whole timeline in it), at 1k / 10k / 100k events of a realistic mix
//   and a dense one, and at 10k events with 20 / 200 / 2,000 deploys; floor: one minimal verifying
//   pass over the same log (read lines, SHA-256 each, JSON.parse each).
// - `cockpit verify` and `cockpit export --format md|json -o FILE` of 100k events, the built CLI
//   (dist/) under /usr/bin/time for wall time and peak RSS; floor: the same minimal verifier.
// - durable append p50/p99 against write + fdatasync of the same lines, through the same calls.
// Each measurement runs in its own process so its peak RSS is its own. BENCH_EVENTS scales the
// largest size down (e.g. 10000 for a quick look); BENCH_RUNS sets the runs per figure (default 3);
// BENCH_ONLY=reopen,commands,append (any of them) runs only those groups, e.g. BENCH_ONLY=commands
// for verify and the exports (their log is built either way).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentSession } from '../src/session/IncidentSession';
import { openIncident } from '../src/timeline/openIncident';
import { readLines } from '../src/timeline/logLines';
import { EVENTS_FILE, incidentDir } from '../src/timeline/paths';
import { writeSynced } from '../src/timeline/syncedWrite';
import { ManualClock } from '../src/plugins/clock';
import { CHECKOUT_RUNBOOK, loadCheckout, quietLog, START } from '../test/support/sessionHarness';
import { TestWorld } from '../test/support/testWorld';
import { planEvent, type LogPlan, type LogShape } from './fixtures/incidentLog';
import { median, printTable, quantile } from './pty';

const SELF = fileURLToPath(import.meta.url);
// BENCH_CLI: another build of the CLI to time the commands with (a copy of dist/launch.mjs from before a change).
const CLI = process.env.BENCH_CLI ?? fileURLToPath(new URL('../bin/cockpit.js', import.meta.url));
const MINIMAL_VERIFIER = fileURLToPath(new URL('./fixtures/minimalVerifier.mjs', import.meta.url));
const BIG = Number(process.env.BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'reopen,commands,append').split(','));
const APPENDS = 1_000;
const GOAL_REOPEN_S = 1.5;
const GOAL_REOPEN_MB = 200;
const GOAL_READ_RATIO = 1.5;
const GOAL_READ_MB = 150;

type Row = Record<string, number | string>;

async function steps(): Promise<string[]> {
  const runbook = await loadCheckout();
  return [...runbook.first_actions, ...runbook.recovery].map((s) => s.id);
}

// ---- phases (each in its own process) ------------------------------------------------------

async function phaseBuild(dataDir: string, shape: string, events: string, deploys: string): Promise<Row> {
  const plan: LogPlan = { shape: shape as LogShape, events: Number(events), deploys: Number(deploys) };
  const runbook = await loadCheckout();
  const stepIds = await steps();
  const opened = await openIncident({
    dataDir,
    responder: 'bench',
    now: () => new Date(START),
    create: {
      service: runbook.service,
      severity: runbook.severity,
      environment: 'production',
      mode: 'incident',
      drill: false,
      runbook: CHECKOUT_RUNBOOK,
      steps: [...runbook.first_actions.map((s) => ({ id: s.id, title: s.title, phase: 'first_actions' as const })), ...runbook.recovery.map((s) => ({ id: s.id, title: s.title, phase: 'recovery' as const }))],
    },
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const { store } = opened.value;
  for (let i = 1; i < plan.events; i += 1_000) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(plan.events, i + 1_000); j += 1) batch.push(store.append(planEvent(plan, j, START, stepIds)));
    await Promise.all(batch);
  }
  await store.close();
  return { id: store.incidentId };
}

/** The floor: every line read, hashed and parsed once, nothing else. */
async function phaseFloor(dataDir: string, id: string): Promise<Row> {
  const started = performance.now();
  let count = 0;
  for await (const line of readLines(join(incidentDir(dataDir, id), EVENTS_FILE))) {
    const cut = line.text.lastIndexOf(',"hash":');
    createHash('sha256').update(`${line.text.slice(0, cut)}}`).digest('hex');
    JSON.parse(line.text);
    count += 1;
  }
  return { ms: performance.now() - started, count };
}

async function phaseReopen(dataDir: string, id: string, events: string): Promise<Row> {
  const runbook = await loadCheckout();
  const clock = new ManualClock(START + Number(events) * 3_000);
  const started = performance.now();
  const opened = await IncidentSession.open({
    runbook,
    runbookPath: CHECKOUT_RUNBOOK,
    plugins: new TestWorld().plugins(),
    secrets: [],
    environment: 'production',
    defaultEnvironment: true,
    mode: 'incident',
    dataDir,
    incidentId: id,
    responder: 'bench',
    clock,
    log: quietLog,
    random: () => 1,
  });
  if (!opened.ok) throw new Error(opened.message);
  const view = opened.session.view();
  const ms = performance.now() - started;
  if (view.timeline.length < Number(events)) throw new Error(`the first view shows ${view.timeline.length} of ${events} events`);
  await opened.session.close();
  return { ms };
}

async function phaseAppend(dataDir: string): Promise<Row> {
  const opened = await openIncident({ dataDir, responder: 'bench', create: { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', drill: false, steps: [] } });
  if (!opened.ok) throw new Error(opened.error.message);
  const { store } = opened.value;
  const latencies: number[] = [];
  // The floor: the same bytes (each line the store just wrote) through the same calls the store
  // makes (writeSynced: write at the end, fdatasync), to a file opened with the same flags as a
  // new incident's log ('wx') in the same directory. In blocks taking turns with the appends so
  // both see the same disk (a shared machine's load comes and goes); blocks, not single turns, so
  // the store's index write after an append is not charged to the floor.
  const floor: number[] = [];
  const handle = await open(join(dataDir, 'floor.jsonl'), 'wx');
  let floorSize = 0;
  const BLOCK = 50;
  for (let block = 0; block < APPENDS / BLOCK; block += 1) {
    const lines: Buffer[] = [];
    for (let i = 0; i < BLOCK; i += 1) {
      const started = performance.now();
      const stored = await store.append({ kind: 'note', data: { text: `note ${block * BLOCK + i}: checkout p95 back under 300 ms` } });
      latencies.push(performance.now() - started);
      // The event stringified in its own key order is its line, byte for byte.
      lines.push(Buffer.from(`${JSON.stringify(stored)}\n`));
    }
    await store.syncIndex();
    for (const line of lines) {
      const started = performance.now();
      await writeSynced(handle, line, floorSize);
      floor.push(performance.now() - started);
      floorSize += line.length;
    }
  }
  await handle.close();
  await store.close();
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), floorP50: quantile(floor, 0.5), floorP99: quantile(floor, 0.99) };
}

const PHASES: Record<string, (...args: string[]) => Promise<Row>> = { build: phaseBuild, floor: phaseFloor, reopen: phaseReopen, append: phaseAppend };

function runPhase(phase: string, ...args: string[]): Row & { rssMb: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', SELF, phase, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`${phase} failed (exit ${child.status ?? child.signal}): ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as Row & { rssMb: number };
}

/** A Node program under /usr/bin/time (the built CLI, or the minimal verifier): wall ms and peak RSS. */
function runTimed(dataDir: string, args: readonly string[]): { ms: number; rssMb: number } {
  const child = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, COCKPIT_DATA_DIR: dataDir } });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  const [seconds, kb] = (child.stderr.trim().split('\n').at(-1) as string).split(' ').map(Number);
  return { ms: (seconds as number) * 1000, rssMb: (kb as number) / 1024 };
}

// ---- main ------------------------------------------------------------------------------------

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}×`;
const m = (rows: readonly Row[], key: string) => median(rows.map((r) => r[key] as number));
const runs = <T,>(measure: () => T): T[] => Array.from({ length: RUNS }, measure);

const [phase, ...args] = process.argv.slice(2);
if (phase !== undefined) {
  const result = await (PHASES[phase] as (...a: string[]) => Promise<Row>)(...args);
  process.stdout.write(`${JSON.stringify({ ...result, rssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-'));
  try {
    const rows: string[][] = [];
    const logs: { name: string; plan: LogPlan; goal?: boolean }[] = [
      ...[1_000, 10_000, BIG].map((events) => ({ name: `reopen ${events.toLocaleString('en')} realistic`, plan: { shape: 'realistic' as const, events, deploys: 20 }, goal: events === BIG })),
      { name: `reopen ${BIG.toLocaleString('en')} dense`, plan: { shape: 'dense', events: BIG, deploys: 20 } },
      ...[20, 200, 2_000].map((deploys) => ({ name: `reopen 10,000 with ${deploys.toLocaleString('en')} deploys`, plan: { shape: 'realistic' as const, events: 10_000, deploys } })),
    ];
    let bigId = '';
    for (const log of logs) {
      if (!ONLY.has('reopen') && !(log.goal && ONLY.has('commands'))) continue;
      const dataDir = join(dir, `${log.plan.shape}-${log.plan.events}-${log.plan.deploys}`);
      const id = runPhase('build', dataDir, log.plan.shape, String(log.plan.events), String(log.plan.deploys)).id as string;
      if (log.goal) bigId = id;
      if (!ONLY.has('reopen')) continue;
      const floors = runs(() => runPhase('floor', dataDir, id));
      const opens = runs(() => runPhase('reopen', dataDir, id, String(log.plan.events)));
      const [ms, floor, rss] = [m(opens, 'ms'), m(floors, 'ms'), m(opens, 'rssMb')];
      const goal = log.goal ? `≤ ${GOAL_REOPEN_S} s, ≤ ${GOAL_REOPEN_MB} MB: ${ms <= GOAL_REOPEN_S * 1000 && rss <= GOAL_REOPEN_MB ? 'PASS' : 'OVER'}` : '';
      rows.push([log.name, seconds(ms), seconds(floor), ratio(ms, floor), `${rss.toFixed(0)} MB`, goal]);
    }
    const bigDir = join(dir, `realistic-${BIG}-20`);
    // The commands' floor is a process too: Node's start is in both.
    const bigFloor = ONLY.has('commands') ? m(runs(() => runTimed(bigDir, [MINIMAL_VERIFIER, join(incidentDir(bigDir, bigId), EVENTS_FILE)])), 'ms') : 0;
    const commands: [string, string[]][] = [
      ['cockpit verify', ['verify', bigId]],
      ['cockpit export --format md', ['export', bigId, '--format', 'md', '-o', join(dir, 'out.md')]],
      ['cockpit export --format json', ['export', bigId, '--format', 'json', '-o', join(dir, 'out.json')]],
    ];
    for (const [name, cliArgs] of ONLY.has('commands') ? commands : []) {
      const measured = runs(() => runTimed(bigDir, [CLI, ...cliArgs]));
      const [ms, rss] = [m(measured, 'ms'), m(measured, 'rssMb')];
      const pass = ms <= GOAL_READ_RATIO * bigFloor && rss <= GOAL_READ_MB ? 'PASS' : 'OVER';
      rows.push([`${name}, ${BIG.toLocaleString('en')}`, seconds(ms), seconds(bigFloor), ratio(ms, bigFloor), `${rss.toFixed(0)} MB`, `≤ ${GOAL_READ_RATIO}×, ≤ ${GOAL_READ_MB} MB: ${pass}`]);
    }
    if (ONLY.has('append')) {
      const appends = runs(() => runPhase('append', join(dir, `append-${Math.random()}`)));
      const [p50, p99, f50, f99] = [m(appends, 'p50'), m(appends, 'p99'), m(appends, 'floorP50'), m(appends, 'floorP99')];
      rows.push(['durable append p50', `${p50.toFixed(3)} ms`, `${f50.toFixed(3)} ms`, ratio(p50, f50), `${m(appends, 'rssMb').toFixed(0)} MB`, `≤ 1.5×: ${p50 <= 1.5 * f50 ? 'PASS' : 'OVER'}`]);
      rows.push(['durable append p99', `${p99.toFixed(3)} ms`, `${f99.toFixed(3)} ms`, ratio(p99, f99), '', `≤ 2×: ${p99 <= 2 * f99 ? 'PASS' : 'OVER'}`]);
    }
    printTable(['measurement', `median of ${RUNS}`, 'floor (same run)', 'ratio', 'peak RSS', 'goal'], rows);
    process.stdout.write(
      `(floor of reopen: one minimal verifying pass over the same log, in process; of verify and export: that pass as a Node process of its own (bench/fixtures/minimalVerifier.mjs); of appends: write + fdatasync of the same lines through the store's own calls, ${APPENDS} each; reopen = IncidentSession.open to its first view; Node ${process.version})\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
