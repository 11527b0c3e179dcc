// COCKPIT_STARTUP_MARKS=FILE (src/cli/startupMarks.ts): the built CLI appends its start-up's
// timing marks to FILE as one JSON line at exit, in the order the start-up reached them, with the
// page faults at each; without it, nothing is written.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from '../support/cli';
import { runbookWithoutMitigations } from '../support/quickDrill';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-startup-marks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A drill that starts as every drill does and ends at once, not recovered (exit 1): the marks are
// what is checked, not the drill.
const drill = async () => ['drill', await runbookWithoutMitigations(dir), '--scenario', 'bad-deploy', '--autopilot'];
const NOT_RECOVERED = 1;

describe('start-up timing marks (built CLI)', () => {
  it('a drill appends its marks, in the order it reached them, one line per run', async () => {
    const file = join(dir, 'marks.jsonl');
    for (let run = 0; run < 2; run += 1) expect((await cockpit(await drill(), { env: { COCKPIT_DATA_DIR: join(dir, 'data'), COCKPIT_STARTUP_MARKS: file } })).exitCode).toBe(NOT_RECOVERED);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const marks = JSON.parse(line) as Record<string, number>;
      const order = ['bundle evaluating', 'bundle evaluated', 'drill action', 'runbook loaded', 'scenario resolved', 'sandbox listening', 'session open', 'drill started'];
      expect(Object.keys(marks).slice(0, order.length)).toEqual(order);
      const times = order.map((name) => marks[name]!);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times[0]).toBeGreaterThan(0);
      // Beside each mark, the process's minor page faults then: a count that only grows.
      const faults = order.map((name) => (marks.faults as unknown as Record<string, number>)[name]!);
      expect(faults.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
      expect(faults).toEqual([...faults].sort((a, b) => a - b));
    }
  }, 120_000);

  it('writes nothing without it', async () => {
    const quiet = join(dir, 'quiet');
    expect((await cockpit(await drill(), { env: { COCKPIT_DATA_DIR: join(quiet, 'data') } })).exitCode).toBe(NOT_RECOVERED);
    expect((await readdir(quiet)).sort()).toEqual(['data']);
  }, 120_000);
});
