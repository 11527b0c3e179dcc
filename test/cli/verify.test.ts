import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFixtureDataDir, FIXTURE_ID } from '../fixtures/timeline/copyFixture';
import { realisticEvents } from '../fixtures/timeline/realisticIncident';
import { cockpit } from '../support/cli';

let dataDir: string;
let eventsFile: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, eventsFile, cleanup } = await copyFixtureDataDir()));
afterEach(async () => cleanup());

const verify = (id = FIXTURE_ID) => cockpit(['verify', id], { env: { COCKPIT_DATA_DIR: dataDir } });

async function editLines(change: (lines: string[]) => string[]): Promise<void> {
  const lines = (await readFile(eventsFile, 'utf8')).split('\n').filter(Boolean);
  await writeFile(eventsFile, `${change(lines).join('\n')}\n`);
}

describe('cockpit verify', () => {
  it('exits 0 on an intact timeline and says how long it is', async () => {
    const run = await verify();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${FIXTURE_ID}: intact, ${realisticEvents.length + 1} events, last hash sha256:[0-9a-f]{64}$`));
  });

  it('exits 1 naming the seq of an edited byte', async () => {
    await editLines((lines) => lines.map((l, i) => (i === 9 ? l.replace('14 tickets', '15 tickets') : l)));
    const run = await verify();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('broken at seq 10: hash does not match the line (content was changed)');
  });

  it('exits 1 naming the seq of a deleted line', async () => {
    await editLines((lines) => lines.filter((_, i) => i !== 20));
    const run = await verify();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('broken at seq 21: found seq 22 where seq 21 belongs');
  });

  it('exits 1 naming the first seq of two swapped lines', async () => {
    await editLines((lines) => {
      const out = [...lines];
      [out[4], out[5]] = [out[5] as string, out[4] as string];
      return out;
    });
    const run = await verify();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('broken at seq 5: found seq 6 where seq 5 belongs');
  });

  it('reports a torn tail as such', async () => {
    await writeFile(eventsFile, `${await readFile(eventsFile, 'utf8')}{"v":1,"seq":47,"id`);
    const run = await verify();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('broken at seq 47: the last line has no newline');
    expect(run.stdout).toContain('opening the incident quarantines it');
  });

  it('exits 2 for an unknown incident', async () => {
    const run = await verify('inc-nope');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no incident inc-nope');
  });
});
