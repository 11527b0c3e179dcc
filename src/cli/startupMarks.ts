import { appendFileSync } from 'node:fs';
import { launcherHooks } from '../launcher/hooks';

/**
 * Timing marks of a start-up (issue #17), for benchmarks and profiling: with
 * COCKPIT_STARTUP_MARKS=FILE, each mark's `performance.now()` (milliseconds since the process
 * started) is appended to FILE as one JSON line at exit, followed by `cpu`: the process's CPU
 * time (user + system, milliseconds) at each mark, and `faults`: its minor page faults (memory
 * touched for the first time) at each mark. On a shared machine the wall times follow the load;
 * the CPU times say what the start-up itself costs, and where a fault is dear (~10 µs each
 * measured in the VMs these machines are) the faults say how much of that is fresh memory.
 * Without it, marking costs nothing.
 */
const file = process.env.COCKPIT_STARTUP_MARKS;
const marks: Record<string, number> = {};
const cpu: Record<string, number> = {};
const faults: Record<string, number> = {};
const on = file !== undefined && file !== '';

const tenths = (ms: number) => Math.round(ms * 10) / 10;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return tenths((user + system) / 1000);
};

if (on) {
  // Before the bundle was read: the launcher's replay of a former start's first frame.
  const replayed = launcherHooks()?.firstFrame?.replayedAt;
  if (replayed !== undefined) {
    marks['frame replayed'] = tenths(replayed.wallMs);
    cpu['frame replayed'] = tenths(replayed.cpuMs);
  }
  startupMark('bundle evaluating');
  process.once('exit', () => {
    try {
      appendFileSync(file!, `${JSON.stringify({ ...marks, cpu, faults })}\n`);
    } catch {
      // A mark file that cannot be written must not change how the cockpit exits.
    }
  });
}

/** Records the first time `name` happened. */
export function startupMark(name: string): void {
  if (!on || marks[name] !== undefined) return;
  marks[name] = tenths(performance.now());
  cpu[name] = cpuMs();
  faults[name] = process.resourceUsage().minorPageFault;
}

/** Marks `name` the first time a published value satisfies `reached` (only when marks are on). */
export function markOnce<T>(subscribe: (listener: (value: T) => void) => () => void, reached: (value: T) => boolean, name: string): void {
  if (!on) return;
  const unsubscribe = subscribe((value) => {
    if (!reached(value)) return;
    startupMark(name);
    unsubscribe();
  });
}
