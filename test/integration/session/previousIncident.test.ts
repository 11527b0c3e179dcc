import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/core/describeEvent';
import type { EventOf } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { responseMetrics } from '../../../src/core/metrics';
import { PostmortemBuilder } from '../../../src/core/postmortem';
import { ManualClock } from '../../../src/plugins/clock';
import { openHarness, START, type Harness } from '../../support/sessionHarness';
import { deploy, TestWorld } from '../../support/testWorld';
import { jsonlIncidentStore } from '../../../src/timeline/incidentStore';

const MIN = 60_000;
const BASE = 0.0005;
/** Two outages: the first incident's, 40m to 10m before it opened (8% errors), and one from 19m after (60%: it pages on the hour's window within minutes). */
const OUTAGES = [
  [START - 40 * MIN, START - 10 * MIN, 0.08],
  [START + 19 * MIN, Number.POSITIVE_INFINITY, 0.6],
] as const;

/** The error ratio over `windowMs` up to `at`, as Prometheus would average it. */
function ratio(windowMs: number, at: Date): number {
  const to = at.getTime();
  const from = to - windowMs;
  const during = OUTAGES.map(([start, end, errors]) => ({ ms: Math.max(0, Math.min(to, end) - Math.max(from, start)), errors }));
  const bad = during.reduce((sum, d) => sum + d.ms, 0);
  return (during.reduce((sum, d) => sum + d.ms * d.errors, 0) + (windowMs - bad) * BASE) / windowMs;
}

const harnesses: Harness[] = [];
let dataDir: string | undefined;
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.cleanup();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function open(at: number): Promise<Harness> {
  const world = new TestWorld();
  world.ratio = (_slo, windowMs, when) => ratio(windowMs, when);
  const harness = await openHarness({ dataDir: dataDir!, clock: new ManualClock(at), world });
  harnesses.push(harness);
  return harness;
}

describe("a new incident after the service's previous one was resolved", () => {
  it('records that incident, and its postmortem neither dates the impact into it nor counts its errors', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-previous-'));
    const first = await open(START);
    expect(await first.session.dispatch({ type: 'incident.resolved' })).toEqual({ ok: true });
    await first.session.settled();
    const [firstOpened] = await first.events();
    const resolvedAt = (await first.events()).find((e) => e.kind === 'incident.resolved')!.at;
    // Its responder quit; the new burn is opened on as a new incident.
    await harnesses.shift()!.cleanup();

    const second = await open(START + 20 * MIN);
    await second.advance(4 * MIN);
    const events = await second.events();
    const opened = events[0] as EventOf<'incident.opened'>;
    expect(opened.data.previousIncident).toEqual({ id: firstOpened!.incident, resolvedAt });
    expect(describeEvent(opened)).toContain(`; after ${firstOpened!.incident}, resolved 2026-11-22 02:00Z`);
    // :42 ran through the first incident's resolve with the burn stopped: it read "Rollback
    // recommended: checkout-api:42 deployed 1h20m before the trigger fired".
    const [advice] = second.session.view().recommendations;
    expect(advice).toMatchObject({ kind: 'no-explaining-change', text: `No recent change explains the burn: no deploy or flag change after ${firstOpened!.incident} was resolved at 02:00Z with its burn over, before the trigger fired` });
    expect(advice!.evidence).toContain(`last deploy: checkout-api:42, 1h24m ago, before ${firstOpened!.incident} was resolved: it ran with the burn stopped`);

    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    const md = builder.render(folded.state, responseMetrics(folded.state));
    const impact = md.slice(md.indexOf('## Impact'), md.indexOf('\n## ', md.indexOf('## Impact') + 1));
    // The 1h and 6h windows hold the first outage: read as one burn, they dated this one to 01:20.
    expect(impact).not.toMatch(/01:[0-5]\d:\d\d UTC/);
    expect(impact).toContain(`those reaching back before ${firstOpened!.incident} was resolved at 02:00:00 UTC hold its errors`);
  });

  it('a drill records none: a rehearsal is not the service', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-previous-'));
    const first = await open(START);
    expect(await first.session.dispatch({ type: 'incident.resolved' })).toEqual({ ok: true });
    await harnesses.shift()!.cleanup();
    const drill = await openHarness({ dataDir, clock: new ManualClock(START + 20 * MIN), mode: 'drill-real' });
    harnesses.push(drill);
    const [opened] = await drill.events();
    expect((opened as EventOf<'incident.opened'>).data).not.toHaveProperty('previousIncident');
  });

  it('a store that cannot list its incidents only costs the bound: a new incident is still opened', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-previous-'));
    const store = jsonlIncidentStore(dataDir);
    const harness = await openHarness({ dataDir, incidents: { ...store, list: () => Promise.reject(new Error('shared store down')) } });
    harnesses.push(harness);
    const [opened] = await harness.events();
    expect(opened?.kind).toBe('incident.opened');
    expect((opened as EventOf<'incident.opened'>).data).not.toHaveProperty('previousIncident');
  });

  // A hostile play-test: `incident.json` edited alone (`rolledBackFrom`, its rollbacks' author), `verify` still intact:
  // the next real incident took it as the previous one, passed over the build it named bad, and sealed the forgery into
  // its own `incident.opened`.
  it('is taken as its log says, not as an edited incident.json says, and the screen says why', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-previous-'));
    const first = await open(START);
    expect(await first.session.dispatch({ type: 'incident.resolved' })).toEqual({ ok: true });
    await first.session.settled();
    const id = (await first.events())[0]!.incident;
    const resolvedAt = (await first.events()).find((e) => e.kind === 'incident.resolved')!.at;
    await harnesses.shift()!.cleanup();
    const index = join(dataDir, 'incidents', id, 'incident.json');
    const summary = JSON.parse(await readFile(index, 'utf8')) as Record<string, unknown>;
    await writeFile(index, JSON.stringify({ ...summary, rolledBackFrom: ['checkout-api:41'], rollbacks: [{ revision: 'checkout-api:41', by: 'mallory' }] }));

    const second = await open(START + 20 * MIN);
    const opened = (await second.events())[0] as EventOf<'incident.opened'>;
    expect(opened.data.previousIncident).toEqual({ id, resolvedAt });
    expect(second.session.view().notices).toContain(`${id}'s summary (incident.json) does not match its log: taken as its log says (cockpit verify ${id})`);
  });
});

