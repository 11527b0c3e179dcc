import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import type { StoredEvent } from '../../src/core/events';
import type { CockpitView } from '../../src/session/viewModel';
import { exportIncident } from '../../src/timeline/exportIncident';
import { migrate } from '../../src/timeline/postgres/pgSchema';
import { pgIncidentStore, type PgIncidentStore } from '../../src/timeline/postgres/pgIncidentStore';
import { openHarness } from '../support/sessionHarness';
import { startPostgres } from '../support/postgres';
import { TestWorld } from '../support/testWorld';
import { Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
/** Short on purpose: a killed cockpit's lease and presence expire within the test's patience. */
const TTL_MS = 3_000;

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The step the selection is on, as a responder reads it (journeys.test.ts). */
function selectedStep(screen: string): string {
  const lines = screen.split('\n');
  const at = lines.findIndex((line) => line.startsWith('› '));
  return at === -1 ? '' : `${lines[at]}\n${lines[at + 1] ?? ''}`;
}

/** Polls the in-process session's view (its clock is a manual one: the bound is real time, the test's patience). */
async function viewUntil(view: () => CockpitView, predicate: (view: CockpitView) => boolean, what: string, timeoutMs = 30_000): Promise<CockpitView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = view();
    if (predicate(current)) return current;
    if (Date.now() > deadline) throw new Error(`the view never showed ${what}: ${JSON.stringify({ incident: current.incident, steps: current.steps })}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function chain(incidents: PgIncidentStore, id: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  const scanned = await incidents.source.scan(id, { onEvent: (e) => void events.push(e) });
  if (!scanned.ok || scanned.value.problem) throw new Error('the chain does not verify');
  return events;
}

/** A cockpit in its own private tmux server, with the shared store and short TTLs in its environment. */
function cockpitIn(dir: string, name: string, url: string, args: string): Tmux {
  const home = join(dir, name);
  mkdirSync(join(home, 'data'), { recursive: true });
  // The responder's name is a setting (the OS user name otherwise): settings.json in the data dir.
  writeFileSync(join(home, 'data', 'settings.json'), JSON.stringify({ responder: name }));
  const tmux = new Tmux(home);
  cleanup.push(() => tmux.kill());
  const env = `env -u CI COCKPIT_DATA_DIR='${home}/data' COCKPIT_STORE='${url}' COCKPIT_LEASE_TTL_MS=${TTL_MS} COCKPIT_PRESENCE_TTL_MS=${TTL_MS}`;
  tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '180', '-y', '50', '-c', ROOT, `${env} '${process.execPath}' '${BIN}' ${args}; echo EXIT=$?`);
  tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
  return tmux;
}

/** The cockpit process in the pane (the child of the pane's shell), for a SIGKILL by its id. */
function cockpitPid(tmux: Tmux): number {
  const shell = tmux.run('display-message', '-p', '-t', 'cockpit', '#{pane_pid}').trim();
  return Number(execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0]);
}

describe('a team on one shared incident: presence, and a cockpit that dies mid-action', () => {
  test("each cockpit sees the others in its top bar; bob's cockpit is killed mid-rollback: he drops out, and his rollback is shown as interrupted everywhere", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-team-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await startPostgres();
    cleanup.push(() => server.destroy());
    const incidents = pgIncidentStore(server.url, process.env, { leaseTtlMs: TTL_MS, presenceTtlMs: TTL_MS });
    await migrate(incidents.pool);
    cleanup.push(() => incidents.close());

    // Bob drives a sandbox drill whose tasks take half an hour to start: his rollback holds its lease for that long.
    const scenario = join(dir, 'slow-rollback.yaml');
    writeFileSync(scenario, readFileSync(join(ROOT, 'src/sandbox/scenarios/bad-deploy.yaml'), 'utf8').replace('task_start: 10s', 'task_start: 30m'));
    const bob = cockpitIn(dir, 'bob', server.url, `drill runbooks/checkout-api.yaml --scenario '${scenario}' --speed 1`);
    await bob.waitForRawMode(30_000);
    await bob.waitFor((s) => s.includes('RUNBOOK') && /inc-\d{8}-\d{4}-checkout-api/.test(s), "bob's drill on screen", 60_000);
    const id = (await server.sql('SELECT id FROM cockpit_incidents')).trim();

    // Alice: a session in this process, writable, on the same incident (test providers stand in for the sandbox).
    const alice = await openHarness({ world: new TestWorld(), dataDir: join(dir, 'alice'), incidents, responder: 'alice', autopilot: true, mode: 'drill-sandbox', incidentId: id });
    cleanup.push(() => alice.cleanup());
    // Carol: the real cockpit, watching read-only.
    const carol = cockpitIn(dir, 'carol', server.url, `open runbooks/checkout-api.yaml --incident ${id} --read-only`);

    // Everyone sees everyone else, and whether read-only (a sandbox drill: without the store's wall-clock times beside
    // the drill's clock); nothing of it is on the timeline.
    await bob.waitFor((s) => /also here alice · carol \(read-only\)/.test(s), "alice and carol in bob's top bar", 30_000);
    await carol.waitFor((s) => /also here bob · alice(?! \()/.test(s), "bob and alice in carol's top bar", 30_000);
    const seen = await viewUntil(alice.session.view, (v) => v.incident.present.length === 2, "bob and carol in alice's view");
    expect(seen.incident.present.map((p) => [p.responder, p.readOnly])).toEqual([
      ['bob', false],
      ['carol', true],
    ]);
    expect((await chain(incidents, id)).map((e) => e.kind)).not.toContain('presence');

    // Bob's rollback is one API call that answers at once (the 30 m only stretch its verification, after
    // its outcome): his outcome's append is held here, so he is killed mid-rollback however fast his
    // cockpit runs. The append waits on a lock the test holds, inside its transaction: never committed.
    const holder = new pg.Client({ connectionString: server.url });
    await holder.connect();
    cleanup.push(() => holder.end());
    await holder.query('SELECT pg_advisory_lock(4242)');
    await holder.query('CREATE FUNCTION hold_outcome() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NEW; END $$');
    await holder.query(
      "CREATE TRIGGER hold_bobs_outcome BEFORE INSERT ON cockpit_events FOR EACH ROW WHEN ((NEW.line::jsonb ->> 'kind') IN ('action.succeeded', 'action.failed') AND (NEW.line::jsonb ->> 'actor') = 'bob') EXECUTE FUNCTION hold_outcome()",
    );

    // Bob rolls back from his screen.
    for (let moves = 0; moves < 8 && !selectedStep(bob.screen()).includes('Roll back'); moves++) {
      const before = selectedStep(bob.screen());
      bob.keys('j');
      await bob.waitFor((s) => selectedStep(s) !== before, 'the selection moving', 10_000);
    }
    bob.keys('Enter');
    const confirm = await bob.waitFor((s) => /CONFIRM/.test(s), 'the rollback confirmation', 30_000);
    const phrase = /Type "([^"]+)" to confirm/.exec(confirm.replace(/\n/g, ''));
    if (phrase) bob.text(phrase[1]!);
    bob.keys('Enter');
    await viewUntil(alice.session.view, (v) => v.steps.find((s) => s.id === 'rollback')?.detail === "running in bob's cockpit", "bob's rollback running in alice's view", 60_000);
    await carol.waitFor((s) => /Roll back to the previous task definition \[deploys\.rollback\] RUNNING/.test(s), "bob's rollback running on carol's screen", 30_000);

    // Bob's cockpit dies: no clean close, no release, no goodbye.
    process.kill(cockpitPid(bob), 'SIGKILL');
    await bob.waitFor((s) => s.includes('EXIT=137'), 'bob killed', 10_000);
    // His held append goes on now, to a connection that is gone: rolled back, never recorded.
    await holder.query('SELECT pg_advisory_unlock(4242)');

    const interrupted = /interrupted \(bob's cockpit stopped; lease expired\)/;
    const after = await viewUntil(alice.session.view, (v) => v.incident.present.length === 1 && interrupted.test(v.steps.find((s) => s.id === 'rollback')?.detail ?? ''), 'bob gone and his rollback interrupted', 60_000);
    expect(after.incident.present.map((p) => p.responder)).toEqual(['carol']);
    expect(after.steps.find((s) => s.id === 'rollback')?.status).toBe('interrupted');
    const carolSees = await carol.waitFor((s) => interrupted.test(s) && !/also here[^\n]*bob/.test(s), "bob gone and his rollback interrupted on carol's screen", 30_000);
    expect(carolSees).toContain('INTERRUPTED');

    // Recorded once, on the timeline everyone folds; the postmortem says interrupted, not done.
    const events = await chain(incidents, id);
    const records = events.filter((e) => e.kind === 'action.interrupted');
    expect(records).toHaveLength(1);
    // The cockpit's finding, not alice's deed (the postmortem read `| alice | … interrupted: bob's cockpit stopped`).
    expect(records[0]!.actor).toBe('cockpit');
    expect(records[0]!.data).toMatchObject({ responder: 'bob', reason: "bob's cockpit stopped; lease expired" });
    expect(await server.sql('SELECT count(*) FROM cockpit_leases')).toBe('0');
    const exported = await exportIncident({ dataDir: join(dir, 'alice'), id, format: 'md', source: incidents.source });
    expect(exported.ok).toBe(true);
    const markdown = exported.ok ? exported.value.text : "";
    expect(markdown).toMatch(/`deploys\.rollback` \(interrupted\)/);
    expect(markdown).toMatch(/\*\*Interrupted\*\*: bob's cockpit stopped; its lease expired/);

    // Alice takes over: her rollback runs (the target is free), and bob's stays interrupted.
    expect(await alice.session.runStep('rollback')).toBe('succeeded');
    const final = await chain(incidents, id);
    const bobs = records[0]!.data as { action: string };
    const planned = final.filter((e) => e.kind === 'action.planned' && e.data.name === 'deploys.rollback');
    expect(planned).toHaveLength(2);
    expect(final.filter((e) => e.kind === 'action.succeeded').map((e) => (e.data as { action: string }).action)).not.toContain(bobs.action);
    expect(alice.session.view().steps.find((s) => s.id === 'rollback')?.status).toBe('done');
  }, 240_000);
});
