import { NOTHING_PASSED_OVER } from '../../src/core/nextStep';
import './deterministicEnv';
import { describe, expect, test } from 'vitest';
import { DialogHost } from '../../src/ui/DialogHost';
import { StepsPanel } from '../../src/ui/StepsPanel';
import { TopBar } from '../../src/ui/TopBar';
import { FakeController } from './fakeController';
import { incidentView, runningRollback, STEPS } from './fixtures';
import { lines, renderAt, renderCockpit } from './harness';

/** Issue #14: the dialogs that ask before what is hard to take back, the end of an incident, a check's progress. */
const size = { width: 100, height: 20 };
const at = { columns: 100, rows: 30 };
const burning = incidentView({ incident: { ...incidentView().incident, burning: 'availability is burning 14.2x on 5m' } });

describe('dialogs that ask for a reason', () => {
  test('mitigated with the burn unknown (no SLO reading) asks why, as over a burn', async () => {
    const unknown = incidentView({ incident: { ...incidentView().incident, burnUnknown: 'the burn is not known: the SLO provider has given no reading' } });
    const frame = await renderAt(<DialogHost dialog={{ kind: 'status', to: 'mitigated', text: '' }} view={unknown} size={size} />, at).waitForFrame('BURN UNKNOWN');
    expect(frame).toContain('MARK THE INCIDENT MITIGATED WITH THE BURN UNKNOWN?');
    expect(frame).toContain('⚠ the burn is not known: the SLO provider has given no reading');
    expect(frame).toContain('Why mark it mitigated (required):');
    const r = renderCockpit(new FakeController(unknown), at);
    await r.waitForFrame('RUNBOOK');
    r.press('m');
    await r.waitForFrame('BURN UNKNOWN');
    r.press('\r');
    expect(await r.waitForFrame('say why in words (required)')).toContain('✖ the burn is not known: say why in words (required)');
    r.unmount();
  });


  test('mitigated while it burns says why it asks, and that the reason is required', async () => {
    const r = renderAt(<DialogHost dialog={{ kind: 'status', to: 'mitigated', text: 'rolled' }} view={burning} size={size} />, at);
    const frame = await r.waitForFrame('WHILE IT BURNS');
    expect(frame).toContain('MARK THE INCIDENT MITIGATED WHILE IT BURNS?');
    expect(frame).toContain('⚠ availability is burning 14.2x on 5m');
    expect(frame).toContain('Why mark it mitigated anyway (required):');
    expect(frame).toContain('> rolled▌');
    expect(frame).toContain('Enter confirm · Esc cancel');
    // Nothing burning: the summary stays optional.
    const calm = renderAt(<DialogHost dialog={{ kind: 'status', to: 'resolved', text: '' }} view={incidentView()} size={size} />, at);
    const calmFrame = await calm.waitForFrame('RESOLVED');
    expect(calmFrame).toContain('Summary (optional):');
    expect(calmFrame).not.toContain('⚠');
  });

  test('resolving says what it leaves behind: steps not done, a kill switch still engaged (order-worker\'s consumers left paused)', async () => {
    const openEnds = {
      steps: ['4. Resume the consumers'],
      changes: ['checkout_v2 serves off since 03:05 UTC (was on; flags.set act-1 by alice)'],
      inFlight: ['deploys.rollback act-2 by carol is still being verified: its outcome is not known'],
    };
    const view = incidentView({ incident: { ...incidentView().incident, openEnds }, reminders: ['Status update due in #incidents: open 20m, runbook asks after 10m'] });
    const r = renderAt(<DialogHost dialog={{ kind: 'status', to: 'resolved', text: '' }} view={view} size={size} />, at);
    const frame = await r.waitForFrame('RESOLVED');
    const text = frame.split('\n').map((line) => line.replace(/^[│ ]+|[│ ]+$/g, '')).join(' ');
    expect(text).toContain('Runbook steps not done: 4. Resume the consumers');
    expect(text).toContain('⚑ Status update due in #incidents: open 20m, runbook asks after 10m: none recorded; resolving ends the reminder, not that (the postmortem says none was recorded; Esc, then u records one)');
    expect(text).toContain('Changed during the incident and still so: checkout_v2 serves off since 03:05 UTC (was on; flags.set act-1 by alice)');
    // A teammate's rollback still verified: a resolve over it was taken without a word.
    expect(text).toContain('⚠ Under way: deploys.rollback act-2 by carol is still being verified: its outcome is not known');
    // Marking it mitigated ends nothing: not said there.
    const mitigated = renderAt(<DialogHost dialog={{ kind: 'status', to: 'mitigated', text: '' }} view={view} size={size} />, at);
    expect(await mitigated.waitForFrame('MITIGATED')).not.toContain('not done');
  });

  test('at 80x24 a dialog\'s sentences wrap instead of being cut (found by the tmux journeys)', async () => {
    const r = renderAt(<DialogHost dialog={{ kind: 'status', to: 'mitigated', text: '' }} view={burning} size={{ width: 80, height: 14 }} />, { columns: 80, rows: 24 });
    const frame = await r.waitForFrame('WHILE IT BURNS');
    const text = frame.split('\n').map((line) => line.replace(/^[│ ]+|[│ ]+$/g, '')).join(' ');
    expect(text).toContain('Marking it mitigated now is recorded with your reason and with what was burning.');
    expect(frame).not.toContain('…');
  });

  // A responder at 80x24: resolving while it burns, with much left behind, the dialog ended at its label and the keys; the
  // words typed showed nowhere (and were recorded).
  test('at 80x24 the line typed into stays above the keys, however much the dialog has to say', async () => {
    const openEnds = {
      steps: ['1. Confirm customer impact', '2. Turn off checkout_v2 (passed over: not needed unless the burn goes on)', '4. Check the primary database', '5. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery)'],
      changes: ['checkout_v2 serves off since 02:41 UTC (was on; flags.set act-2 by root), and the burn stopped after it and deploys.rollback act-1 by root, made together (the SLO cannot tell which)'],
      inFlight: [],
    };
    const view = incidentView({ incident: { ...incidentView().incident, burning: 'availability is burning 11.8x on 5m', openEnds }, reminders: ['Status update due in #incidents: open 20m, runbook asks after 10m'] });
    const r = renderAt(<DialogHost dialog={{ kind: 'status', to: 'resolved', text: 'end of shift' }} view={view} size={{ width: 80, height: 14 }} />, { columns: 80, rows: 24 });
    const frame = await r.waitForFrame('WHILE IT BURNS');
    expect(frame).toContain('> end of shift▌');
    expect(frame).toContain('Enter confirm · Esc cancel');
  });

  test('d on a recovery check is an override, and says what that means', async () => {
    const r = renderAt(<DialogHost dialog={{ kind: 'override', step: 'verify', text: '' }} view={incidentView()} size={size} />, at);
    const frame = await r.waitForFrame('OVERRIDE');
    expect(frame).toContain('OVERRIDE THE CHECK "Wait for the burn to fall below 1x"?');
    expect(frame).toContain('This step is a recovery check: availability burn < 1x for 10m. Enter on the step starts it.');
    expect(frame).toContain('recorded as an override');
    expect(frame).toContain('Why mark it done without the check (required):');
    // A check already running is not "started" by Enter: the dialog says what marking it done does to it.
    const view = incidentView();
    const running = { ...view, steps: view.steps.map((step) => (step.id === 'verify' ? { ...step, status: 'running' as const } : step)) };
    const during = await renderAt(<DialogHost dialog={{ kind: 'override', step: 'verify', text: '' }} view={running} size={size} />, at).waitForFrame('OVERRIDE');
    expect(during.split('\n').map((line) => line.replace(/^[│ ]+|[│ ]+$/g, '')).join(' ')).toContain('It is being checked now: marking it done stops the check.');
    expect(during).not.toContain('Enter on the step starts it');
  });

  test('d on a step whose action has not run asks why it is marked done without running it', async () => {
    const r = renderAt(<DialogHost dialog={{ kind: 'override', step: 'rollback', text: '' }} view={incidentView()} size={size} />, at);
    const frame = await r.waitForFrame('WITHOUT RUNNING');
    expect(frame).toContain('MARK "Roll back to the previous revision" DONE WITHOUT RUNNING IT?');
    expect(frame).toContain('Its action deploys.rollback has not run');
    expect(frame).toContain('Why mark it done without running it (required):');
  });

  test('a step marked done without running its action never looks done: its own symbol, the action and the reason', async () => {
    const steps = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'done' as const, manual: { action: 'deploys.rollback', reason: 'blocked, done in the console' } } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={2} nextStep={3} passed={NOTHING_PASSED_OVER} size={{ width: 140, height: 12 }} />, { columns: 140, rows: 30 });
    const frame = await r.waitForFrame('without running');
    const line = frame.split('\n').find((l) => l.includes('Roll back to the previous revision'))!;
    expect(line).toContain('› ✎ 3. Roll back to the previous revision [deploys.rollback] marked done without running deploys.rollback: blocked, done in the console');
    expect(line).not.toContain('✓');
    expect(line).not.toMatch(/\] done/);
  });

  // order-worker: `✓ 5. Dead-letter rate back to normal for 15m done` beside a burning SLO, its check overridden.
  test('a recovery check marked done by hand never looks passed: its own symbol and the reason', async () => {
    const steps = STEPS.map((step) => (step.id === 'verify' ? { ...step, status: 'done' as const, overridden: 'checked by hand in Grafana' } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={0} nextStep={0} passed={NOTHING_PASSED_OVER} size={{ width: 140, height: 12 }} />, { columns: 140, rows: 30 });
    const frame = await r.waitForFrame('overridden');
    const line = frame.split('\n').find((l) => l.includes('Wait for the burn to fall below 1x'))!;
    expect(line).toContain('✎ 5. Wait for the burn to fall below 1x check overridden, not passed: checked by hand in Grafana');
    expect(line).not.toContain('✓');
  });

  test('a status update, and a reopen that shows how long it lasted', async () => {
    const comms = renderAt(<DialogHost dialog={{ kind: 'comms', text: '' }} view={incidentView()} size={size} />, at);
    expect(await comms.waitForFrame('STATUS UPDATE')).toContain('What was posted (Enter alone records "posted"):');
    const resolved = incidentView({ incident: { ...incidentView().incident, status: 'resolved', resolvedAfterMs: 72 * 60_000 } });
    const reopen = renderAt(<DialogHost dialog={{ kind: 'reopen', text: 'burn is back' }} view={resolved} size={size} />, at);
    const frame = await reopen.waitForFrame('REOPEN');
    expect(frame).toContain('It is resolved (after 1h 12m); reopening records why, and it counts as open again.');
    expect(frame).toContain('Why reopen it (required):');
  });

  test('a cancel question whose action ended says so, and Enter only closes it', async () => {
    const r = renderAt(<DialogHost dialog={{ kind: 'cancel-running', action: 'act-1', name: 'deploys.rollback', phase: 'executing', ended: true }} view={incidentView()} size={size} />, at);
    const frame = await r.waitForFrame('HAS ENDED');
    expect(frame).toContain('deploys.rollback HAS ENDED');
    // "nothing was done" read as if the rollback had done nothing.
    expect(frame).toContain('nothing is left to cancel.');
    expect(frame).toContain('Whether it succeeded is on its step and the timeline.');
    expect(frame).toContain('Enter or Esc close');
    const quit = renderAt(<DialogHost dialog={{ kind: 'quit-running', actions: ['x'], ended: true }} view={runningRollback()} size={size} />, at);
    expect(await quit.waitForFrame('QUIT?')).toContain('Enter, q or Ctrl-C quit · Esc stay');
  });
});

