import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { migrate } from '../../src/timeline/postgres/pgSchema';
import { pgIncidentStore } from '../../src/timeline/postgres/pgIncidentStore';
import { openHarness } from '../support/sessionHarness';
import { startPostgres } from '../support/postgres';
import { Tmux } from '../support/tmux';
import { OFFLINE_AWS_ENV, writeLoopbackRunbook } from '../support/loopbackRunbook';
import { cleanupsAfterEach } from '../support/cleanups';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

const cleanup = cleanupsAfterEach();

describe('two responders, two processes, one incident in the shared store', () => {
  test("each writes, and each sees the other's events while it runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-shared-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const server = await startPostgres();
    cleanup.push(() => server.destroy());
    const incidents = pgIncidentStore(server.url);
    await migrate(incidents.pool);

    // Alice: a session through the session API, in this process, with test providers, on the shared store.
    const alice = await openHarness({ dataDir: join(dir, 'alice'), incidents, responder: 'alice' });
    cleanup.push(async () => {
      await alice.cleanup();
      await incidents.close();
    });
    const incident = alice.session.incidentId;

    // Bob: the real cockpit, writable (not --read-only), its providers pointed at closed loopback ports.
    const tmux = new Tmux(dir);
    cleanup.push(async () => tmux.kill());
    const runbook = writeLoopbackRunbook(dir);
    const env = `env -u CI COCKPIT_DATA_DIR='${join(dir, 'bob')}' COCKPIT_STORE='${server.url}' ${OFFLINE_AWS_ENV}`;
    const open = `${env} '${process.execPath}' '${BIN}' open '${runbook}' --env local --incident ${incident}; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '45', '-c', ROOT, open);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    const first = await tmux.waitFor((s) => s.includes('TIMELINE') && s.includes(incident), "bob's cockpit", 20_000);
    expect(first).not.toContain('READ-ONLY');
    await tmux.waitForRawMode();

    expect(await alice.session.dispatch({ type: 'note', text: 'alice: tasks on :41 healthy' })).toEqual({ ok: true });
    expect(await alice.session.dispatch({ type: 'severity.change', to: 'SEV1' })).toEqual({ ok: true });
    // The bounds are the test's patience, not timing assertions.
    await tmux.waitFor((s) => s.includes('alice: tasks on :41 healthy') && s.includes('SEV1'), "alice's note and severity on bob's screen", 15_000);

    tmux.keys('n');
    await tmux.waitFor((s) => s.includes('ADD A NOTE'), 'the note dialog');
    tmux.text('bob: db replica lag is 0');
    tmux.keys('Enter');
    const seen = await alice.session.until((view) => JSON.stringify(view.timeline.entries(0, view.timeline.length)).includes('bob: db replica lag is 0'), { timeoutMs: 15_000 });
    const texts = seen.timeline.entries(0, seen.timeline.length).map((e) => e.text);
    expect(texts.filter((t) => t.includes('alice: tasks on :41 healthy'))).toHaveLength(1);

    tmux.keys('q');
    const after = await tmux.waitForIn('cockpit', (s) => s.includes('EXIT='), 'bob leaving', 20_000);
    expect(after).toContain('EXIT=0');
    // One chain: both responders' events, in seq order, verified.
    const verify = await incidents.source.scan(incident, {});
    expect(verify.ok && verify.value.problem === undefined && verify.value.count).toBeGreaterThanOrEqual(4);
    const lines = await server.sql(`SELECT string_agg(line, E'\\n' ORDER BY seq) FROM cockpit_events WHERE incident = '${incident}'`);
    expect(lines).toContain('"actor":"alice"');
    // The envelope as written: the redaction rules' stamp sits between drill and data.
    expect(lines).toMatch(/"kind":"note","actor":"[^"]+","drill":false,"redaction":"[0-9a-f]{16}","data":\{"text":"bob: db replica lag is 0"/);
  }, 120_000);
});
