import type { Key } from 'ink';
import { describe, expect, test } from 'vitest';
import { keyEffect } from '../../src/ui/keyEffects';
import { BINDINGS, footerLine, routeKey, splitKeys, type Command } from '../../src/ui/keys';
import { initialUiState, reduceUi, type Dialog } from '../../src/ui/uiState';
import { incidentView, RECOMMENDATION, ROLLBACK_CONFIRMATION, runningRollback, STEPS, withConfirmation } from './fixtures';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (overrides: Partial<Key>): Key => ({ ...NO_KEY, ...overrides });

describe('routeKey', () => {
  test('every command has a binding and the footer comes from the same table', () => {
    const commands = BINDINGS.map((binding) => binding.command);
    expect(new Set(commands).size).toBe(commands.length);
    const everything = BINDINGS.flatMap((binding) => (binding.footer === undefined ? [] : [binding.footer]));
    expect(footerLine(1_000)).toBe(everything.join(' · '));
    expect(everything).toContain('Enter run');
  });

  test('the footer fits its width, always keeps help and quit, and says "? more keys" when it is partial', () => {
    const all = BINDINGS.flatMap((binding) => (binding.footer === undefined ? [] : [binding.footer]));
    for (const width of [30, 60, 80, 120, 200]) {
      const footer = footerLine(width);
      expect(Array.from(footer).length).toBeLessThanOrEqual(width);
      const complete = all.every((text) => footer.includes(text));
      expect(footer.endsWith(complete ? '? help · q quit' : '? more keys · q quit'), footer).toBe(true);
    }
    expect(footerLine(80).startsWith('Enter run · s skip · d done')).toBe(true);
  });

  test('the footer offers what applies: r, not m, once the incident is mitigated; neither once resolved', () => {
    expect(footerLine(80)).not.toContain('r resolved');
    expect(footerLine(80, { status: 'mitigated' })).toContain('r resolved');
    expect(footerLine(80, { status: 'mitigated' })).not.toContain('m mitigated');
    // Resolved (a search-api resolved at 8x): the way back is offered, at 80 columns too.
    expect(footerLine(80, { status: 'resolved' })).toContain('o reopen');
    expect(footerLine(80, { status: 'open' })).not.toContain('o reopen');
    expect(footerLine(1_000, { status: 'resolved' })).not.toMatch(/m mitigated|r resolved/);
  });

  // At 100 columns the advice read "the burn has stopped (5m 0.1x) · m mitigated" above a footer without `m`.
  test('the key the advice names stays in a narrow footer, right after the step keys', () => {
    expect(footerLine(100)).not.toContain('m mitigated');
    const footer = footerLine(100, { asked: ['mitigated'] });
    expect(footer.startsWith('Enter run · s skip · d done · m mitigated · ↑↓ move · ')).toBe(true);
    expect(footer.endsWith('? more keys · q quit')).toBe(true);
    expect(Array.from(footer).length).toBeLessThanOrEqual(100);
    // `U` only while the advice asks for an undo (`· U on step 3` stood above a footer without it), after the step keys.
    expect(footerLine(1_000)).not.toContain('U undo');
    expect(footerLine(100, { asked: ['mitigated', 'step.undo'] }).startsWith('Enter run · s skip · d done · U undo · m mitigated · ↑↓ move · ')).toBe(true);
    // Both kept at 80 columns (`m mitigated` was dropped after `↑↓ move`, beside the advice naming it and `U on step 3`).
    const narrow = footerLine(80, { asked: ['mitigated', 'step.undo'] });
    expect(narrow).toContain('U undo · m mitigated');
    expect(Array.from(narrow).length).toBeLessThanOrEqual(80);
    // Asked of an incident already marked so, it is not offered again.
    expect(footerLine(100, { status: 'mitigated', asked: ['mitigated'] })).not.toContain('m mitigated');
  });

  test('keys map to commands outside dialogs', () => {
    expect(routeKey('', key({ return: true }), false)).toEqual({ layer: 'command', command: 'step.run', input: '' });
    expect(routeKey('j', NO_KEY, false)).toEqual({ layer: 'command', command: 'select.down', input: 'j' });
    expect(routeKey('', key({ upArrow: true }), false)).toEqual({ layer: 'command', command: 'select.up', input: '' });
    expect(routeKey('S', key({ shift: true }), false)).toEqual({ layer: 'command', command: 'severity', input: 'S' });
    expect(routeKey('s', NO_KEY, false)).toEqual({ layer: 'command', command: 'step.skip', input: 's' });
    // One binding, two keys: the key says which way the deploys page.
    expect(routeKey('[', NO_KEY, false)).toEqual({ layer: 'command', command: 'deploys.page', input: '[' });
    expect(routeKey(']', NO_KEY, false)).toEqual({ layer: 'command', command: 'deploys.page', input: ']' });
    expect(routeKey('x', NO_KEY, false)).toBeNull();
  });

  test('an open dialog takes every key except Ctrl-C', () => {
    expect(routeKey('q', NO_KEY, true)).toEqual({ layer: 'dialog', key: { type: 'text', text: 'q' } });
    expect(routeKey('', key({ return: true }), true)).toEqual({ layer: 'dialog', key: { type: 'submit' } });
    expect(routeKey('', key({ escape: true }), true)).toEqual({ layer: 'dialog', key: { type: 'cancel' } });
    expect(routeKey('', key({ tab: true, shift: true }), true)).toEqual({ layer: 'dialog', key: { type: 'cycle', delta: -1 } });
    expect(routeKey('c', key({ ctrl: true }), true)).toEqual({ layer: 'command', command: 'quit' });
  });
});

