import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/plugins/clock';
import { openHarness, START, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const CHILD = new URL('./sessionChild.ts', import.meta.url).pathname;
let harness: Harness | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await harness?.cleanup();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});


/** A cockpit in a child process, killed (SIGKILL) while its rollback runs or is verified: the incident's id. */
async function killedMidRollback(dir: string, phase: 'running' | 'verifying' | 'undo-verifying' | 'confirming'): Promise<string> {
  const child = fork(CHILD, [dir, ...(phase === 'running' ? [] : [phase])], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const incident = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { incident: string }).incident));
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return incident;
}

describe('resuming an incident after the cockpit was killed mid-action', () => {
  it('shows the action as interrupted and lets the responder re-run its verification', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-resume-'));
    const incident = await killedMidRollback(dataDir, 'running');

    // Reopened five minutes after the crash.
    harness = await openHarness({ dataDir, incidentId: incident, mode: 'drill-sandbox', clock: new ManualClock(START + 5 * 60_000) });
    const view = harness.session.view();
    expect(view.incident.id).toBe(incident);
    expect(view.steps.find((s) => s.id === 'rollback')).toMatchObject({ status: 'interrupted', detail: 'interrupted — check the provider; Enter checks it again' });
    expect(view.notices).toContain('1 action(s) were interrupted when the cockpit stopped: check the provider, then re-run their verification');
    const events = await harness.events();
    const takeover = events.findIndex((e) => e.kind === 'note' && e.data.tag === 'lock-takeover');
    expect(takeover).toBeGreaterThan(0);
    // Written by the cockpit: the log (and so the JSON export) said the responder, the Markdown the cockpit.
    expect(events[takeover]!.actor).toBe('cockpit');
    // "Its last event" is the killed cockpit's, not the lock this one took over on opening (that hid the gap).
    const reopened = events.find((e) => e.kind === 'note' && e.data.tag === 'reopened')!;
    expect(events[takeover - 1]!.at).not.toBe(events[takeover]!.at);
    expect((reopened.data as { text: string }).text).toContain(`the incident's last event was at ${events[takeover - 1]!.at.slice(11, 19)} UTC`);

    // Enter on the step checks the interrupted action again; it never plans a new one.
    expect(await harness.session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await harness.session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 60_000 });
    expect(harness.world.calls).toEqual(['verify:checkout-api:41']);
    expect((await harness.kinds()).slice(-2)).toEqual(['verify.passed', 'step.completed']);
    // Said while it is so: it stood minutes after the check had passed.
    expect(harness.session.view().notices.join('\n')).not.toContain('were interrupted');
  });
});

// A responder's drill, killed with a rollback's confirmation open: the timeline said `by root · action.cancelled — Action
// act-1 cancelled: the cockpit stopped before it was confirmed`, and the postmortem put root's name on it.
describe('resuming an incident after the cockpit was killed with a confirmation open', () => {
  it('records the plan cancelled by the cockpit, not by the responder', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-resume-confirming-'));
    const incident = await killedMidRollback(dataDir, 'confirming');
    harness = await openHarness({ dataDir, incidentId: incident, mode: 'drill-sandbox' });
    const cancelled = (await harness.events()).find((e) => e.kind === 'action.cancelled');
    expect(cancelled).toMatchObject({ actor: 'cockpit', data: { action: 'act-1', reason: 'the cockpit stopped before it was confirmed' } });
    expect(harness.world.calls).toEqual([]);
  });
});

