import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import type { Intent } from '../../../src/session/intents';
import type { CockpitView } from '../../../src/session/viewModel';
import { keyEffect, type KeyEffect } from '../../../src/ui/keyEffects';
import type { Command } from '../../../src/ui/keys';
import { initialUiState, reduceUi } from '../../../src/ui/uiState';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * Issue #14 through the session of a bad-deploy drill, with the intents the screen sends: a
 * recovery check started by Enter passes and completes; `d` on it is a recorded override; closing
 * the incident while it burns needs a reason; a resolve can be taken back.
 */
let harness: DrillHarness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const MIN = 60_000;
const dataOf = (events: StoredEvent[], kind: string) => events.filter((e) => e.kind === kind).map((e) => e.data as Record<string, unknown>);
const stepOf = (view: CockpitView, id: string) => view.steps.find((s) => s.id === id)!;

/** What a key does on the screen with `stepId` selected (the same function the App calls). */
function press(h: DrillHarness, command: Command, stepId = 'burn-normal'): KeyEffect {
  const view = h.drill.session.view();
  const initial = initialUiState(view);
  const index = view.steps.findIndex((s) => s.id === stepId);
  const state = reduceUi(initial, { type: 'select.move', delta: index - initial.selected, count: view.steps.length });
  return keyEffect({ layer: 'command', command }, { state, view, timelinePage: 10, deploysPage: 5 });
}

async function rollBack(h: DrillHarness): Promise<void> {
  expect((await h.drill.session.dispatch({ type: 'step.run', step: 'rollback' })).ok).toBe(true);
  expect(await h.until((v) => v.confirmation !== undefined)).toBe(true);
  expect((await h.drill.session.dispatch({ type: 'confirm', action: h.drill.session.view().confirmation!.action })).ok).toBe(true);
  expect(await h.until((v) => stepOf(v, 'rollback').status === 'done' && v.running.length === 0)).toBe(true);
}

