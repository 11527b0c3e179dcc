import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../src/core/summary';
import { openIncident, type CreateIncident } from '../../src/timeline/openIncident';
import { cockpit } from '../support/cli';
import { Tmux } from '../support/tmux';
import { STARTING_ID } from '../../src/session/startingView';

const BIN = new URL('../../bin/cockpit.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

let dir: string;
let dataDir: string;
let runbook: string;
let tmux: Tmux;
let windows = 0;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cockpit-open-'));
  dataDir = join(dir, 'data');
  tmux = new Tmux(dir);
  windows = 0;
  // `open` needs a terminal: it runs in tmux. Its providers point at closed loopback ports.
  runbook = join(dir, 'checkout-api.yaml');
  const text = (await readFile(join(ROOT, 'runbooks/checkout-api.yaml'), 'utf8')).replace(
    /environments:\n(?: {2}.*\n)+/,
    'environments:\n  local:\n    deploys: { endpoint: "http://127.0.0.1:9" }\n    slo: { url: "http://127.0.0.1:9" }\n',
  );
  await writeFile(runbook, text);
});
afterEach(async () => {
  if (windows > 0) tmux.kill();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `cockpit open <runbook> --env local ...args` in a terminal, quits it, and returns its screen (cockpit and after). */
async function openAndQuit(...args: string[]): Promise<{ screen: string; after: string }> {
  const env = `env -u CI COCKPIT_DATA_DIR='${dataDir}' AWS_ACCESS_KEY_ID=AKIATEST AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true`;
  const command = `${env} '${process.execPath}' '${BIN}' open '${runbook}' --env local ${args.join(' ')}; echo EXIT=$?`;
  if (windows === 0) tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '45', '-c', ROOT, command);
  else tmux.run('respawn-pane', '-k', '-t', 'cockpit', '-c', ROOT, command);
  windows += 1;
  tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
  // The session's frame, not the runbook's starting frame drawn while the incident opens; whole,
  // down to its footer (a capture taken while a frame was written held its top half, seen in CI).
  const screen = await tmux.waitFor((s) => (s.includes('TIMELINE') && s.includes('q quit') && !s.includes(STARTING_ID)) || s.includes('EXIT='), 'the cockpit', 20_000);
  await tmux.waitForRawMode();
  tmux.keys('q');
  const after = await tmux.waitFor((s) => s.includes('EXIT='), 'the cockpit exiting', 20_000);
  expect(after).toContain('EXIT=0');
  return { screen, after };
}

async function incidents(): Promise<IncidentSummary[]> {
  // Drills too (hidden by default): these tests count them.
  const listed = await cockpit(['incidents', '--json', '--drills'], { env: { COCKPIT_DATA_DIR: dataDir } });
  expect(listed.exitCode).toBe(0);
  return JSON.parse(listed.stdout) as IncidentSummary[];
}

async function stored(create: Partial<CreateIncident> & { resolved?: boolean }): Promise<string> {
  const { resolved, ...fields } = create;
  const opened = await openIncident({
    dataDir,
    responder: 'bob',
    create: { service: 'checkout-api', severity: 'SEV2', environment: 'local', mode: 'incident', drill: false, steps: [], ...fields },
  });
  if (!opened.ok) throw new Error(opened.error.message);
  if (resolved) await opened.value.store.append({ kind: 'incident.resolved', data: {} });
  await opened.value.store.close();
  return opened.value.store.incidentId;
}

describe('cockpit open resumes the service\'s open incident instead of starting another', () => {
  it('a second open resumes the same incident (and says so); --new starts another, which the next open resumes', async () => {
    await openAndQuit();
    const [first, ...none] = await incidents();
    expect(none).toEqual([]);
    expect(first).toMatchObject({ service: 'checkout-api', environment: 'local', status: 'open', drill: false });

    const again = await openAndQuit();
    expect(again.screen).toContain(`resumed incident ${first!.id}`);
    expect(again.screen).toContain('--new to start another');
    expect((await incidents()).map((s) => s.id)).toEqual([first!.id]);

    const fresh = await openAndQuit('--new');
    expect(fresh.screen).not.toContain('resumed incident');
    const listed = await incidents();
    expect(listed).toHaveLength(2);
    const second = listed.find((s) => s.id !== first!.id)!;
    expect(second).toMatchObject({ status: 'open', drill: false });

    // The newest open one is resumed.
    const third = await openAndQuit();
    expect(third.screen).toContain(`resumed incident ${second.id}`);
    expect(await incidents()).toHaveLength(2);

    // --incident still picks one by id.
    const byId = await openAndQuit('--incident', first!.id);
    expect(byId.screen).toContain(first!.id);
    // Quit with it open, it says so and how to go on ("saved" alone read as done with, a burn still at 316x).
    // The pane's whole history, wrapped lines joined: the farewell is longer than the terminal is wide.
    const history = await tmux.waitForIn('cockpit', (s) => s.includes('EXIT='), 'the farewell', 20_000);
    // By its id: `cockpit open RUNBOOK` would resume the newer one (a new team's quit hint resumed the wrong incident).
    expect(history.replace(/\s+/g, '')).toMatch(new RegExp(`Incident${first!.id}saved;itisstillopen:cockpitopen\\S*--incident${first!.id}resumesit\\.`));
    expect(await incidents()).toHaveLength(2);
  }, 120_000);

  it('never resumes a drill, a resolved incident or another environment\'s: it opens a new one', async () => {
    const drill = await stored({ mode: 'drill-real', drill: true });
    const sandbox = await stored({ mode: 'drill-sandbox', drill: true });
    const resolved = await stored({ resolved: true });
    const staging = await stored({ environment: 'staging' });
    const { screen } = await openAndQuit();
    expect(screen).not.toContain('resumed incident');
    // A teammate's `open` beside a drill of the service: the new incident says it is not the drill (a shared-store team
    // drill made a stray real incident, the drill unsaid).
    expect(screen.replace(/\s+/g, ' ')).toContain(`ℹ this is a new incident, not the sandbox drill of checkout-api open on this store (${sandbox})`);
    const listed = await incidents();
    expect(listed).toHaveLength(5);
    const created = listed.filter((s) => ![drill, sandbox, resolved, staging].includes(s.id));
    expect(created).toEqual([expect.objectContaining({ environment: 'local', status: 'open', drill: false })]);
  }, 60_000);

  it("refuses to resume the open incident while another cockpit writes it, pointing to --read-only and --new", async () => {
    const writer = await openIncident({
      dataDir,
      responder: 'alice',
      create: { service: 'checkout-api', severity: 'SEV2', environment: 'local', mode: 'incident', drill: false, steps: [] },
    });
    if (!writer.ok) throw new Error(writer.error.message);
    try {
      const env = `env -u CI COCKPIT_DATA_DIR='${dataDir}'`;
      tmux.run('new-session', '-d', '-s', 'cockpit', '-x', '160', '-y', '45', '-c', ROOT, `${env} '${process.execPath}' '${BIN}' open '${runbook}' --env local; echo EXIT=$?`);
      windows += 1;
      tmux.run('set-option', '-t', 'cockpit', 'remain-on-exit', 'on');
      // The pane's whole history, wrapped lines joined: the one-line refusal is longer than the terminal is wide.
      const refused = await tmux.waitForIn('cockpit', (s) => s.includes('EXIT='), 'the refusal', 20_000);
      expect(refused).toContain('EXIT=2');
      expect(refused).toContain("it is checkout-api's open incident: add --read-only to watch it, or --new to start another");
      expect(await incidents()).toHaveLength(1);
    } finally {
      await writer.value.store.close();
    }
  }, 60_000);

  it('--new with --incident is a usage error, before any terminal is needed', async () => {
    const result = await cockpit(['open', runbook, '--new', '--incident', 'inc-x'], { env: { COCKPIT_DATA_DIR: dataDir } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe('cockpit open: --new starts another incident; it cannot be used with --incident');
  });
});