describe('resuming an incident after the cockpit was killed while it verified a rollback', () => {
  it('watches the rollback again at once: the step is running, never `to do`, and no second rollback is planned', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-resume-verifying-'));
    const incident = await killedMidRollback(dataDir, 'verifying');

    harness = await openHarness({ dataDir, incidentId: incident, mode: 'drill-sandbox' });
    expect(harness.session.view().steps.find((s) => s.id === 'rollback')?.status).not.toBe('pending');
    await harness.session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 60_000 });
    expect(harness.world.calls).toEqual(['verify:checkout-api:41']);
    // Its time limit counts from the change, not from the check begun again (a rollout given 15m was said late only 15m after the resume).
    const succeeded = (await harness.events()).find((e) => e.kind === 'action.succeeded')!;
    expect(harness.world.verifyMadeAt).toEqual([succeeded.at]);
    const kinds = await harness.kinds();
    expect(kinds.filter((kind) => kind === 'action.planned')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'verify.passed' || kind === 'step.completed').slice(-2)).toEqual(['verify.passed', 'step.completed']);
    const notes = (await harness.events()).filter((e) => e.kind === 'note').map((e) => (e.data as { text: string }).text);
    expect(notes).toContain('act-1 (deploys.rollback) was being verified when its cockpit stopped: watched again');
  });
});

describe('resuming an incident after the cockpit was killed while it verified an undo', () => {
  // A responder's order-worker drill: killed while the undo of the rollback rolled out, the undo was "still being
  // verified: its outcome is not known" to the end, in the resolve dialog and the postmortem; a rollback's was watched again.
  it('watches the undo again at once, as a rollback is, and records its outcome', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-resume-undo-'));
    const incident = await killedMidRollback(dataDir, 'undo-verifying');

    const world = new TestWorld();
    world.rollbackUndoable = true;
    harness = await openHarness({ world, dataDir, incidentId: incident, mode: 'drill-sandbox' });
    await harness.session.until((v) => !v.running.some((a) => a.action === 'act-2'), { timeoutMs: 60_000 });
    expect(world.calls).toEqual(['verify:checkout-api:42']);
    const events = await harness.events();
    const notes = events.filter((e) => e.kind === 'note').map((e) => (e.data as { text: string }).text);
    expect(notes).toContain('act-2 (deploys.rollback) was being verified when its cockpit stopped: watched again');
    expect(events.filter((e) => e.kind === 'verify.passed').map((e) => (e.data as { action?: string }).action)).toEqual(['act-1', 'act-2']);
  });
});

describe('resuming an incident whose recovery check was being watched when its cockpit stopped', () => {
  it('watches the check again at once (no Enter), and it passes when the burn has held', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-resume-check-'));
    const first = await openHarness({ dataDir });
    expect(await first.session.dispatch({ type: 'step.run', step: 'burn-normal' })).toEqual({ ok: true });
    await first.advance(60_000);
    expect(first.session.view().steps.find((s) => s.id === 'burn-normal')?.status).toBe('running');
    const incident = first.session.incidentId;
    await first.session.close();

    harness = await openHarness({ dataDir, incidentId: incident, clock: first.clock, world: first.world });
    expect(harness.session.view().steps.find((s) => s.id === 'burn-normal')).toMatchObject({ status: 'running' });
    await harness.advance(11 * 60_000);
    expect(harness.session.view().steps.find((s) => s.id === 'burn-normal')?.status).toBe('done');
    const events = await harness.events();
    expect(events.filter((e) => e.kind === 'verify.passed')).toHaveLength(1);
    // Completed by the check, not by the responder who started it.
    expect(events.find((e) => e.kind === 'step.completed' && e.data.step === 'burn-normal')?.actor).toBe('cockpit');
    // The gap is on the timeline: a reader of the postmortem sees the cockpit stopped and came back.
    expect(events.find((e) => e.kind === 'note' && e.data.tag === 'reopened')?.data).toMatchObject({ text: expect.stringMatching(/^alice's cockpit opened the incident again \(the incident's last event was at \d\d:\d\d:\d\d UTC\)$/) });
  });
});

/**
 * A full disk took `step.completed` after the rollback's `verify.passed` had been written: the step
 * read `○ to do` after a resume, the postmortem listed it as not done, and Enter planned a second
 * rollback. The log says the change was made and checked: the step is completed on resume.
 */
