import { spawnSync } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incidentDir } from '../../../src/timeline/paths';
import type { CockpitView } from '../../../src/session/viewModel';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0).reverse()) await harness.cleanup();
});

const texts = (view: CockpitView) => view.timeline.entries(0, view.timeline.length).map((entry) => entry.text);

describe('a read-only session follows the cockpit that writes the incident', () => {
  it("shows the writer's note and severity change without reopening; closing it stops the follow", async () => {
    const writer = await openHarness();
    harnesses.push(writer);
    const watcher = await openHarness({ dataDir: writer.dataDir, incidentId: writer.session.incidentId, readOnly: true });
    harnesses.push(watcher);
    expect(watcher.session.view().incident.severity).toBe('SEV2');

    expect(await writer.session.dispatch({ type: 'note', text: 'tasks on :41 healthy' })).toEqual({ ok: true });
    expect(await writer.session.dispatch({ type: 'severity.change', to: 'SEV1' })).toEqual({ ok: true });

    // Bounded by the test's timeout, not by a timing assertion: the watcher's clock is a manual one.
    const seen = await watcher.session.until((v) => v.incident.severity === 'SEV1' && texts(v).some((t) => t.includes('tasks on :41 healthy')), { timeoutMs: 3_600_000 });
    expect(seen.incident.severity).toBe('SEV1');
    expect(watcher.session.view().incident.readOnly).toBe(true);
    await watcher.session.close();
  }, 20_000);

  it("shows the writer's recorded burns when its own SLO provider fails, said as another cockpit's", async () => {
    // helper-136: a read-only watcher whose Prometheus was down showed no burn, its writer's readings on the timeline.
    const world = new TestWorld();
    world.ratio = (_slo, windowMs) => (windowMs === 5 * 60_000 ? 0.05 : 0.02);
    const writer = await openHarness({ world });
    harnesses.push(writer);
    const blind = new TestWorld();
    blind.sloFailure = 'connect ECONNREFUSED 127.0.0.1:9090';
    const watcher = await openHarness({ world: blind, clock: writer.clock, dataDir: writer.dataDir, incidentId: writer.session.incidentId, readOnly: true });
    harnesses.push(watcher);
    await writer.advance(3 * 60_000);
    const seen = await watcher.session.until((v) => (v.slos.ageMs ?? Infinity) < 60_000, { timeoutMs: 3_600_000 });
    expect(seen.slos).toMatchObject({ status: 'error', error: 'connect ECONNREFUSED 127.0.0.1:9090', warning: "burns as another cockpit recorded them on the timeline: this cockpit's SLO provider fails" });
    const windows = seen.slos.data![0]!.windows;
    expect(windows.find((w) => w.window === '5m')?.burnRate).toBeCloseTo(10, 5);
    // The longer windows were recorded at the writer's first look, three minutes ago: they say nothing of now.
    expect(windows.find((w) => w.window === '1h')?.burnRate).toBeNull();
    // The writer's own panel is its provider's, as before.
    expect(writer.session.view().slos.warning).toBeUndefined();
    // Once the writer is gone, its last reading grows older than its window: it says nothing of the burn now.
    await writer.session.close();
    await watcher.advance(6 * 60_000);
    expect(watcher.session.view().slos).toMatchObject({ status: 'error', error: 'connect ECONNREFUSED 127.0.0.1:9090' });
    expect(watcher.session.view().slos.data).toBeUndefined();
  }, 20_000);

  it('says on screen when the log stops verifying, and shows nothing past the break', async () => {
    const writer = await openHarness();
    harnesses.push(writer);
    const watcher = await openHarness({ dataDir: writer.dataDir, incidentId: writer.session.incidentId, readOnly: true });
    harnesses.push(watcher);
    await writer.session.close();
    const dir = incidentDir(writer.dataDir, writer.session.incidentId);
    const index = JSON.parse(await readFile(join(dir, 'incident.json'), 'utf8')) as { anchor: { events: number; head: string } };
    // An edited log: a line that is not an event, counted by a forged anchor.
    await appendFile(join(dir, 'events.jsonl'), '{"not":"an event"}\n');
    await writeFile(join(dir, 'incident.json'), JSON.stringify({ ...index, anchor: { ...index.anchor, events: index.anchor.events + 1 } }));
    const behind = await watcher.session.until((v) => v.notices.some((n) => n.startsWith('the watch is behind the writer')), { timeoutMs: 3_600_000 });
    expect(behind.notices[0]).toBe(`the watch is behind the writer: seq ${index.anchor.events + 1}: no hash at the end of the line`);
    // In the top bar too, where a watch through an outage said nothing.
    expect(behind.incident.watchBehind).toBe(`seq ${index.anchor.events + 1}: no hash at the end of the line`);
  }, 20_000);

  it("does not call the writer's action in flight interrupted", async () => {
    // The rollback's execute never returns: it is in flight for as long as the writer runs.
    const world = new TestWorld();
    world.rollbackHangs = true;
    const writer = await openHarness({ world });
    harnesses.push(writer);
    expect(await writer.session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    const confirmation = (await writer.session.until((v) => v.confirmation !== undefined, { timeoutMs: 60_000 })).confirmation!;
    expect(await writer.session.dispatch({ type: 'confirm', action: confirmation.action, typed: 'checkout-api' })).toEqual({ ok: true });
    await writer.session.until((v) => v.running.length > 0, { timeoutMs: 60_000 });
    await writer.session.settled();

    const watcher = await openHarness({ dataDir: writer.dataDir, incidentId: writer.session.incidentId, readOnly: true });
    harnesses.push(watcher);
    const view = watcher.session.view();
    expect(view.notices.join('\n')).not.toContain('interrupted');
    // Said as it is: a watch asked for, not "another cockpit holds this incident" (it said so after the writer quit too).
    expect(view.notices).toContain('read-only: this cockpit watches (--read-only), and records nothing');
    expect(await watcher.session.dispatch({ type: 'note', text: 'x' })).toEqual({ ok: false, reason: 'read-only: this cockpit watches, and records nothing' });
    expect(view.steps.find((s) => s.id === 'rollback')?.status).toBe('running');

    // Its cockpit killed (its lock now names a process that is gone): the watch says the rollback's outcome is not known,
    // where it read `⟳ RUNNING` for good (a responder's test, on the local store).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const lock = join(incidentDir(writer.dataDir, writer.session.incidentId), 'lock');
    const owner = JSON.parse(await readFile(lock, 'utf8')) as { responder?: string };
    expect(owner.responder).toBe(writer.session.view().incident.responder);
    await writeFile(lock, JSON.stringify({ ...owner, pid: gone }));
    const stopped = await watcher.session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'interrupted', { timeoutMs: 3_600_000 });
    expect(stopped.steps.find((s) => s.id === 'rollback')?.detail).toBe(`${owner.responder}'s cockpit stopped while it ran: its outcome is not known until a cockpit resumes the incident`);
  }, 20_000);

  // A responder's test: the drill's cockpit quit with its recovery check watched; the watch kept `⟳ 5. Burn under 1x for
  // 10m RUNNING` beside `nobody drives this drill now`, and the postmortem said `still watched, not passed`.
  it('shows a recovery check its cockpit left as not watched, until a cockpit starts it again', async () => {
    const writer = await openHarness();
    harnesses.push(writer);
    const watcher = await openHarness({ dataDir: writer.dataDir, incidentId: writer.session.incidentId, readOnly: true });
    harnesses.push(watcher);
    const check = (v: CockpitView) => v.steps.find((step) => step.id === 'burn-normal');
    expect(await writer.session.dispatch({ type: 'step.run', step: 'burn-normal' })).toEqual({ ok: true });
    await watcher.session.until((v) => check(v)?.detail === "being checked in the writer's cockpit", { timeoutMs: 3_600_000 });
    await writer.session.close();
    const left = await watcher.session.until((v) => check(v)?.status === 'unwatched', { timeoutMs: 3_600_000 });
    expect(check(left)?.detail).toMatch(/^not watched since \d\d:\d\dZ, when the cockpit that watched it closed: not passed$/);
    expect(left.incident.openEnds?.steps ?? []).toEqual(expect.arrayContaining([expect.stringMatching(/Burn under 1x for 10m \(recovery check: not passed; not watched since \d\d:\d\d UTC, when its cockpit closed\)/)]));
    // Opened again, the writer watches it again, and says so on the log: the watch shows it checked.
    const again = await openHarness({ dataDir: writer.dataDir, incidentId: writer.session.incidentId });
    harnesses.push(again);
    await watcher.session.until((v) => check(v)?.detail === "being checked in the writer's cockpit", { timeoutMs: 3_600_000 });
    expect(check(again.session.view())?.status).toBe('running');
  }, 30_000);
});
