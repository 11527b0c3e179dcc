import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFixtureDataDir, FIXTURE_ID } from '../fixtures/timeline/copyFixture';
import { realisticEvents } from '../fixtures/timeline/realisticIncident';
import { sealEvent } from '../../src/core/hashChain';
import { GENESIS_HASH } from '../../src/core/events';
import { cockpit } from '../support/cli';

let dataDir: string;
let eventsFile: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, eventsFile, cleanup } = await copyFixtureDataDir()));
afterEach(async () => cleanup());

const verify = (id = FIXTURE_ID, ...args: string[]) => cockpit(['verify', id, ...args], { env: { COCKPIT_DATA_DIR: dataDir } });
const indexFile = () => eventsFile.replace(/events\.jsonl$/, 'incident.json');

async function head(): Promise<string> {
  const lines = (await readFile(eventsFile, 'utf8')).trimEnd().split('\n');
  return (JSON.parse(lines.at(-1) as string) as { hash: string }).hash;
}

async function editLines(change: (lines: string[]) => string[]): Promise<void> {
  const lines = (await readFile(eventsFile, 'utf8')).split('\n').filter(Boolean);
  await writeFile(eventsFile, `${change(lines).join('\n')}\n`);
}

describe('cockpit verify', () => {
  it('exits 0 on an intact timeline and says how long it is', async () => {
    const run = await verify();
    expect(run.exitCode).toBe(0);
    const [first, anchor] = run.stdout.trimEnd().split('\n');
    expect(first).toMatch(new RegExp(`^${FIXTURE_ID}: intact, ${realisticEvents.length + 1} events, last hash sha256:[0-9a-f]{64}$`));
    expect(anchor).toBe(`anchor: the log matches the anchor in incident.json (${realisticEvents.length + 1} events, head ${first?.split(' ').pop()})`);
  });

  // A play-test: a log copied with Windows line ends read as broken at seq 1, and its incident vanished from `incidents`.
  it('reads a log with CR LF line ends as the events it holds', async () => {
    const intact = await verify();
    await writeFile(eventsFile, (await readFile(eventsFile, 'utf8')).replaceAll('\n', '\r\n'));
    const run = await verify();
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(intact.stdout);
    const exported = await cockpit(['export', FIXTURE_ID], { env: { COCKPIT_DATA_DIR: dataDir } });
    expect(exported.exitCode).toBe(0);
  });

  it('exits 1 naming the seq of an edited byte', async () => {
    await editLines((lines) => lines.map((l, i) => (i === 9 ? l.replace('14 tickets', '15 tickets') : l)));
    const run = await verify();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('broken at seq 10: hash does not match the line (content was changed)');
    // Every line is still there: the anchor line says the events from the break on do not verify, not that the log lost its end.
    expect(run.stdout).toMatch(/\nanchor: incident\.json says \d+ events \(head sha256:[0-9a-f]{64}\); the \d+ from seq 10 on do not verify \(above\)$/m);
    expect(run.stdout).not.toContain('lost events at its end');
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

  // A hostile play-test: the last line, counted by the anchor, cut to 100 bytes read "a torn write".
  it('calls a damaged last line the anchor counted damage, not a torn write', async () => {
    await editLines((lines) => [...lines.slice(0, -1), lines.at(-1)!.slice(0, 100)]);
    const run = await verify();
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('(the last line, which the anchor counted: damage, not an interrupted write; opening the incident sets it aside, noted)');
    expect(run.stdout).not.toContain('torn write');
  });

  it('exits 2 for an unknown incident', async () => {
    const run = await verify('inc-nope');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no incident inc-nope');
  });

  describe('against the anchor', () => {
    it('catches the last lines removed, which the chain alone cannot', async () => {
      await editLines((lines) => lines.slice(0, -2));
      const run = await verify();
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain(`${FIXTURE_ID}: NOT intact`);
      expect(run.stdout).toContain('is 2 event(s) shorter than the anchor in incident.json says');
    });

    it('never calls an empty log intact', async () => {
      await writeFile(eventsFile, '');
      const run = await verify();
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain('the log holds no event');
      expect(run.stdout).not.toMatch(/: intact/);
    });

    it('catches a whole chain rewritten consistently', async () => {
      const events = (await readFile(eventsFile, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      let prev = GENESIS_HASH;
      const forged = events.map((event) => {
        const { hash: _old, ...rest } = event;
        const data = JSON.parse(JSON.stringify(rest.data).replace('14 tickets', '0 tickets')) as unknown;
        const sealed = sealEvent({ ...rest, data, prev } as Parameters<typeof sealEvent>[0]);
        prev = sealed.hash;
        return sealed.line;
      });
      await writeFile(eventsFile, `${forged.join('\n')}\n`);
      const run = await verify();
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(/chain verifies/);
      expect(run.stdout).toContain(`seq ${events.length} should have hash`);
      expect(run.stdout).toContain('the log was rewritten');
    });

    it('accepts a log that runs ahead of a lagging anchor (a stop between the log and its anchor), and says so', async () => {
      const index = JSON.parse(await readFile(indexFile(), 'utf8')) as { anchor: { events: number; head: string } };
      const lines = (await readFile(eventsFile, 'utf8')).trimEnd().split('\n');
      const before = JSON.parse(lines.at(-2) as string) as { seq: number; hash: string };
      await writeFile(indexFile(), JSON.stringify({ ...index, anchor: { events: before.seq, head: before.hash } }));
      const run = await verify();
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('the 1 event(s) after it were written after the anchor was last updated');
    });

    it('without an anchor, is not intact unless a head kept elsewhere is given', async () => {
      const { anchor: _anchor, ...index } = JSON.parse(await readFile(indexFile(), 'utf8')) as Record<string, unknown>;
      await writeFile(indexFile(), JSON.stringify(index));
      expect((await verify()).exitCode).toBe(1);
      const withHead = await verify(FIXTURE_ID, '--expect-head', await head());
      expect(withHead.exitCode).toBe(0);
      expect(withHead.stdout).toContain('(the head)');
    });

    it('--expect-head: a head recorded earlier is found in a longer log; one the log does not hold fails', async () => {
      const lines = (await readFile(eventsFile, 'utf8')).trimEnd().split('\n');
      const earlier = JSON.parse(lines.at(-3) as string) as { seq: number; hash: string };
      const found = await verify(FIXTURE_ID, '--expect-head', earlier.hash);
      expect(found.exitCode).toBe(0);
      expect(found.stdout).toContain(`found at seq ${earlier.seq}, 2 event(s) after it`);
      const missing = await verify(FIXTURE_ID, '--expect-head', `sha256:${'ab'.repeat(32)}`);
      expect(missing.exitCode).toBe(1);
      expect(missing.stdout).toContain('no event in the log has it');
      const malformed = await verify(FIXTURE_ID, '--expect-head', 'abc');
      expect(malformed.exitCode).toBe(2);
      expect(malformed.stderr).toContain('--expect-head takes sha256:');
    });

    it('--json says intact or not, with the anchor comparison', async () => {
      const run = await verify(FIXTURE_ID, '--json');
      expect(run.exitCode).toBe(0);
      const parsed = JSON.parse(run.stdout) as { intact: boolean; events: number; anchor: { check: { status: string } } };
      expect(parsed).toMatchObject({ intact: true, events: realisticEvents.length + 1, anchor: { check: { status: 'match' } } });
    });
  });
});