describe('resuming an incident whose verified step lost its step.completed', () => {
  it('completes the step on resume, with no new plan and no provider call', async () => {
    const { openIncident } = await import('../../../src/timeline/openIncident');
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-resume-lost-'));
    const first = await openHarness({ dataDir });
    const incident = first.session.incidentId;
    await first.session.close();
    const opened = await openIncident({ dataDir, id: incident, responder: 'alice' });
    if (!opened.ok) throw new Error(opened.error.message);
    const { store } = opened.value;
    for (const event of [
      { kind: 'step.started', data: { step: 'rollback' } },
      { kind: 'action.planned', data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' } } },
      { kind: 'action.started', data: { action: 'act-1' } },
      { kind: 'action.succeeded', data: { action: 'act-1', summary: 'Started a deployment of checkout-api:41' } },
      { kind: 'verify.passed', data: { action: 'act-1', summary: 'checkout-api runs checkout-api:41' } },
    ] as const) {
      await store.append(event as never);
    }
    await store.close();

    harness = await openHarness({ dataDir, incidentId: incident, clock: first.clock, world: first.world });
    await harness.session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 60_000 });
    const kinds = await harness.kinds();
    expect(kinds.filter((kind) => kind === 'step.completed')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'action.planned')).toHaveLength(1);
    expect(harness.world.calls).toEqual([]);
  });
});

// A responder resumed a payments-api incident with the Argo Rollouts runbook: step 3 kept its recorded title
// "Roll the Deployment back (kubectl rollout undo)" and showed the other runbook's hint; a drill resumed the other
// way planned `kubectl rollout undo` under "Roll the Rollout back".
describe('resuming with a runbook whose steps are not the incident\'s', () => {
  it('is refused before anything is opened, naming the step and the runbook it was opened with', async () => {
    const { loadCheckout } = await import('../../support/sessionHarness');
    dataDir = await mkdtemp(join(tmpdir(), 'cockpit-resume-other-'));
    const first = await openHarness({ dataDir, runbookPath: 'runbooks/checkout-api.yaml' });
    const incident = first.session.incidentId;
    await first.session.close();
    const other = await loadCheckout();
    const rollback = other.first_actions.find((s) => s.id === 'rollback')!;
    const renamed = { ...other, first_actions: other.first_actions.map((s) => (s === rollback ? { ...s, title: 'Roll the Rollout back' } : s)) };
    const index = renamed.first_actions.indexOf(renamed.first_actions.find((s) => s.id === 'rollback')!) + 1;
    await expect(openHarness({ dataDir, incidentId: incident, runbook: renamed, runbookPath: 'runbooks/other.yaml' })).rejects.toThrow(
      `incident ${incident} was opened with runbooks/checkout-api.yaml, whose steps are not runbooks/other.yaml's (step ${index}: "${rollback.title}" there, "Roll the Rollout back" here): resume it with the runbook it was opened with (\`cockpit open runbooks/checkout-api.yaml --incident ${incident}\`), or start another with --new`,
    );
    // The same file, edited since: no loop back to itself.
    await expect(openHarness({ dataDir, incidentId: incident, runbook: renamed, runbookPath: 'runbooks/checkout-api.yaml' })).rejects.toThrow(
      `runbooks/checkout-api.yaml has other steps than when incident ${incident} was opened (step ${index}: "${rollback.title}" then, "Roll the Rollout back" now): put them back to resume it, or start another with --new`,
    );
    // A watch is told how to watch it, not to start another (`--new` with `--read-only` is refused).
    await expect(openHarness({ dataDir, incidentId: incident, runbook: renamed, runbookPath: 'runbooks/other.yaml', readOnly: true })).rejects.toThrow(/it was opened with \(`cockpit open runbooks\/checkout-api\.yaml --incident \S+ --read-only`\)$/);
    // Its own runbook resumes it.
    harness = await openHarness({ dataDir, incidentId: incident, runbookPath: 'runbooks/checkout-api.yaml' });
    expect(harness.session.incidentId).toBe(incident);
  });
});