describe('a recovery check finishes from the screen', { timeout: 120_000 }, () => {
  it('Enter on the verify step starts the check; its progress shows; it passes, the step completes and the drill recovers', async () => {
    harness = await openDrill('bad-deploy');
    const h = harness;
    await rollBack(h);
    const enter = press(h, 'step.run');
    expect(enter.intent).toEqual({ type: 'step.run', step: 'burn-normal' });
    expect(await h.drill.session.dispatch(enter.intent!)).toEqual({ ok: true });
    // Live progress in words while it holds.
    expect(await h.until((v) => /^availability 5m burn \d+\.\d\dx < 1x, held [1-9]\d*m\S* of 10m/.test(stepOf(v, 'burn-normal').verify ?? ''), 40 * MIN)).toBe(true);
    expect(stepOf(h.drill.session.view(), 'burn-normal').status).toBe('running');
    expect(await h.until((v) => stepOf(v, 'burn-normal').status === 'done', 40 * MIN)).toBe(true);
    const events = await h.events();
    expect(dataOf(events, 'verify.passed').filter((d) => d.step === 'burn-normal')).toHaveLength(1);
    expect(dataOf(events, 'step.completed').filter((d) => d.step === 'burn-normal')).toEqual([{ step: 'burn-normal' }]);
    const report = await h.drill.score();
    expect(report).toMatchObject({ recovered: true, recoveryChecksPassed: true, checkOverrides: [] });
  });

  it('d on the verify step asks for a reason; the override stops the watch and is scored as an override', async () => {
    harness = await openDrill('bad-deploy');
    const h = harness;
    const d = press(h, 'step.done');
    expect(d.intent).toBeUndefined();
    expect(d.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'override', step: 'burn-normal', text: '' } }]);
    // Rolled back first, so the check would pass on its own if the override left it watching.
    await rollBack(h);
    expect((await h.drill.session.dispatch({ type: 'step.run', step: 'burn-normal' })).ok).toBe(true);
    expect(await h.until((v) => stepOf(v, 'burn-normal').status === 'running')).toBe(true);
    const refused = await h.drill.session.dispatch({ type: 'step.complete', step: 'burn-normal' });
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/reason/) });
    expect(await h.drill.session.dispatch({ type: 'step.complete', step: 'burn-normal', reason: 'dashboards agree' })).toEqual({ ok: true });
    expect(await h.until((v) => stepOf(v, 'burn-normal').status === 'done')).toBe(true);
    // The stopped watch never passes later, though the burn is down.
    await h.pass(20 * MIN);
    const events = await h.events();
    expect(dataOf(events, 'step.completed').filter((e) => e.step === 'burn-normal')).toEqual([{ step: 'burn-normal', override: true, reason: 'dashboards agree' }]);
    expect(dataOf(events, 'verify.passed').filter((e) => e.step === 'burn-normal')).toEqual([]);
    const report = await h.drill.score();
    expect(report.recoveryChecksPassed).toBe(false);
    expect(report.checkOverrides).toEqual([{ step: 'burn-normal', reason: 'dashboards agree' }]);
    expect(report.findings).toContain('Recovery check 5. Burn under 1x for 10m marked done by hand (override): dashboards agree');
  });

  it('d on an action step that never ran asks for a reason and records it as marked done without running, never as done', async () => {
    harness = await openDrill('bad-deploy');
    const h = harness;
    const d = press(h, 'step.done', 'rollback');
    expect(d.intent).toBeUndefined();
    expect(d.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'override', step: 'rollback', text: '' } }]);
    // Without a reason (what a bare `d` used to send) the session refuses, and the step stays as it was.
    expect(await h.drill.session.dispatch({ type: 'step.complete', step: 'rollback' })).toEqual({ ok: false, reason: expect.stringMatching(/has not run.*reason/) });
    expect(stepOf(h.drill.session.view(), 'rollback').status).toBe('pending');
    expect(await h.drill.session.dispatch({ type: 'step.complete', step: 'rollback', reason: 'blocked, rolled back by hand in the console' })).toEqual({ ok: true });
    expect(await h.until((v) => stepOf(v, 'rollback').status === 'done')).toBe(true);
    expect(stepOf(h.drill.session.view(), 'rollback').manual).toEqual({ action: 'deploys.rollback', reason: 'blocked, rolled back by hand in the console' });
    const events = await h.events();
    expect(dataOf(events, 'step.completed').filter((e) => e.step === 'rollback')).toEqual([{ step: 'rollback', manual: true, action: 'deploys.rollback', reason: 'blocked, rolled back by hand in the console' }]);
    const { timeline: view } = h.drill.session.view();
    const timeline = view.entries(0, view.length).map((t) => t.text);
    expect(timeline).toContain('Step rollback marked done without running deploys.rollback: blocked, rolled back by hand in the console');
    expect(timeline).not.toContain('Step rollback completed');
    const report = await h.drill.score();
    expect(report.findings).toContain('Step 3. Roll back to the previous task definition marked done without running deploys.rollback: blocked, rolled back by hand in the console');
  });

  it('d on an action step whose action succeeded needs no reason (it is done already)', async () => {
    harness = await openDrill('bad-deploy');
    await rollBack(harness);
    expect(press(harness, 'step.done', 'rollback').intent).toEqual({ type: 'step.complete', step: 'rollback' });
    expect(harness.drill.session.view().steps.find((s) => s.id === 'rollback')!.manual).toBeUndefined();
  });

  it('a step without run: or verify: keeps start and done', async () => {
    harness = await openDrill('bad-deploy');
    expect(press(harness, 'step.run', 'confirm-impact').intent).toEqual({ type: 'step.start', step: 'confirm-impact' });
    expect(press(harness, 'step.done', 'confirm-impact').intent).toEqual({ type: 'step.complete', step: 'confirm-impact' });
  });

  it('Enter on a step without run: or verify: says d finishes it, and a second Enter starts nothing again', async () => {
    // A responder pressed Enter, saw only "started" under a step still "to do", pressed it again
    // (logged twice) and waited nine drill-minutes before guessing d.
    harness = await openDrill('bad-deploy');
    const { session } = harness.drill;
    expect(await session.dispatch({ type: 'step.start', step: 'confirm-impact' })).toEqual({ ok: true });
    await harness.until((v) => v.steps.find((s) => s.id === 'confirm-impact')?.detail !== undefined);
    expect(session.view().steps.find((s) => s.id === 'confirm-impact')).toMatchObject({ status: 'started', detail: 'd marks it done' });
    expect(await session.dispatch({ type: 'step.start', step: 'confirm-impact' })).toEqual({ ok: false, reason: 'step confirm-impact is started already: d marks it done' });
    expect((await harness.events()).filter((e) => e.kind === 'step.started' && e.data.step === 'confirm-impact')).toHaveLength(1);
    expect(await session.dispatch({ type: 'step.complete', step: 'confirm-impact' })).toEqual({ ok: true });
  });
});

