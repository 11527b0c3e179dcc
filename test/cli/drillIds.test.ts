import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/core/drillTypes';
import { incidentId } from '../../src/core/incidentId';
import { createIncidentDir } from '../../src/timeline/openIncident';
import { cockpit } from '../support/cli';
import { runbookWithoutMitigations } from '../support/quickDrill';

/** Issue #15, "Drills do not collide". */

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cockpit-drill-ids-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// bad-deploy's virtual start: every drill of it used to be stamped with this minute.
const SCENARIO_START = '2026-11-22T02:30:00.000Z';

describe('incident ids of many drills', () => {
  it('the 101st incident of one service in one minute gets a fresh id instead of a crash', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cockpit-ids-'));
    try {
      const ids: string[] = [];
      for (let i = 0; i < 120; i += 1) ids.push((await createIncidentDir(dir, 'checkout-api', SCENARIO_START)).id);
      expect(new Set(ids).size).toBe(120);
      expect(ids.slice(0, 3)).toEqual(['inc-20261122-0230-checkout-api', 'inc-20261122-0230-checkout-api-2', 'inc-20261122-0230-checkout-api-3']);
      expect(ids[99]).toBe('inc-20261122-0230-checkout-api-100');
      for (const id of ids.slice(100)) expect(id).toMatch(/^inc-20261122-0230-checkout-api-[0-9a-f]{6}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a CLI drill in a data dir that holds 100 drills of its scenario\'s minute runs; drills are stamped with when they really ran', async () => {
    await mkdir(join(dataDir, 'incidents'), { recursive: true });
    for (let attempt = 1; attempt <= 100; attempt += 1) await mkdir(join(dataDir, 'incidents', incidentId(SCENARIO_START, 'checkout-api', attempt)));
    const env = { COCKPIT_DATA_DIR: dataDir };
    // Drills that start as every drill does and end at once, not recovered (exit 1): their ids are what is checked.
    const runbook = await runbookWithoutMitigations(dataDir);
    const first = await cockpit(['drill', runbook, '--scenario', 'bad-deploy', '--autopilot', '--json'], { env });
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(1);
    const second = await cockpit(['drill', runbook, '--scenario', 'bad-deploy', '--autopilot', '--json'], { env });
    expect(second.exitCode).toBe(1);
    const ids = [first, second].map((run) => (JSON.parse(run.stdout) as DrillReport).incident);
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) expect(id).not.toMatch(/^inc-20261122-0230-/);
    expect((await readdir(join(dataDir, 'incidents'))).filter((name) => ids.includes(name))).toHaveLength(2);

    // Drills are marked: hidden from `cockpit incidents` unless --drills.
    const listed = await cockpit(['incidents', '--json'], { env });
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const withDrills = JSON.parse((await cockpit(['incidents', '--json', '--drills'], { env })).stdout) as { id: string; drill: boolean }[];
    expect(withDrills.filter((s) => ids.includes(s.id)).map((s) => s.drill)).toEqual([true, true]);
  }, 120_000);
});