describe('the end of an incident and a check in progress', () => {
  test('after resolve the header shows how long it lasted, not a growing age', async () => {
    const incident = { ...incidentView().incident, status: 'resolved' as const, ageMs: 3 * 60 * 60_000, resolvedAfterMs: 72 * 60_000 };
    const r = renderAt(<TopBar incident={incident} size={{ width: 120, height: 2 }} />);
    const frame = await r.waitForFrame('RESOLVED');
    expect(frame).toContain('✓ RESOLVED · INC-20261122-checkout-api · resolved after 1h 12m · production');
    expect(frame).not.toContain('open 3h');
  });

  test('a recovery check shows what Enter does, then its progress live', async () => {
    const pending = renderAt(<StepsPanel steps={STEPS} selected={4} nextStep={2} passed={NOTHING_PASSED_OVER} size={{ width: 100, height: 12 }} />);
    expect(await pending.waitForFrame('check:')).toContain('check: availability burn < 1x for 10m · Enter starts it, d overrides it');
    const steps = STEPS.map((step) => (step.id === 'verify' ? { ...step, status: 'running' as const, verify: 'burn 0.40x < 1x, held 3m of 10m (reset: burn went to 1.30x at 02:41)' } : step));
    const running = renderAt(<StepsPanel steps={steps} selected={2} nextStep={2} passed={NOTHING_PASSED_OVER} size={{ width: 120, height: 12 }} />, { columns: 120, rows: 30 });
    const frame = await running.waitForFrame('held');
    expect(frame).toContain('verify: burn 0.40x < 1x, held 3m of 10m (reset: burn went to 1.30x at 02:41)');
    expect(frame).not.toContain('check:');
  });
});

describe('a reason refused while its dialog is up', () => {
  test('is said inside the dialog, above its keys, not only on the bottom line 20 lines away', async () => {
    // A responder pressed Enter on an empty skip reason at 120x40 and saw nothing happen.
    const r = renderCockpit(new FakeController(incidentView()), { columns: 120, rows: 40 });
    await r.waitForFrame('RUNBOOK');
    r.press('s');
    await r.waitForFrame('Why is it skipped (required):');
    r.press('\r');
    const frame = await r.waitForFrame('A reason is required to skip a step');
    const rows = lines(frame);
    const said = rows.findIndex((row) => row.includes('✖ A reason is required to skip a step'));
    expect(rows[said]).toMatch(/^│ ✖ A reason is required to skip a step +│$/);
    expect(rows[said + 1]).toMatch(/^│ Enter confirm · Esc cancel +│$/);
    expect(rows.filter((row) => row.includes('A reason is required'))).toHaveLength(1);
  });
});
