import { appendFileSync } from 'node:fs';

/**
 * Timing marks of a start-up (issue #17), for benchmarks and profiling: with
 * COCKPIT_STARTUP_MARKS=FILE, each mark's `performance.now()` (milliseconds since the process
 * started) is appended to FILE as one JSON line at exit. Without it, marking costs nothing.
 */
const file = process.env.COCKPIT_STARTUP_MARKS;
const marks: Record<string, number> = {};
const on = file !== undefined && file !== '';

if (on) {
  marks['bundle evaluating'] = performance.now();
  process.once('exit', () => {
    try {
      appendFileSync(file!, `${JSON.stringify(marks)}\n`);
    } catch {
      // A mark file that cannot be written must not change how the cockpit exits.
    }
  });
}

/** Records the first time `name` happened. */
export function startupMark(name: string): void {
  if (on && marks[name] === undefined) marks[name] = Math.round(performance.now() * 10) / 10;
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