describe('guards on what cannot be undone', { timeout: 120_000 }, () => {
  it('mitigated while it burns needs a reason; resolve shows the duration; a reopen takes it back', async () => {
    harness = await openDrill('bad-deploy');
    const { session } = harness.drill;
    await harness.pass(2 * MIN);
    const burning = session.view().incident.burning;
    expect(burning).toMatch(/^availability is burning \d+\.\dx on 5m$/);
    const refused = await session.dispatch({ type: 'incident.mitigated' });
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining(burning!) });
    expect(await session.dispatch({ type: 'incident.mitigated', reason: 'rolling back now' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'incident.resolved', reason: 'testing the guard' })).toEqual({ ok: true });
    await harness.until((v) => v.incident.status === 'resolved');
    const resolvedView = session.view();
    expect(resolvedView.incident.resolvedAfterMs).toBeGreaterThan(0);
    // The duration is fixed once resolved.
    await harness.pass(MIN);
    expect(session.view().incident.resolvedAfterMs).toBe(resolvedView.incident.resolvedAfterMs);

    expect(await session.dispatch({ type: 'incident.reopen', reason: '  ' })).toEqual({ ok: false, reason: expect.stringMatching(/why/) });
    expect(await session.dispatch({ type: 'incident.reopen', reason: 'still burning' })).toEqual({ ok: true });
    await harness.until((v) => v.incident.status !== 'resolved');
    expect(session.view().incident.status).toBe('mitigated');
    expect(session.view().incident.resolvedAfterMs).toBeUndefined();
    const events = await harness.events();
    expect(dataOf(events, 'incident.mitigated')).toEqual([{ reason: 'rolling back now', burning }]);
    expect(dataOf(events, 'incident.reopened')).toEqual([{ reason: 'still burning' }]);
    // An open incident cannot be reopened.
    expect(await session.dispatch({ type: 'incident.reopen', reason: 'again' })).toMatchObject({ ok: true });
    expect((await session.dispatch({ type: 'incident.reopen', reason: 'again' })).ok).toBe(false);
  });

  it('a status update from the screen clears the banner and names the runbook channel', async () => {
    harness = await openDrill('bad-deploy');
    const h = harness;
    expect(await h.until((v) => v.reminders.some((r) => r.startsWith('Status update due')), 20 * MIN)).toBe(true);
    const u = press(h, 'status.update');
    expect(u.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'comms', text: '' } }]);
    const intent: Intent = { type: 'comms.sent', message: 'posted' };
    expect(await h.drill.session.dispatch(intent)).toEqual({ ok: true });
    expect(await h.until((v) => v.reminders.length === 0)).toBe(true);
    expect(dataOf(await h.events(), 'comms.sent')).toEqual([{ channel: '#incidents', message: 'posted' }]);
    // The cockpit sent nothing: the timeline says it recorded what the responder posted, never "sent".
    const timeline = h.drill.session.view().timeline;
    const line = timeline.entries(0, timeline.length).find((e) => e.kind === 'comms.sent');
    expect(line?.text).toBe('Update recorded (posted to #incidents by hand): posted');
    expect(timeline.entries(0, timeline.length).map((e) => e.text).join('\n')).not.toMatch(/update sent/i);
  });
});
