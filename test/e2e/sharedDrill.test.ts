import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import { cockpit } from '../support/cli';
import { startPostgres } from '../support/postgres';
import { Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('a drill in the shared store: one responder drives, the team watches', () => {
  test('an autopilot drill with --store is recorded in PostgreSQL, watched live by another process, and verifies, lists and exports as a drill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-shared-drill-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await startPostgres();
    cleanup.push(() => server.destroy());
    const env = { COCKPIT_DATA_DIR: join(dir, 'driver'), COCKPIT_STORE: server.url };
    expect((await cockpit(['store', 'migrate'], { env })).exitCode).toBe(0);

    // The driver: an autopilot drill (at max speed: it would be over before a watcher started, so it is held below).
    const drilling = cockpit(['drill', 'runbooks/checkout-api.yaml', '--autopilot'], { env, cwd: ROOT });
    let id = '';
    for (let look = 0; look < 600 && id === ''; look++) {
      id = (await server.sql('SELECT id FROM cockpit_incidents WHERE head_seq > 0')).trim();
      if (id === '') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(id).toMatch(/^inc-\d{8}-\d{4}-checkout-api/);
    // Hold the drill's next append: appends take the incident's head row lock, so this one waits for ours.
    const holder = new pg.Client({ connectionString: server.url });
    await holder.connect();
    cleanup.push(() => holder.end());
    await holder.query('BEGIN');
    await holder.query('SELECT head_seq FROM cockpit_incidents WHERE id = $1 FOR UPDATE', [id]);

    // The watcher: the real cockpit in a terminal, read-only, with the same follow command as for a real incident.
    mkdirSync(join(dir, 'watcher'));
    const tmux = new Tmux(join(dir, 'watcher'));
    cleanup.push(() => tmux.kill());
    const watch = `env -u CI COCKPIT_DATA_DIR='${join(dir, 'watcher')}' '${process.execPath}' '${BIN}' open runbooks/checkout-api.yaml --incident ${id} --read-only --store '${server.url}'; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '48', '-c', ROOT, watch);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    const first = await tmux.waitFor((s) => s.includes(id) && s.includes('TIMELINE'), "the drill on the watcher's screen", 60_000);
    // A drill everywhere: the banner on the watcher's screen.
    expect(first).toContain('DRILL · sandbox');
    const eventsOnScreen = (s: string) => Number(/TIMELINE (\d+) events/.exec(s)?.[1] ?? 0);
    const held = Number((await server.sql(`SELECT head_seq FROM cockpit_incidents WHERE id = '${id}'`)).trim());
    await tmux.waitFor((s) => eventsOnScreen(s) === held, `the ${held} events recorded so far on the watcher's screen`, 30_000);
    // A second driver is refused while the first one's cockpit is there: a sandbox drill has one
    // world. Resumed beside it, bob's cockpit ran a sandbox of its own, its events among alice's.
    const second = await cockpit(['drill', 'runbooks/checkout-api.yaml', '--incident', id, '--autopilot'], { env: { COCKPIT_DATA_DIR: join(dir, 'second'), COCKPIT_STORE: server.url }, cwd: ROOT });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain(`incident ${id} is being driven by `);
    expect(second.stderr).toContain('--read-only');
    await holder.query('COMMIT');
    const ran = await drilling;
    expect(ran.stderr).toBe('');
    expect(ran.exitCode).toBe(0);
    const total = Number((await server.sql(`SELECT head_seq FROM cockpit_incidents WHERE id = '${id}'`)).trim());
    // Live: the watcher takes in what the drill recorded after it started watching, to the drill's score.
    expect(held).toBeLessThan(total);
    const caught = await tmux.waitFor((s) => eventsOnScreen(s) === total, `all ${total} events on the watcher's screen`, 30_000);
    expect(caught).toContain('✓ RESOLVED');
    tmux.keys('q');
    expect(await tmux.waitFor((s) => s.includes('EXIT='), 'the watcher leaving', 20_000)).toContain('EXIT=0');

    // verify, list and export against the shared store, where the drill stays a drill.
    const verify = await cockpit(['verify', id, '--store', server.url], { env: { COCKPIT_DATA_DIR: join(dir, 'other') } });
    expect(verify.exitCode).toBe(0);
    expect(verify.stdout).toContain(`${id}: intact, ${total} events`);
    const listed = await cockpit(['incidents', '--store', server.url], { env: { COCKPIT_DATA_DIR: join(dir, 'other') } });
    expect(listed.stdout).not.toContain(id);
    const drills = await cockpit(['incidents', '--drills', '--json', '--store', server.url], { env: { COCKPIT_DATA_DIR: join(dir, 'other') } });
    expect(JSON.parse(drills.stdout)).toEqual([expect.objectContaining({ id, drill: true })]);
    const markdown = await cockpit(['export', id, '--format', 'md', '--store', server.url], { env: { COCKPIT_DATA_DIR: join(dir, 'other') } });
    expect(markdown.exitCode).toBe(0);
    expect(markdown.stdout).toContain('> **Drill.** This incident was a rehearsal (drill-sandbox)');
    expect(markdown.stdout).toMatch(/Drill scored \d+\/\d+/);
    const json = await cockpit(['export', id, '--format', 'json', '--store', server.url], { env: { COCKPIT_DATA_DIR: join(dir, 'other') } });
    const exported = JSON.parse(json.stdout) as { events: { drill: boolean }[] };
    expect(exported.events).toHaveLength(total);
    expect(exported.events.every((e) => e.drill)).toBe(true);
    // Nothing of the drill went to the driver's local store.
    expect((await cockpit(['incidents', '--drills', '--json'], { env: { COCKPIT_DATA_DIR: join(dir, 'driver') } })).stdout.trim()).toBe('[]');
  }, 240_000);
});
