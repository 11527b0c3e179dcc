import { describe, expect, test } from 'vitest';
import { keyEffect } from '../../src/ui/keyEffects';
import { refusalStatus } from '../../src/ui/refusalStatus';
import { createUiStore, initialUiState, reduceUi, stepStanding, type UiState } from '../../src/ui/uiState';
import { incidentView, ROLLBACK_CONFIRMATION, runningRollback, STEPS, withConfirmation } from './fixtures';

const start = (): UiState => initialUiState(incidentView());

describe('UI reducer', () => {
  test('starts on the step the runbook suggests and follows it on from a step that is over, never off one still open', () => {
    let state = start();
    expect(state.selected).toBe(2);
    // The rollback (2) is done: the selection moves on with the runbook.
    const rolledBack = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const } : step));
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: rolledBack, nextStep: 3 }) });
    expect(state.selected).toBe(3);
    // Said, not done in silence: a check that passed long after Enter moved the selection, and an Up meant for the step
    // now selected landed on the rollback (helper-143).
    expect(state.status).toMatchObject({ tone: 'info', text: `selection moved on to 4. ${STEPS[3]!.title} (◀ next): 3. is over` });
    state = reduceUi(state, { type: 'select.move', delta: 1, count: 6 });
    expect(state.selected).toBe(4);
    expect(state.status).toBeNull();
    // A selection past a shorter runbook is kept on its last step: no move of the runbook's to say.
    const shorter = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: rolledBack.slice(0, 3), nextStep: 3 }) });
    expect(shorter.selected).toBe(2);
    expect(shorter.status).toBeNull();
    // The same suggestion again: the responder's selection stays.
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: rolledBack, nextStep: 3 }) });
    expect(state.selected).toBe(4);
    // The pointer moves while the selected step (4) is still open: the selection stays where the
    // responder put it (a responder's selection was carried onto a rollback by a pointer moving back).
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: rolledBack, nextStep: 5 }) });
    expect(state.selected).toBe(4);
  });

  // search-api: `◀ next` moved on while the rollback was still being verified; once it was done the
  // selection stayed on it, and the next Enter planned a second rollback, to :40.
  test('follows the runbook on from a step that is over once it is, when the pointer moved on while it ran', () => {
    let state = start();
    expect(state.selected).toBe(2);
    const running = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'running' as const } : step));
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: running, nextStep: 3 }) });
    expect(state.selected).toBe(2);
    const rolledBack = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const } : step));
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: rolledBack, nextStep: 3 }) });
    expect(state.selected).toBe(3);
    // Once: the responder's own move afterwards stays.
    state = reduceUi(state, { type: 'select.move', delta: -1, count: 6 });
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: rolledBack, nextStep: 3 }) });
    expect(state.selected).toBe(2);
  });

  test('does not follow later when the responder moved the selection meanwhile', () => {
    let state = start();
    const running = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'running' as const } : step));
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: running, nextStep: 3 }) });
    state = reduceUi(state, { type: 'select.move', delta: 2, count: 6 });
    const rolledBack = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const } : step));
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: rolledBack, nextStep: 3 }) });
    expect(state.selected).toBe(4);
  });

  // A shared incident: a teammate's `d` on step 1 moved carol's selection on, and her Down then Enter, meant for
  // step 2, opened the rollback's confirmation.
  test('with teammates on the incident, the selection never moves by itself', () => {
    const state = start();
    const rolledBack = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const } : step));
    const team = incidentView({ steps: rolledBack, nextStep: 3 });
    const withTeam = { ...team, incident: { ...team.incident, present: [{ responder: 'alice', since: '2026-11-22T02:00:00.000Z', readOnly: false }] } };
    expect(reduceUi(state, { type: 'view.changed', view: withTeam }).selected).toBe(2);
  });

  test('selection stays within the steps', () => {
    let state = reduceUi(start(), { type: 'select.move', delta: -10, count: 6 });
    expect(state.selected).toBe(0);
    state = reduceUi(state, { type: 'select.move', delta: 10, count: 6 });
    expect(state.selected).toBe(5);
  });

  test('a confirmation opens its dialog; once answered it stays closed until the session drops it', () => {
    let state = reduceUi(start(), { type: 'view.changed', view: withConfirmation() });
    expect(state.dialog).toEqual({ kind: 'confirm', action: ROLLBACK_CONFIRMATION.action, typed: '' });
    state = reduceUi(state, { type: 'dialog.type', text: 'check' });
    expect(state.dialog).toMatchObject({ typed: 'check' });
    state = reduceUi(state, { type: 'view.changed', view: withConfirmation() });
    expect(state.dialog).toMatchObject({ typed: 'check' });
    state = reduceUi(state, { type: 'confirm.answered', action: ROLLBACK_CONFIRMATION.action });
    expect(state.dialog).toBeNull();
    state = reduceUi(state, { type: 'view.changed', view: withConfirmation() });
    expect(state.dialog).toBeNull();
    state = reduceUi(state, { type: 'view.changed', view: incidentView() });
    expect(state.answered).toBeNull();
    state = reduceUi(state, { type: 'view.changed', view: withConfirmation({ ...ROLLBACK_CONFIRMATION, action: 'act-2' }) });
    expect(state.dialog).toEqual({ kind: 'confirm', action: 'act-2', typed: '' });
  });

  test('a new confirmation clears a refusal said before it; one shown again keeps the refusal of its answer', () => {
    // A second Enter's `✖ step rollback is under way already` stood in the dialog above `Enter confirm`.
    let state = reduceUi(start(), { type: 'status.set', status: { tone: 'bad', text: 'step rollback is under way already: wait for its end' } });
    state = reduceUi(state, { type: 'view.changed', view: withConfirmation() });
    expect(state.status).toBeNull();
    state = reduceUi(state, { type: 'confirm.answered', action: ROLLBACK_CONFIRMATION.action });
    state = reduceUi(state, { type: 'status.set', status: { tone: 'bad', text: 'type `checkout-api` exactly to confirm' } });
    state = reduceUi(state, { type: 'confirm.reopen' });
    state = reduceUi(state, { type: 'view.changed', view: withConfirmation() });
    expect(state.dialog).toMatchObject({ kind: 'confirm' });
    expect(state.status).toEqual({ tone: 'bad', text: 'type `checkout-api` exactly to confirm' });
  });

  test('a refusal goes once the text it was about is edited (it stood beside "✓ matches")', () => {
    let state = reduceUi(start(), { type: 'view.changed', view: withConfirmation() });
    state = reduceUi(state, { type: 'status.set', status: { tone: 'bad', text: 'Type exactly "checkout-api" to confirm, or Esc to cancel' } });
    state = reduceUi(state, { type: 'dialog.type', text: 'checkout-api' });
    expect(state.status).toBeNull();
    state = reduceUi(state, { type: 'status.set', status: { tone: 'info', text: 'quitting…' } });
    state = reduceUi(state, { type: 'dialog.erase' });
    expect(state.status).toEqual({ tone: 'info', text: 'quitting…' });
  });

  test('text editing and choices act on the open dialog only', () => {
    let state = reduceUi(start(), { type: 'dialog.type', text: 'x' });
    expect(state.dialog).toBeNull();
    state = reduceUi(state, { type: 'dialog.open', dialog: { kind: 'role', choice: 0, text: '' } });
    state = reduceUi(state, { type: 'dialog.type', text: 'bob\r' });
    state = reduceUi(state, { type: 'dialog.erase' });
    state = reduceUi(state, { type: 'dialog.cycle', delta: -1 });
    expect(state.dialog).toEqual({ kind: 'role', choice: 2, text: 'bo' });
  });

  test('the timeline pages back and returns to following the newest', () => {
    let state = reduceUi(start(), { type: 'timeline.page', direction: -1, length: 100, page: 10 });
    expect(state.timelineTop).toBe(80);
    state = reduceUi(state, { type: 'timeline.page', direction: -1, length: 100, page: 10 });
    expect(state.timelineTop).toBe(70);
    state = reduceUi(state, { type: 'timeline.page', direction: 1, length: 100, page: 10 });
    state = reduceUi(state, { type: 'timeline.page', direction: 1, length: 100, page: 10 });
    expect(state.timelineTop).toBeNull();
  });

  // A responder's drill: Enter on the rollback's confirmation and `q` sent together quit with no question, and the
  // rollback confirmed never ran (the quit cancelled its plan's re-check).
  test('q right after a confirmation is answered, before the session starts the action, asks first', () => {
    let state = reduceUi(initialUiState(withConfirmation()), { type: 'view.changed', view: withConfirmation() });
    expect(state.dialog).toMatchObject({ kind: 'confirm', action: 'act-1' });
    state = reduceUi(state, { type: 'dialog.type', text: 'checkout-api' });
    const confirm = keyEffect({ layer: 'dialog', key: { type: 'submit' } }, { view: withConfirmation(), state, timelinePage: 10, deploysPage: 5 });
    for (const action of confirm.ui) state = reduceUi(state, action);
    expect(state.dialog).toBeNull();
    // The session has not taken the answer up yet: its view still holds the confirmation.
    const asked = keyEffect({ layer: 'command', command: 'quit' }, { view: withConfirmation(), state, timelinePage: 10, deploysPage: 5 });
    expect(asked.quit).toBeUndefined();
    expect(asked.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'quit-running', actions: ['deploys.rollback (confirmed, not started yet: quitting stops it before it runs): Roll back checkout-api from :42 to :39'] } }]);
    for (const action of asked.ui) state = reduceUi(state, action);
    // Started: the question reads what runs now, and stays a question.
    state = reduceUi(state, { type: 'view.changed', view: runningRollback() });
    expect(state.dialog).toMatchObject({ kind: 'quit-running', actions: [expect.stringMatching(/^deploys\.rollback \(being made: its call is stopped\): /)] });
    expect(state.dialog).not.toHaveProperty('ended');
    // A declined confirmation is no work: q quits at once.
    let declined = reduceUi(initialUiState(withConfirmation()), { type: 'view.changed', view: withConfirmation() });
    for (const action of keyEffect({ layer: 'dialog', key: { type: 'cancel' } }, { view: withConfirmation(), state: declined, timelinePage: 10, deploysPage: 5 }).ui) declined = reduceUi(declined, action);
    expect(keyEffect({ layer: 'command', command: 'quit' }, { view: withConfirmation(), state: declined, timelinePage: 10, deploysPage: 5 }).quit).toBe(true);
  });

  test('PgDn after PgUp follows the newest again even when entries arrived meanwhile; End always does', () => {
    let state = reduceUi(start(), { type: 'timeline.page', direction: -1, length: 100, page: 10 });
    expect(state.timelineTop).toBe(80);
    // Three SLO samples arrive while the responder reads: one PgDn is still back to following.
    state = reduceUi(state, { type: 'timeline.page', direction: 1, length: 103, page: 10 });
    expect(state.timelineTop).toBeNull();
    state = reduceUi(start(), { type: 'timeline.page', direction: -1, length: 100, page: 10 });
    state = reduceUi(state, { type: 'timeline.page', direction: -1, length: 100, page: 10 });
    state = reduceUi(state, { type: 'timeline.page', direction: -1, length: 100, page: 10 });
    expect(state.timelineTop).toBe(60);
    state = reduceUi(state, { type: 'timeline.follow' });
    expect(state.timelineTop).toBeNull();
  });

  test('a cancel dialog whose action ended says so and stays until the responder closes it', () => {
    let state = reduceUi(initialUiState(runningRollback()), { type: 'dialog.open', dialog: { kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing' } });
    state = reduceUi(state, { type: 'view.changed', view: runningRollback() });
    expect(state.dialog).toEqual({ kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing' });
    // Closing it under the responder's finger would hand their Enter to the step behind it.
    state = reduceUi(state, { type: 'view.changed', view: incidentView() });
    expect(state.dialog).toEqual({ kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing', ended: true });
    state = reduceUi(state, { type: 'view.changed', view: runningRollback() });
    expect(state.dialog).toMatchObject({ ended: true });
  });

  test('a quit question whose actions all ended says so instead of vanishing', () => {
    let state = reduceUi(initialUiState(runningRollback()), { type: 'dialog.open', dialog: { kind: 'quit-running', actions: ['deploys.rollback: x'] } });
    state = reduceUi(state, { type: 'view.changed', view: incidentView() });
    expect(state.dialog).toEqual({ kind: 'quit-running', actions: ['deploys.rollback: x'], ended: true });
  });

  test('the store notifies only on change and reads synchronously', () => {
    const store = createUiStore(start());
    let calls = 0;
    const unsubscribe = store.subscribe(() => (calls += 1));
    store.dispatch({ type: 'select.move', delta: 1, count: 6 });
    expect(store.get().selected).toBe(3);
    store.dispatch({ type: 'select.move', delta: 0, count: 6 });
    unsubscribe();
    store.dispatch({ type: 'select.move', delta: 1, count: 6 });
    expect(calls).toBe(1);
  });

  // "✖ … is still running: U once it has finished" stayed 20 minutes beside the step done, and its U offered.
  test('a refusal about a step goes once the step changes, and stays while it does not', () => {
    const running = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'running' as const } : step));
    const view = incidentView({ steps: running });
    let state = reduceUi(initialUiState(view), { type: 'status.set', status: { text: 'is still running', tone: 'bad', about: { step: 'rollback', was: stepStanding(running[2]!) } } });
    state = reduceUi(state, { type: 'view.changed', view });
    expect(state.status?.text).toBe('is still running');
    const done = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const, undo: { action: 'act-1', summary: 'deploy :42 again' } } : step));
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: done }) });
    expect(state.status).toBeNull();
  });

  // order-worker at 80x24: `✖ step rollback is under way already: wait for its end` (the session's refusal of a second
  // Enter) stood 8 minutes beside `✓ 3. Roll back the worker done`.
  test("the session's refusal of a step's intent goes once the step changes, as the keys' own do", () => {
    const running = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'running' as const } : step));
    const view = incidentView({ steps: running });
    const status = refusalStatus({ type: 'step.run', step: 'rollback' }, 'step rollback is under way already: wait for its end', view);
    expect(status.about).toEqual({ step: 'rollback', was: stepStanding(running[2]!) });
    let state = reduceUi(initialUiState(view), { type: 'status.set', status });
    state = reduceUi(state, { type: 'view.changed', view });
    expect(state.status?.text).toBe('step rollback is under way already: wait for its end');
    const done = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const } : step));
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ steps: done }) });
    expect(state.status).toBeNull();
    // A refusal about no step stays as before.
    expect(refusalStatus({ type: 'note.add', text: 'x' } as never, 'no', view).about).toBeUndefined();
  });

  // A team drill: a watch's `✖ Read-only: …`, pressed minutes before, hid `ℹ the watch is behind the writer …` for the
  // whole of a store outage.
  test('an answer to a key gives the line up to something new to say, and keeps it while nothing new comes', () => {
    const watching = incidentView({ notices: ['read-only: this cockpit watches (--read-only), and records nothing'] });
    let state = reduceUi(initialUiState(watching), { type: 'status.set', status: { tone: 'bad', text: 'Read-only: this cockpit watches, and records nothing' } });
    state = reduceUi(state, { type: 'view.changed', view: watching });
    expect(state.status?.text).toBe('Read-only: this cockpit watches, and records nothing');
    // A reminder counting its minutes is nothing new.
    const due = (minutes: number) => incidentView({ reminders: [`Status update due in #incidents: open ${minutes}m, runbook asks after 10m`] });
    let reminded = reduceUi(reduceUi(initialUiState(due(12)), { type: 'status.set', status: { tone: 'bad', text: 'no step on screen' } }), { type: 'view.changed', view: due(13) });
    expect(reminded.status?.text).toBe('no step on screen');
    reminded = reduceUi(reminded, { type: 'view.changed', view: due(14) });
    expect(reminded.status?.text).toBe('no step on screen');
    state = reduceUi(state, { type: 'view.changed', view: incidentView({ notices: ['the watch is behind the writer: its log cannot be read (connect ECONNREFUSED)', ...watching.notices] }) });
    expect(state.status).toBeNull();
  });
});
