import './deterministicEnv';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtinPlugins } from '../../plugins/index';
import { loadRunbookText } from '../../src/runbook/load';
import { StartingController } from '../../src/session/startingController';
import { startingView, STARTING_ID } from '../../src/session/startingView';
import { incidentView } from './fixtures';
import { FakeController } from './fakeController';
import { renderCockpit } from './harness';

const FILE = 'runbooks/checkout-api.yaml';

function skeleton() {
  const loaded = loadRunbookText(readFileSync(FILE, 'utf8'), FILE, { plugins: builtinPlugins });
  if (!loaded.ok) throw new Error(`${FILE} does not load`);
  return startingView({ runbook: loaded.runbook, plugins: loaded.plugins, mode: 'drill-sandbox', environment: 'sandbox', responder: 'dana', now: new Date('2026-11-22T14:30:00Z'), doing: 'starting the sandbox…', secrets: [] });
}

// A runbook is not trusted: its step title's OSC sequence set the terminal's title, a hint's wrote
// the clipboard, and a `${TOKEN}` in a title was drawn (and kept for the next start's replay) in clear.
test('the starting frame is cleaned as the session frames are: no terminal control, no secret', () => {
  const token = 'tok-starting-frame-5521';
  const text = readFileSync(FILE, 'utf8')
    .replace('title: Confirm customer impact', `title: "Confirm \u001b]0;PWNED\u0007impact with ${token}"`)
    .replace('escalation: ["@commerce-oncall", "@payments-lead"]', `escalation: ["call ${token}\u001b]52;c;aGk=\u0007"]`);
  const loaded = loadRunbookText(text, FILE, { plugins: builtinPlugins });
  if (!loaded.ok) throw new Error(`${FILE} does not load`);
  const view = startingView({ runbook: loaded.runbook, plugins: loaded.plugins, mode: 'incident', environment: 'production', responder: 'dana', now: new Date('2026-11-22T14:30:00Z'), doing: 'opening…', secrets: [token] });
  const drawn = JSON.stringify(view);
  expect(drawn).not.toContain(token);
  expect(drawn).not.toMatch(/\u001b|\u0007/);
  expect(view.steps[0]!.title).toBe('Confirm impact with «redacted»');
  expect(view.incident.escalation).toEqual(['call «redacted»']);
});

/** Issue #17: the cockpit draws the runbook at once, then the session replaces it. */
describe('the starting frame', () => {
  test('shows the runbook, its steps and a panel per provider, waiting; then the session once attached', async () => {
    const starting = new StartingController(skeleton());
    const r = renderCockpit(starting, { columns: 120, rows: 40 });
    const first = await r.waitForFrame('RUNBOOK');
    for (const text of ['checkout-api', 'DRILL', STARTING_ID, '1. Confirm customer impact', '3. Roll back to the previous task definition', 'DEPLOYS deploys (ecs)', 'FLAGS flags (flagd)', 'SLO BURN slo (prometheus)', 'starting the sandbox…']) {
      expect(first).toContain(text);
    }
    expect(first).toContain('waiting for the first answer');

    // Keys that would change the incident are refused, in words, until the session is there.
    r.press('d');
    expect(await r.waitForFrame('still starting')).toContain('the cockpit is still starting');

    const session = new FakeController(incidentView());
    starting.attach(session);
    const attached = await r.waitForFrame((frame) => !frame.includes(STARTING_ID));
    expect(attached).toContain(incidentView().incident.id);
    expect(attached).not.toContain('waiting for the first answer');
    // From now on intents go to the session, and its new views are drawn.
    r.press('d');
    await r.waitForFrame('DONE WITHOUT RUNNING IT?');
    r.press('by hand');
    await r.waitForFrame('> by hand');
    r.press('\r');
    await r.waitForFrame(() => session.dispatched.length === 1);
    expect(session.dispatched[0]).toMatchObject({ type: 'step.complete' });
  });

  test('quit during the start waits for it, then quits the session; a failed start ends at once', async () => {
    const starting = new StartingController(skeleton());
    const quitting = starting.dispatch({ type: 'quit' });
    const session = new FakeController(incidentView());
    starting.attach(session);
    expect(await quitting).toEqual({ ok: true });
    expect(session.dispatched).toEqual([{ type: 'quit' }]);
    expect(starting.quitWhileStarting()).toBe(true);

    const played = new StartingController(skeleton());
    played.attach(new FakeController(incidentView()));
    await played.dispatch({ type: 'quit' });
    expect(played.quitWhileStarting()).toBe(false);

    const failing = new StartingController(skeleton());
    const quit = failing.dispatch({ type: 'quit' });
    failing.failed();
    expect(await quit).toEqual({ ok: true });
  });

  test('a session the responder quit before it was there is never drawn: the starting frame is the last', async () => {
    const starting = new StartingController(skeleton());
    const r = renderCockpit(starting, { columns: 120, rows: 40 });
    await r.waitForFrame('RUNBOOK');
    const quitting = starting.dispatch({ type: 'quit' });
    const drawn: string[] = [];
    starting.subscribe((view) => drawn.push(view.incident.id));
    starting.attach(new FakeController(incidentView()));
    await quitting;
    expect(drawn).toEqual([]);
    expect(starting.view().incident.id).toBe(incidentView().incident.id);
  });
});
