import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incidentDir } from '../../src/timeline/paths';
import { openHarness, type Harness } from '../support/sessionHarness';
import { renderCockpit, waitUntil } from './harness';
import { TYPING_PAUSE_MS } from '../../src/ui/typeAhead';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('the cockpit on a real session (test providers, JSONL store)', () => {
  it('keys become recorded events: a note, and a dangerous rollback confirmed by typing the service name', async () => {
    harness = await openHarness();
    const ui = renderCockpit(harness.session, { columns: 120, rows: 40 });
    await ui.waitForFrame((f) => f.includes(':42') && f.includes('checkout_v2') && f.includes('RUNBOOK'));

    ui.press('n');
    await ui.waitForFrame('ADD A NOTE');
    ui.press('5xx began at 01:54');
    ui.press('enter');
    await ui.waitForFrame((f) => f.includes('Note: 5xx began at 01:54'));

    ui.press('j');
    ui.press('j');
    ui.press('enter');
    await ui.waitForFrame('CONFIRM deploys.rollback');
    ui.press('checkout-api');
    ui.press('enter');
    await ui.waitForFrame((f) => f.includes('RUNBOOK 1/5 done'));
    expect(harness.world.calls).toEqual(['rollback:checkout-api:41', 'verify:checkout-api:41']);

    await harness.session.settled();
    const events = await harness.events();
    expect(events.find((e) => e.kind === 'note')?.data).toEqual({ text: '5xx began at 01:54' });
    expect(events.find((e) => e.kind === 'action.confirmed')?.data).toEqual({ action: 'act-1', typed: true, typedBecause: 'dangerous action on a live incident' });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['action.started', 'action.succeeded', 'verify.passed', 'step.completed']));

    // q quits through the session: the timeline is flushed and the incident's lock released.
    const lock = join(incidentDir(harness.dataDir, harness.session.incidentId), 'lock');
    expect(existsSync(lock)).toBe(true);
    ui.press('q');
    await waitUntil(() => !existsSync(lock));
  });
});

// A responder who knows the phrase types it as soon as U is pressed: refused (nothing to undo), the phrase fell through
// to the keys under it, `r` opened the resolve dialog, the rest became its summary, and the Enter resolved the incident.
describe('keys typed ahead of a confirmation that never opened', () => {
  it('are ignored while they keep coming, and said so beside the refusal; after a pause, keys work again', async () => {
    harness = await openHarness();
    const ui = renderCockpit(harness.session, { columns: 120, rows: 40 });
    await ui.waitForFrame((f) => f.includes(':42') && f.includes('RUNBOOK'));
    ui.press('U');
    for (const key of 'rollback') ui.press(key);
    ui.press('enter');
    const frame = await ui.waitForFrame((f) => /has no change to undo \(9 keys typed after it ignored\)/.test(f));
    expect(frame).toMatch(/has no change to undo/);
    expect(frame).not.toContain('MARK THE INCIDENT RESOLVED');
    await harness.session.settled();
    expect((await harness.events()).map((e) => e.kind)).not.toContain('incident.resolved');

    await new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS));
    ui.press('r');
    await ui.waitForFrame('MARK THE INCIDENT RESOLVED');
  });

  // Typed more than a second after the refusal (helper-126): the phrase's `r` opened the resolve dialog and its Enter
  // resolved the incident, the phrase its summary.
  it('are ignored too when the phrase begins a moment after the refusal', async () => {
    harness = await openHarness();
    const ui = renderCockpit(harness.session, { columns: 120, rows: 40 });
    await ui.waitForFrame((f) => f.includes(':42') && f.includes('RUNBOOK'));
    ui.press('U');
    await ui.waitForFrame((f) => /has no change to undo/.test(f));
    await new Promise((resolve) => setTimeout(resolve, 1.5 * TYPING_PAUSE_MS));
    for (const key of 'roll forward') ui.press(key);
    ui.press('enter');
    const frame = await ui.waitForFrame((f) => /has no change to undo \(13 keys typed after it ignored\)/.test(f));
    expect(frame).not.toContain('MARK THE INCIDENT RESOLVED');
    await harness.session.settled();
    expect((await harness.events()).map((e) => e.kind)).not.toContain('incident.resolved');
  });
});
