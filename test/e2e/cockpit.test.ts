import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Tmux } from '../support/tmux';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

const sessions: { tmux: Tmux; dir: string }[] = [];
afterEach(() => {
  for (const { tmux, dir } of sessions.splice(0)) {
    tmux.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

function eventsOnDisk(dataDir: string): { kind: string; data: Record<string, unknown> }[] {
  const incidents = join(dataDir, 'incidents');
  const [incident] = readdirSync(incidents);
  return readFileSync(join(incidents, incident!, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { kind: string; data: Record<string, unknown> });
}

describe('the built CLI in a real terminal: a drill on the sandbox', () => {
  test.each([
    [80, 24],
    [200, 50],
  ])('%ix%i: panels fill, the responder rolls back with a confirmation, adds a note and quits; the terminal is restored and the events are on disk', async (columns, rows) => {
    const dir = mkdtempSync(join(tmpdir(), 'cockpit-e2e-'));
    const tmux = new Tmux(dir);
    sessions.push({ tmux, dir });
    const dataDir = join(dir, 'data');
    const command = `printf 'BEFORE THE COCKPIT\\n'; env -u CI COCKPIT_DATA_DIR='${dataDir}' '${process.execPath}' '${BIN}' drill runbooks/checkout-api.yaml --scenario bad-deploy --speed 20; echo EXIT=$?`;
    tmux.run('new-session', '-d', '-s', 'cockpit', '-x', String(columns), '-y', String(rows), '-c', ROOT, command);
    tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');

    // The panels appear with data from the sandbox through the real plugins.
    const first = await tmux.waitFor((s) => s.includes(':42') && s.includes('checkout_v2') && /\d+\.\dx/.test(s), 'the panels with data', 20_000);
    expect(first).toContain('DRILL');
    for (const title of ['DEPLOYS', 'FLAGS', 'SLO BURN', 'RUNBOOK']) expect(first).toContain(title);
    for (const line of first.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(columns);
    await tmux.waitForRawMode();

    // Select the rollback step (the third) and run it: the plan and its safety verdict come first.
    tmux.keys('j', 'j', 'Enter');
    const confirm = await tmux.waitFor((s) => s.includes('CONFIRM deploys.rollback'), 'the confirmation');
    expect(confirm).toContain('UpdateService');
    tmux.keys('Enter');
    await tmux.waitFor((s) => /(RUNNING|VERIFYING) deploys\.rollback/.test(s), 'the rollback in progress', 20_000);
    await tmux.waitFor((s) => s.includes('RUNBOOK 1/5 done'), 'the rollback step done', 30_000);

    tmux.keys('n');
    await tmux.waitFor((s) => s.includes('ADD A NOTE'), 'the note dialog');
    tmux.text('tasks on :41 healthy');
    tmux.keys('Enter');
    await tmux.waitFor((s) => !s.includes('ADD A NOTE'), 'the note dialog closing');
    tmux.keys('q');
    const after = await tmux.waitFor((s) => s.includes('EXIT='), 'the process exiting', 20_000);

    expect(after).toContain('EXIT=0');
    expect(after).toContain('Drill report — scenario bad-deploy');
    for (const title of ['DEPLOYS', 'TIMELINE', 'Enter run']) expect(after).not.toContain(title);

    const events = eventsOnDisk(dataDir);
    const kinds = events.map((e) => e.kind);
    expect(kinds[0]).toBe('incident.opened');
    expect(events.filter((e) => e.kind === 'action.planned').map((e) => e.data.name)).toEqual(['deploys.rollback']);
    expect(kinds).toEqual(expect.arrayContaining(['action.confirmed', 'action.started', 'action.succeeded', 'verify.passed', 'drill.scored']));
    expect(events.find((e) => e.kind === 'note' && e.data.text === 'tasks on :41 healthy')).toBeDefined();
  }, 90_000);
});