describe('splitKeys', () => {
  test('a run of text becomes one key per character, control characters as their keys', () => {
    expect(splitKeys('j', NO_KEY)).toEqual([{ input: 'j', key: NO_KEY }]);
    expect(splitKeys('jS\r\t\u007f', NO_KEY)).toEqual([
      { input: 'j', key: NO_KEY },
      { input: 'S', key: key({ shift: true }) },
      { input: '', key: key({ return: true }) },
      { input: '', key: key({ tab: true }) },
      { input: '', key: key({ backspace: true }) },
    ]);
  });
});

describe('keyEffect', () => {
  const context = (view = incidentView(), dialog: Dialog | null = null) => {
    const state = reduceUi(initialUiState(view), dialog === null ? { type: 'dialog.close' } : { type: 'dialog.open', dialog });
    return { state, view, timelinePage: 10, deploysPage: 5 };
  };

  test('with no step on screen, the step keys are refused, and the footer leaves them out', () => {
    for (const command of ['step.run', 'step.skip', 'step.done', 'select.up', 'select.down'] as const) {
      const effect = keyEffect({ layer: 'command', command }, { ...context(), stepsOnScreen: false });
      expect(effect.intent).toBeUndefined();
      expect(effect.ui).toEqual([{ type: 'status.set', status: { tone: 'bad', text: expect.stringMatching(/^No step on screen/) } }]);
    }
    expect(footerLine(1_000, { stepsOnScreen: false })).not.toMatch(/Enter run|s skip|d done|↑↓/);
    expect(footerLine(1_000, { stepsOnScreen: false })).toContain('q quit');
  });

  test('Enter runs a step with an action and starts a manual one', () => {
    expect(keyEffect({ layer: 'command', command: 'step.run' }, context()).intent).toEqual({ type: 'step.run', step: 'rollback' });
    const manual = context(incidentView({ nextStep: 5 }));
    expect(keyEffect({ layer: 'command', command: 'step.run' }, manual).intent).toEqual({ type: 'step.start', step: 'status-page' });
  });

  test('type-to-confirm: a wrong phrase is refused in words, the exact one confirms with what was typed', () => {
    const view = withConfirmation();
    const wrong = keyEffect({ layer: 'dialog', key: { type: 'submit' } }, context(view, { kind: 'confirm', action: 'act-1', typed: 'checkout' }));
    expect(wrong.intent).toBeUndefined();
    expect(wrong.ui).toEqual([{ type: 'status.set', status: { tone: 'bad', text: 'Type exactly "checkout-api" to confirm, or Esc to cancel' } }]);
    const right = keyEffect({ layer: 'dialog', key: { type: 'submit' } }, context(view, { kind: 'confirm', action: 'act-1', typed: 'checkout-api' }));
    expect(right.intent).toEqual({ type: 'confirm', action: 'act-1', typed: 'checkout-api' });
  });

  // At 80x24 an Argo plan had room for one line: PgDn moved eight, past lines never shown.
  test("a confirmation's plan cut to fit scrolls a line with ↑↓ and its own page with PgUp/PgDn; shown whole, nothing", () => {
    const dialog = { kind: 'confirm' as const, action: 'act-1', typed: '' };
    const at = (plan?: { lastTop: number; rows: number }) => ({ ...context(withConfirmation(), dialog), ...(plan === undefined ? {} : { plan }) });
    const pgDn = routeKey('', key({ pageDown: true }), true)!;
    const down = routeKey('', key({ downArrow: true }), true)!;
    expect(keyEffect(pgDn, at({ lastTop: 10, rows: 1 })).ui).toEqual([{ type: 'dialog.scroll', delta: 1, last: 10 }]);
    expect(keyEffect(pgDn, at({ lastTop: 10, rows: 3 })).ui).toEqual([{ type: 'dialog.scroll', delta: 3, last: 10 }]);
    expect(keyEffect(routeKey('', key({ pageUp: true }), true)!, at({ lastTop: 10, rows: 3 })).ui).toEqual([{ type: 'dialog.scroll', delta: -3, last: 10 }]);
    expect(keyEffect(down, at({ lastTop: 10, rows: 3 })).ui).toEqual([{ type: 'dialog.scroll', delta: 1, last: 10 }]);
    expect(keyEffect(down, at()).ui).toEqual([]);
    const scrolled = reduceUi(at().state, { type: 'dialog.scroll', delta: 3, last: 2 });
    expect(scrolled.dialog).toEqual({ ...dialog, planTop: 2 });
  });

  test('an unsupported action cannot be confirmed', () => {
    const view = withConfirmation({ ...ROLLBACK_CONFIRMATION, typeToConfirm: undefined, safety: { level: 'unsupported', reasons: ['no previous revision'] } });
    expect(keyEffect({ layer: 'dialog', key: { type: 'submit' } }, context(view, { kind: 'confirm', action: 'act-1', typed: '' })).intent).toBeUndefined();
  });

  test('Esc asks before cancelling a running action', () => {
    const effect = keyEffect({ layer: 'command', command: 'escape' }, context(runningRollback()));
    expect(effect.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing' } }]);
    expect(effect.intent).toBeUndefined();
  });

  test('q while an action runs asks first; Enter or Ctrl-C there quits, a second q does not (a double press went past the question), Esc stays', () => {
    const running = runningRollback();
    const asked = keyEffect({ layer: 'command', command: 'quit' }, context(running));
    expect(asked.quit).toBeUndefined();
    expect(asked.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'quit-running', actions: [expect.stringMatching(/^deploys\.rollback \(being made: its call is stopped\): /)] } }]);
    // Its rollout under way, the change is made: the dialog listed both cases of a rollout being verified.
    const verifying = { ...running, running: running.running.map((action) => ({ ...action, phase: 'verifying' as const })) };
    const made = keyEffect({ layer: 'command', command: 'quit' }, context(verifying)).ui[0];
    expect(made).toMatchObject({ dialog: { actions: [expect.stringMatching(/^deploys\.rollback \(made, and goes on unwatched\): /)] } });
    const dialog = { kind: 'quit-running', actions: ['x'] } as const;
    expect(keyEffect({ layer: 'dialog', key: { type: 'text', text: 'q' } }, context(running, dialog)).quit).toBeUndefined();
    expect(keyEffect({ layer: 'dialog', key: { type: 'submit' } }, context(running, dialog)).quit).toBe(true);
    // Once nothing runs any more, q quits there too.
    expect(keyEffect({ layer: 'dialog', key: { type: 'text', text: 'q' } }, context(running, { ...dialog, ended: true })).quit).toBe(true);
    expect(keyEffect({ layer: 'command', command: 'quit' }, context(running, dialog)).quit).toBe(true);
    expect(keyEffect({ layer: 'dialog', key: { type: 'cancel' } }, context(running, dialog)).quit).toBeUndefined();
    expect(keyEffect({ layer: 'command', command: 'quit' }, context(incidentView())).quit).toBe(true);
  });

  test('a skip needs a reason', () => {
    const empty = keyEffect({ layer: 'dialog', key: { type: 'submit' } }, context(incidentView(), { kind: 'skip', step: 'rollback', text: '  ' }));
    expect(empty.intent).toBeUndefined();
    const given = keyEffect({ layer: 'dialog', key: { type: 'submit' } }, context(incidentView(), { kind: 'skip', step: 'rollback', text: ' no deploy ' }));
    expect(given.intent).toEqual({ type: 'step.skip', step: 'rollback', reason: 'no deploy' });
  });

  const submitIn = (dialog: Dialog, view = incidentView()) => keyEffect({ layer: 'dialog', key: { type: 'submit' } }, context(view, dialog));
  const onStep = (command: Command, index: number, view = incidentView()) => {
    const state = reduceUi(initialUiState(view), { type: 'select.move', delta: index - initialUiState(view).selected, count: view.steps.length });
    return keyEffect({ layer: 'command', command }, { state, view, timelinePage: 10, deploysPage: 5 });
  };

  test('Enter on a recovery check starts the check; d on it asks for the reason of an override', () => {
    expect(onStep('step.run', 4).intent).toEqual({ type: 'step.run', step: 'verify' });
    const d = onStep('step.done', 4);
    expect(d.intent).toBeUndefined();
    expect(d.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'override', step: 'verify', text: '' } }]);
    expect(submitIn({ kind: 'override', step: 'verify', text: ' ' }).intent).toBeUndefined();
    expect(submitIn({ kind: 'override', step: 'verify', text: ' dashboards agree ' }).intent).toEqual({ type: 'step.complete', step: 'verify', reason: 'dashboards agree' });
    // Other steps keep start and done.
    expect(onStep('step.done', 5).intent).toEqual({ type: 'step.complete', step: 'status-page' });
  });

  test('U undoes the selected step\'s change where it can be undone, and says why not elsewhere', () => {
    const steps = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const, undo: { action: 'act-2', summary: 'deploy checkout-api:42 again' } } : step.id === 'disable-pricing' ? { ...step, status: 'pending' as const, undone: 'act-4' } : step));
    const view = incidentView({ steps });
    expect(onStep('step.undo', 2, view).intent).toEqual({ type: 'action.undo', action: 'act-2' });
    expect(onStep('step.undo', 3, view).ui).toMatchObject([{ type: 'status.set', status: { tone: 'bad', text: 'Step "Turn off checkout.new-pricing" was undone already (act-4)', about: { step: 'disable-pricing' } } }]);
    expect(onStep('step.undo', 0, view)).toMatchObject({ ui: [{ type: 'status.set', status: { tone: 'bad', text: 'Step "Acknowledge and take the commander role" has no change to undo' } }] });
    // Its undo aborted by Argo: the change stands and cannot be undone; it read "has no change to undo".
    const aborted = incidentView({ steps: steps.map((step) => (step.id === 'rollback' ? { ...step, undo: undefined, undoRefused: 'act-3, its undo, failed its check: see what runs now' } : step)) });
    expect(onStep('step.undo', 2, aborted).ui).toMatchObject([{ type: 'status.set', status: { tone: 'bad', text: 'act-3, its undo, failed its check: see what runs now' } }]);
    // A rollback still rolling out has its change made, not finished: said so, not "no change".
    const rolling = incidentView({ steps: steps.map((step) => (step.id === 'rollback' ? { ...step, status: 'running' as const, undo: undefined } : step)) });
    expect(onStep('step.undo', 2, rolling).ui).toMatchObject([{ type: 'status.set', status: { tone: 'bad', text: 'Step "Roll back to the previous revision" is still running: U once it has finished' } }]);
    // Its watch stopped (Esc, or a quit): its change is made, not checked; said so, with the way on.
    const unwatched = incidentView({ steps: steps.map((step) => (step.id === 'rollback' ? { ...step, status: 'unwatched' as const, undo: undefined } : step)) });
    expect(onStep('step.undo', 2, unwatched).ui).toMatchObject([{ type: 'status.set', status: { tone: 'bad', text: 'Step "Roll back to the previous revision" is not checked yet: Enter checks it, then U undoes it' } }]);
    // A watch records nothing: refused before the session is asked.
    expect(onStep('step.undo', 2, incidentView({ steps, incident: { ...view.incident, readOnly: true } })).intent).toBeUndefined();
  });

  // checkout-api bad-flag at 80x24: the advice read `… undo it, or leave it as a follow-up · U on step 3` above a footer
  // with `U undo`, the selection on the recovery check (`◀ next`); U said `Step "Burn under 1x for 10m" has no change to undo`.
  test('U on a step with nothing to undo makes the undo the advice asks for, on the step it names, selecting it', () => {
    const steps = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const, undo: { action: 'act-1', summary: 'deploy checkout-api:42 again' } } : step));
    const asking = incidentView({ steps, recommendations: [{ ...RECOMMENDATION, undoStep: 3 }] });
    const effect = onStep('step.undo', 4, asking);
    expect(effect.intent).toEqual({ type: 'action.undo', action: 'act-1' });
    expect(effect.ui).toEqual([{ type: 'select.move', delta: -2, count: steps.length }]);
    // The selected step's own undo comes first; without advice asking, nothing else is undone.
    const own = incidentView({ steps: steps.map((step) => (step.id === 'disable-pricing' ? { ...step, status: 'done' as const, undo: { action: 'act-2', summary: 'set it back' } } : step)), recommendations: [{ ...RECOMMENDATION, undoStep: 3 }] });
    expect(onStep('step.undo', 3, own).intent).toEqual({ type: 'action.undo', action: 'act-2' });
    expect(onStep('step.undo', 4, incidentView({ steps })).intent).toBeUndefined();
  });

  // A team drill: the shared store down, a kill switch confirmed as SAFE, then nothing but a pending `refused: the lease …`.
  test('with the shared store out of reach, a change is refused at its key; other steps run', () => {
    const base = incidentView();
    const away = incidentView({ incident: { ...base.incident, recordingLocally: { since: '2026-11-22T02:41:07.000Z', reason: 'connect ECONNREFUSED', queue: '/q', pending: 2 } } });
    const refusal = 'The shared store is out of reach: a change needs its lease there and would be refused; make it once the store is back (the top bar says when)';
    expect(onStep('step.run', 2, away)).toMatchObject({ ui: [{ type: 'status.set', status: { tone: 'bad', text: refusal } }] });
    expect(onStep('step.run', 2, away).intent).toBeUndefined();
    expect(onStep('step.undo', 2, away).intent).toBeUndefined();
    expect(onStep('step.run', 0, away).intent).toEqual({ type: 'step.start', step: 'ack' });
    expect(onStep('step.run', 2, base).intent).toEqual({ type: 'step.run', step: 'rollback' });
  });

  test('skipping a step already done is refused before the reason dialog opens', () => {
    const effect = onStep('step.skip', 0);
    expect(effect.ui).toEqual([{ type: 'status.set', status: { tone: 'bad', text: 'Step "Acknowledge and take the commander role" is already done: nothing to skip' } }]);
    expect(effect.intent).toBeUndefined();
    expect(onStep('step.skip', 2).ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'skip', step: 'rollback', text: '' } }]);
  });

  test('u records a status update: the text typed, or "posted"', () => {
    expect(onStep('status.update', 2).ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'comms', text: '' } }]);
    expect(submitIn({ kind: 'comms', text: '' }).intent).toEqual({ type: 'comms.sent', message: 'posted' });
    expect(submitIn({ kind: 'comms', text: ' Investigating checkout errors ' }).intent).toEqual({ type: 'comms.sent', message: 'Investigating checkout errors' });
  });

  test('mitigated or resolved while it burns needs a reason; otherwise the text is a summary', () => {
    const burning = incidentView({ incident: { ...incidentView().incident, burning: 'availability is burning 16.2x on 5m' } });
    const refused = submitIn({ kind: 'status', to: 'mitigated', text: '' }, burning);
    expect(refused.intent).toBeUndefined();
    expect(refused.ui).toEqual([{ type: 'status.set', status: { tone: 'bad', text: 'it burns: say why in words (required), or Esc to leave it open' } }]);
    // `m m Enter`: the second press is no reason (it marked a burn of 15.7x mitigated "m").
    for (const text of ['m', ' mm ', 'r']) expect(submitIn({ kind: 'status', to: 'mitigated', text }, burning).intent).toBeUndefined();
    expect(submitIn({ kind: 'status', to: 'resolved', text: 'error rate is the client' }, burning).intent).toEqual({ type: 'incident.resolved', reason: 'error rate is the client' });
    expect(submitIn({ kind: 'status', to: 'mitigated', text: 'rolled back' }).intent).toEqual({ type: 'incident.mitigated', summary: 'rolled back' });
  });

  test('m on a mitigated incident, and r on a resolved one, say so instead of asking again', () => {
    const mitigated = incidentView({ incident: { ...incidentView().incident, status: 'mitigated' } });
    expect(onStep('mitigated', 2, mitigated).ui).toEqual([{ type: 'status.set', status: { tone: 'bad', text: 'The incident is mitigated already' } }]);
    expect(onStep('resolved', 2, mitigated).ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'status', to: 'resolved', text: '' } }]);
    const resolved = incidentView({ incident: { ...incidentView().incident, status: 'resolved' } });
    expect(onStep('resolved', 2, resolved).ui).toEqual([{ type: 'status.set', status: { tone: 'bad', text: 'The incident is resolved already (o reopens it)' } }]);
    expect(onStep('mitigated', 2).ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'status', to: 'mitigated', text: '' } }]);
  });

  test('o reopens a mitigated or resolved incident, with a reason', () => {
    expect(onStep('reopen', 2).ui).toEqual([{ type: 'status.set', status: { tone: 'bad', text: 'The incident is open: nothing to reopen' } }]);
    const resolved = incidentView({ incident: { ...incidentView().incident, status: 'resolved', resolvedAfterMs: 72 * 60_000 } });
    expect(onStep('reopen', 2, resolved).ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'reopen', text: '' } }]);
    expect(submitIn({ kind: 'reopen', text: '' }, resolved).intent).toBeUndefined();
    expect(submitIn({ kind: 'reopen', text: 'burn is back' }, resolved).intent).toEqual({ type: 'incident.reopen', reason: 'burn is back' });
  });

  test('Esc closes every dialog without doing anything (a confirmation is declined: its action does not run)', () => {
    const dialogs: Dialog[] = [
      { kind: 'skip', step: 'rollback', text: 'x' },
      { kind: 'note', text: 'x' },
      { kind: 'role', choice: 0, text: 'x' },
      { kind: 'severity', choice: 0, text: 'x' },
      { kind: 'status', to: 'resolved', text: 'x' },
      { kind: 'override', step: 'verify', text: 'x' },
      { kind: 'comms', text: 'x' },
      { kind: 'reopen', text: 'x' },
      { kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing' },
      { kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing', ended: true },
      { kind: 'quit-running', actions: ['x'] },
      { kind: 'help' },
    ];
    for (const dialog of dialogs) {
      expect(keyEffect({ layer: 'dialog', key: { type: 'cancel' } }, context(runningRollback(), dialog))).toEqual({ ui: [{ type: 'dialog.close' }] });
    }
    const confirm = keyEffect({ layer: 'dialog', key: { type: 'cancel' } }, context(withConfirmation(), { kind: 'confirm', action: 'act-1', typed: '' }));
    expect(confirm.intent).toEqual({ type: 'cancel', action: 'act-1' });
  });

  // q with "held 30s of 10m" on screen quit at once, and the check started over after the resume.
  test('q while a recovery check is watched asks first, naming the check; a watch never asks', () => {
    const base = incidentView();
    const checking = { ...base, steps: base.steps.map((step) => (step.id === 'verify' ? { ...step, status: 'running' as const, verify: 'availability 5m burn 0.40x < 1x, held 30s of 10m' } : step)) };
    const effect = keyEffect({ layer: 'command', command: 'quit' }, { state: initialUiState(checking), view: checking, timelinePage: 10, deploysPage: 5 });
    expect(effect.quit).toBeUndefined();
    expect(effect.ui).toEqual([{ type: 'dialog.open', dialog: { kind: 'quit-running', actions: ['check Wait for the burn to fall below 1x: availability 5m burn 0.40x < 1x, held 30s of 10m'] } }]);
    const watching = { ...checking, incident: { ...checking.incident, readOnly: true } };
    expect(keyEffect({ layer: 'command', command: 'quit' }, { state: initialUiState(watching), view: watching, timelinePage: 10, deploysPage: 5 }).quit).toBe(true);
    // Resolved already: nobody waits on the check ("QUIT WHILE A CHECK RUNS?" after the resolve).
    const resolved = { ...checking, incident: { ...checking.incident, status: 'resolved' as const } };
    expect(keyEffect({ layer: 'command', command: 'quit' }, { state: initialUiState(resolved), view: resolved, timelinePage: 10, deploysPage: 5 }).quit).toBe(true);
  });

  test('Enter on a cancel dialog whose action ended only closes it: it never reaches the step behind', () => {
    const ended: Dialog = { kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing', ended: true };
    // The App routes the key by the store, where the dialog is still open after its action ended.
    let state = reduceUi(initialUiState(runningRollback()), { type: 'dialog.open', dialog: { kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing' } });
    state = reduceUi(state, { type: 'view.changed', view: incidentView() });
    expect(state.dialog).toEqual(ended);
    expect(routeKey('', key({ return: true }), state.dialog !== null)).toEqual({ layer: 'dialog', key: { type: 'submit' } });
    expect(keyEffect({ layer: 'dialog', key: { type: 'submit' } }, { state, view: incidentView(), timelinePage: 10, deploysPage: 5 })).toEqual({ ui: [{ type: 'dialog.close' }] });
  });
});