// helper-141's rig: an incident resolved a minute before while its window drained was no previous incident, and the next
// one's rollback went onto the build it had rolled back from ("never seen deployed", typed through); another, onto the
// bad build of the incident two back. What the service's recent incidents rolled back from is known bad, their logs verified.
describe('the builds recent incidents rolled back from, not only the previous one', () => {
  /** An incident of a burn its rollback stopped, resolved once the window drained, or (`drains`) while it drains. */
  async function rolledBackIn(at: number, deploys: readonly string[], drains: boolean): Promise<string> {
    const world = new TestWorld();
    world.deploys = deploys.map((revision, i) => ({ ...deploy(`d-${revision}`, `checkout-api:${revision}`, 'successful', i === 0), startedAt: new Date(at - (i + 1) * 60 * MIN).toISOString() }));
    world.ratio = () => 0.08;
    const harness = await openHarness({ dataDir: dataDir!, clock: new ManualClock(at), world, autopilot: true });
    harnesses.push(harness);
    await harness.advance(30_000);
    expect(await harness.session.runStep('rollback')).toBe('succeeded');
    if (!drains) {
      world.ratio = () => BASE;
      await harness.advance(7 * MIN);
    }
    expect(await harness.session.dispatch({ type: 'incident.resolved', ...(drains ? { reason: 'the window drains' } : {}) })).toEqual({ ok: true });
    await harness.session.settled();
    const id = (await harness.events())[0]!.incident;
    await harnesses.shift()!.cleanup();
    return id;
  }

  it('are known bad to the next incident: its plan passes over them', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-previous-'));
    const a = await rolledBackIn(START, ['42', '41', '40'], false);
    const b = await rolledBackIn(START + 20 * MIN, ['43', '42', '41', '40'], true);
    const world = new TestWorld();
    world.deploys = ['44', '43', '42', '41', '40'].map((revision, i) => ({ ...deploy(`d-${revision}`, `checkout-api:${revision}`, 'successful', i === 0), startedAt: new Date(START + 40 * MIN - (i + 1) * 5 * MIN).toISOString() }));
    world.ratio = () => 0.08;
    const c = await openHarness({ dataDir, clock: new ManualClock(START + 40 * MIN), world });
    harnesses.push(c);
    await c.advance(30_000);
    const opened = (await c.events())[0] as EventOf<'incident.opened'>;
    expect(opened.data.previousIncident?.id).toBe(a);
    expect(opened.data.earlierBad).toEqual([{ revision: 'checkout-api:43', incident: b, resolvedAt: expect.any(String) }]);
    const rows = c.session.view().deploys.data ?? [];
    expect(rows.find((r) => r.revision === 'checkout-api:43')?.knownBad).toContain(`rolled back by ${b}`);
    // Nothing rolled back in this incident yet: `↩ target`, not `↩ again` (helper-141: `↩ again` as the incident opened).
    expect(rows.find((r) => r.rollbackTarget)).toBeDefined();
    expect(rows.find((r) => r.rollbackTarget)?.rollbackAgain).toBeUndefined();
    // Before: `target :43`, the build the incident resolved a few minutes before had rolled back from.
    expect(c.session.viewInputs().rollbackPreview).toMatchObject({ status: 'planned', current: 'checkout-api:44' });
    expect(c.session.viewInputs().rollbackPreview).not.toMatchObject({ target: 'checkout-api:43' });
  });
});
