// Timeline benchmarks (reported, not asserted): durable append latency with fsync, open + fold
// + verify of a 100,000-event incident, its export to Markdown, and the peak RSS of each.
// Each measurement runs in its own child process so peak RSS belongs to that phase alone.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NewEvent } from '../src/core/events';
import { exportIncident } from '../src/timeline/exportIncident';
import { openIncident, type CreateIncident } from '../src/timeline/openIncident';

const SELF = fileURLToPath(import.meta.url);
const BIG = Number(process.env.BENCH_EVENTS ?? 100_000);
const APPENDS = 1_000;
const RUNS = 5;

const CREATE: CreateIncident = {
  service: 'checkout-api',
  severity: 'SEV2',
  environment: 'production',
  mode: 'incident',
  drill: false,
  steps: Array.from({ length: 6 }, (_, i) => ({ id: `step-${i}`, title: `Step ${i}`, phase: 'first_actions' as const })),
};

/** A plausible mix: output streaming dominates long incidents, then SLO samples and observations. */
function eventNumber(i: number, startMs: number): NewEvent {
  const at = new Date(startMs + i * 50).toISOString();
  const action = `act-${Math.floor(i / 1000)}`;
  switch (i % 1000 === 0 ? 'plan' : i % 10) {
    case 'plan':
      return { kind: 'action.planned', at, data: { action, name: 'command.run', summary: `run batch ${i}`, calls: [{ kind: 'argv', argv: ['./scripts/db-health.sh', '--service', 'checkout-api'] }] } };
    case 0:
    case 1:
    case 2:
    case 3:
      return { kind: 'action.output', at, data: { action, stream: 'stdout', chunk: `2026-11-22T02:31:07Z tasks ${i % 6}/6 running, rollout IN_PROGRESS, request id ${i}\n` } };
    case 4:
    case 5:
      return { kind: 'slo.observed', at, data: { slo: 'availability', objective: 99.5, periodMs: 2_592_000_000, windowMs: 300_000, errorRatio: (i % 97) / 1000 } };
    case 6:
      return { kind: 'deploy.observed', at, data: { id: `deploy-${i % 5}`, revision: `checkout-api:${40 + (i % 5)}`, status: 'successful', startedAt: new Date(startMs - 600_000).toISOString() } };
    case 7:
      return { kind: 'note', at, data: { text: `observation ${i}: p95 latency 840ms on /checkout, 5xx at 3.1%` } };
    case 8:
      return { kind: 'flag.changed', at, data: { key: `flag_${i % 7}`, from: 'on', to: 'off', by: 'alice' } };
    default:
      return { kind: 'step.started', at, data: { step: `step-${i % 6}` } };
  }
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const median = (values: readonly number[]) => quantile([...values].sort((a, b) => a - b), 0.5);

async function mustOpen(options: Parameters<typeof openIncident>[0]) {
  const opened = await openIncident(options);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

// ---- phases (each in its own process) ------------------------------------------------------

async function phaseAppend(dataDir: string): Promise<Record<string, number>> {
  const { store } = await mustOpen({ dataDir, responder: 'bench', create: CREATE });
  const latencies: number[] = [];
  for (let i = 0; i < APPENDS; i += 1) {
    const started = performance.now();
    await store.append({ kind: 'note', data: { text: `note ${i}` } });
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  // Group commit: 32 responders' worth of appends in flight at once.
  const burstStart = performance.now();
  await Promise.all(Array.from({ length: 2_000 }, (_, i) => store.append({ kind: 'note', data: { text: `burst ${i}` } })));
  const burstMs = performance.now() - burstStart;
  await store.close();
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), burstPerSec: 2_000 / (burstMs / 1000) };
}

async function phaseBuild(dataDir: string): Promise<Record<string, number>> {
  const { store } = await mustOpen({ dataDir, responder: 'bench', create: CREATE, now: () => new Date('2026-11-22T02:31:07.000Z') });
  const start = Date.parse('2026-11-22T02:31:08.000Z');
  const started = performance.now();
  for (let i = 1; i < BIG; i += 1_000) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(BIG, i + 1_000); j += 1) batch.push(store.append(eventNumber(j, start)));
    await Promise.all(batch);
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ id: store.incidentId })}\n`);
  return { ms: performance.now() - started };
}

async function phaseOpen(dataDir: string, id: string): Promise<Record<string, number>> {
  const started = performance.now();
  const { store } = await mustOpen({ dataDir, id, responder: 'bench' });
  const ms = performance.now() - started;
  if (store.state().lastSeq < BIG) throw new Error(`folded only ${store.state().lastSeq} events`);
  await store.close();
  return { ms };
}

async function phaseExport(dataDir: string, id: string): Promise<Record<string, number>> {
  const started = performance.now();
  const result = await exportIncident({ dataDir, id, format: 'md' });
  if (!result.ok) throw new Error(result.error.message);
  return { ms: performance.now() - started, bytes: result.value.text.length };
}

const PHASES = { append: phaseAppend, build: phaseBuild, open: phaseOpen, export: phaseExport } as const;
type Phase = keyof typeof PHASES;

function runPhase(phase: Phase, ...args: string[]): Record<string, number> & { rssMb: number; id?: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', SELF, phase, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`${phase} failed: ${child.stderr}`);
  const lines = child.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return Object.assign({}, ...lines) as Record<string, number> & { rssMb: number; id?: string };
}

// ---- main ------------------------------------------------------------------------------------

const [phase, ...args] = process.argv.slice(2);
if (phase !== undefined) {
  const result = await PHASES[phase as Phase](...(args as [string, string]));
  process.stdout.write(`${JSON.stringify({ ...result, rssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'cockpit-bench-'));
  try {
    const appends = Array.from({ length: RUNS }, () => runPhase('append', join(dir, `append-${Math.random()}`)));
    const built = runPhase('build', join(dir, 'big'));
    const opens = Array.from({ length: RUNS }, () => runPhase('open', join(dir, 'big'), built.id as string));
    const exports = Array.from({ length: RUNS }, () => runPhase('export', join(dir, 'big'), built.id as string));
    const m = (rows: Record<string, number>[], key: string) => median(rows.map((r) => r[key] as number));
    const rows: [string, string, string, string][] = [
      ['durable append p50 (fsync on)', `${m(appends, 'p50').toFixed(2)} ms`, `${m(appends, 'rssMb').toFixed(0)} MB`, '—'],
      ['durable append p99 (fsync on)', `${m(appends, 'p99').toFixed(2)} ms`, '', '<= 10 ms'],
      ['group commit, 2,000 in flight', `${m(appends, 'burstPerSec').toFixed(0)} events/s`, '', '—'],
      [`write ${BIG.toLocaleString('en')}-event incident (once)`, `${((built.ms as number) / 1000).toFixed(2)} s`, `${built.rssMb.toFixed(0)} MB`, '—'],
      [`open + fold + verify ${BIG.toLocaleString('en')}`, `${(m(opens, 'ms') / 1000).toFixed(2)} s`, `${m(opens, 'rssMb').toFixed(0)} MB`, '<= 1.5 s'],
      [`export ${BIG.toLocaleString('en')} to Markdown`, `${(m(exports, 'ms') / 1000).toFixed(2)} s`, `${m(exports, 'rssMb').toFixed(0)} MB`, '<= 2 s'],
    ];
    const header = ['measurement', `median of ${RUNS}`, 'peak RSS', 'budget'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
    process.stdout.write(`(RSS budget 200 MB per phase; Markdown size ${(m(exports, 'bytes') / 1e6).toFixed(1)} MB; Node ${process.version})\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
