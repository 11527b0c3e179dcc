import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFixtureDataDir, FIXTURE_ID } from '../fixtures/timeline/copyFixture';
import { openIncident } from '../../src/timeline/openIncident';
import { cockpit } from '../support/cli';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await copyFixtureDataDir()));
afterEach(async () => cleanup());

const run = (...args: string[]) => cockpit(['incidents', ...args], { env: { COCKPIT_DATA_DIR: dataDir } });

/** A sandbox drill run on 2026-12-01 at 10:05, whose timeline keeps its scenario's clock (days earlier, before the fixture's incident). */
async function openDrill(): Promise<string> {
  const opened = await openIncident({
    dataDir,
    responder: 'bob',
    now: () => new Date('2026-11-20T09:00:00.000Z'),
    idNow: () => new Date('2026-12-01T10:05:00.000Z'),
    create: { service: 'search', severity: 'SEV3', environment: 'staging', mode: 'drill-sandbox', drill: true, steps: [] },
  });
  if (!opened.ok) throw new Error(opened.error.message);
  await opened.value.store.close();
  return opened.value.store.incidentId;
}

describe('cockpit incidents', () => {
  // A stored incident's title set the terminal's title and wrote the clipboard of whoever listed it.
  it('prints what a store holds as plain text: no terminal control reaches the terminal', async () => {
    const opened = await openIncident({
      dataDir,
      responder: 'mallory',
      now: () => new Date('2026-12-01T09:00:00.000Z'),
      create: { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', drill: false, steps: [], title: 'Slow \u001b]0;PWNED\u0007checkout\u001b]52;c;aGk=\u0007 again\u001b[2J' },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    await opened.value.store.close();
    const result = await run();
    expect(result.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(result.stdout).toContain('Slow checkout again');
  });

  it('hides drills unless --drills, and says how many it hid', async () => {
    const drillId = await openDrill();
    const result = await run();
    expect(result.exitCode).toBe(0);
    const [header, first, hint, ...rest] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+SERVICE/);
    expect(first).toMatch(new RegExp(`^${FIXTURE_ID}\\s`));
    expect(hint).toBe('1 drill hidden; --drills shows them.');
    expect(rest).toEqual([]);
    expect(result.stdout).not.toContain(drillId);
    expect((JSON.parse((await run('--json')).stdout) as { id: string }[]).map((s) => s.id)).toEqual([FIXTURE_ID]);
    expect((JSON.parse((await run('--json', '--drills')).stdout) as { id: string }[]).map((s) => s.id)).toEqual([drillId, FIXTURE_ID]);
  });

  it('lists incidents newest first as a table on a pipe (--drills: drills too, marked; a sandbox drill by when it ran)', async () => {
    const drillId = await openDrill();
    expect(drillId).toMatch(/^inc-20261201-1005-search/);
    const result = await run('--drills');
    expect(result.exitCode).toBe(0);
    const [header, first, second, note, ...rest] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+SERVICE\s+SEV\s+OPENED \(UTC\)\s+STATE\s+DRILL\s+TITLE$/);
    // Run after the fixture's incident, though its timeline's clock says days before it.
    expect(first).toMatch(new RegExp(`^${drillId}\\s+search\\s+SEV3\\s+2026-12-01 10:05Z\\s+open\\s+sandbox$`));
    expect(second).toMatch(new RegExp(`^${FIXTURE_ID}\\s+checkout-api\\s+SEV1\\s+2026-11-22 02:31Z\\s+resolved\\s+Checkout 5xx after v42$`));
    expect(note).toBe("Sandbox drills: OPENED is when the drill ran; their timelines keep the scenario's clock.");
    expect(rest).toEqual([]);
    // JSON keeps what the timeline recorded.
    expect((JSON.parse((await run('--json', '--drills')).stdout) as { id: string; openedAt: string }[]).find((s) => s.id === drillId)?.openedAt).toBe('2026-11-20T09:00:00.000Z');
  });

  it('--json gives the summaries', async () => {
    const result = await run('--json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ id: FIXTURE_ID, service: 'checkout-api', status: 'resolved', drill: false, severity: 'SEV1', openedAt: '2026-11-22T02:31:07.000Z' }),
    ]);
  });

  it('rebuilds a summary from the log when incident.json is missing', async () => {
    await rm(join(dataDir, 'incidents', FIXTURE_ID, 'incident.json'));
    const result = await run('--json');
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ id: FIXTURE_ID, status: 'resolved' });
  });

  // A log edited by hand (an error ratio lowered) was listed `resolved` from its index, where `verify` called it broken.
  it('checks a log written after its index, and says when it does not verify', async () => {
    const log = join(dataDir, 'incidents', FIXTURE_ID, 'events.jsonl');
    const index = join(dataDir, 'incidents', FIXTURE_ID, 'incident.json');
    const intact = await readFile(log, 'utf8');
    await utimes(index, new Date('2026-11-22T04:00:00Z'), new Date('2026-11-22T04:00:00Z'));
    await utimes(log, new Date('2026-11-22T03:00:00Z'), new Date('2026-11-22T03:00:00Z'));
    expect((await run()).stdout).not.toContain('UNVERIFIED');
    // Written after the index, intact (the cockpit died before its index): listed as before.
    await utimes(log, new Date('2026-11-22T05:00:00Z'), new Date('2026-11-22T05:00:00Z'));
    expect(JSON.parse((await run('--json')).stdout)[0]).toMatchObject({ id: FIXTURE_ID, status: 'resolved' });
    expect(JSON.parse((await run('--json')).stdout)[0].unverified).toBeUndefined();
    await writeFile(log, intact.replace('"errorRatio":0.08}', '"errorRatio":0.0008}'));
    const result = await run();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${FIXTURE_ID}\\s+checkout-api\\s+\\S+\\s+[\\d-]+ [\\d:]+Z\\s+open ⚠ UNVERIFIED`, 'm'));
    expect(result.stdout).toContain(`⚠ ${FIXTURE_ID}: its timeline does not verify (broken at seq 5: `);
    expect(result.stdout).toContain(`\`cockpit verify ${FIXTURE_ID}\` says more.`);
    const [listed] = JSON.parse((await run('--json')).stdout) as { status: string; unverified?: string }[];
    expect(listed).toMatchObject({ status: 'open', unverified: expect.stringMatching(/^broken at seq 5: /) });
  });

  // A hostile play-test: an open real incident's incident.json edited to `resolved` (or to a drill), touched after its log,
  // hid it from the list and from what `open` resumes; the index is not chained, its log is.
  it("lists an incident as its log says where its index says otherwise of what decides a resume", async () => {
    const opened = await openIncident({
      dataDir,
      responder: 'alice',
      now: () => new Date('2026-12-01T09:00:00.000Z'),
      create: { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode: 'incident', drill: false, steps: [] },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    await opened.value.store.close();
    const id = opened.value.store.incidentId;
    const index = join(dataDir, 'incidents', id, 'incident.json');
    const honest = JSON.parse(await readFile(index, 'utf8')) as Record<string, unknown>;
    const listedAs = async () => (JSON.parse((await run('--json', '--drills')).stdout) as { id: string; status: string; drill: boolean }[]).find((s) => s.id === id);
    for (const forged of [{ status: 'resolved', resolvedAt: '2026-12-01T09:05:00.000Z' }, { drill: true }, { mode: 'drill-sandbox' }]) {
      await writeFile(index, JSON.stringify({ ...honest, ...forged }));
      expect(await listedAs()).toMatchObject({ status: 'open', drill: false });
      const listed = (await run()).stdout;
      expect(listed).toMatch(new RegExp(`^${id}\\s+checkout-api\\s+SEV2\\s+[\\d-]+ [\\d:]+Z\\s+open\\b`, 'm'));
    }
    // Not a drill's or a resolved incident's log: the fixture, honestly resolved, stays listed as resolved.
    expect((JSON.parse((await run('--json')).stdout) as { id: string; status: string }[]).find((s) => s.id === FIXTURE_ID)).toMatchObject({ status: 'resolved' });
  });

  it('lists an incident whose log cannot be read at all as its index says, marked', async () => {
    const log = join(dataDir, 'incidents', FIXTURE_ID, 'events.jsonl');
    await writeFile(log, `{"damaged": true}\n${await readFile(log, 'utf8')}`);
    const result = await run();
    expect(result.stdout).toMatch(new RegExp(`^${FIXTURE_ID}\\s+checkout-api\\s+SEV1\\s+[\\d-]+ [\\d:]+Z\\s+resolved ⚠ UNVERIFIED`, 'm'));
    expect(result.stdout).toContain(`⚠ ${FIXTURE_ID}: its timeline does not verify (broken at seq 1: `);
  });

  it('leaves out a TITLE column no incident fills', async () => {
    await rm(join(dataDir, 'incidents', FIXTURE_ID), { recursive: true });
    const drillId = await openDrill();
    const [header, first] = (await run('--drills')).stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+SERVICE\s+SEV\s+OPENED \(UTC\)\s+STATE\s+DRILL$/);
    expect(first).toMatch(new RegExp(`^${drillId}\\s+search\\s+SEV3\\s+2026-12-01 10:05Z\\s+open\\s+sandbox$`));
  });

  it('says so when there are none', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cockpit-empty-'));
    try {
      const result = await cockpit(['incidents'], { env: { COCKPIT_DATA_DIR: empty } });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(`No incidents in ${join(empty, 'incidents')}.`);
      expect(JSON.parse((await cockpit(['incidents', '--json'], { env: { COCKPIT_DATA_DIR: empty } })).stdout)).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
