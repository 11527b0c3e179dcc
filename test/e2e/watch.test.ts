import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openHarness, type Harness } from '../support/sessionHarness';
import { Tmux } from '../support/tmux';
import { OFFLINE_AWS_ENV, writeLoopbackRunbook } from '../support/loopbackRunbook';
import { cleanupsAfterEach } from '../support/cleanups';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

const cleanup = cleanupsAfterEach();

describe('two processes: a commander watches the responder read-only', () => {
  test("the watcher's screen shows the writer's note and severity change while it runs, and it does not claim to have saved anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-watch-'));
    const dataDir = join(dir, 'data');
    const tmux = new Tmux(dir);
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    cleanup.push(async () => tmux.kill());
    // The writer: a headless session through the session API, in this process, with test providers.
    const writer: Harness = await openHarness({ dataDir });
    cleanup.push(() => writer.cleanup());
    const incident = writer.session.incidentId;

    // The watcher's runbook points its real providers at closed loopback ports: nothing leaves this machine.
    const runbook = writeLoopbackRunbook(dir);
    const env = `env -u CI COCKPIT_DATA_DIR='${dataDir}' ${OFFLINE_AWS_ENV}`;
    const watch = `${env} '${process.execPath}' '${BIN}' open '${runbook}' --env local --incident ${incident} --read-only; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '45', '-c', ROOT, watch);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
    const first = await tmux.waitFor((s) => s.includes('READ-ONLY') && s.includes('TIMELINE'), 'the read-only cockpit', 20_000);
    expect(first).not.toContain('SEV1');
    await tmux.waitForRawMode();

    expect(await writer.session.dispatch({ type: 'note', text: 'tasks on :41 healthy' })).toEqual({ ok: true });
    expect(await writer.session.dispatch({ type: 'severity.change', to: 'SEV1' })).toEqual({ ok: true });
    // The bound is the test's patience, not a timing assertion (the watcher polls every 250 ms).
    const followed = await tmux.waitFor((s) => s.includes('tasks on :41 healthy') && s.includes('SEV1'), "the writer's note and severity", 15_000);
    expect(followed).toContain('READ-ONLY');

    tmux.keys('q');
    // The pane's whole history: what the cockpit printed on leaving may have scrolled above the visible screen.
    const after = await tmux.waitForIn('cockpit', (s) => s.includes('EXIT='), 'the watcher exiting', 20_000);
    expect(after).toContain('EXIT=0');
    expect(after).not.toMatch(/saved/i);
    expect(after).toContain(`Watched incident ${incident} read-only`);
  }, 90_000);
});
