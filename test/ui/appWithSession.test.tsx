import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incidentDir } from '../../src/timeline/paths';
import { openHarness, type Harness } from '../support/sessionHarness';
import { renderCockpit, waitUntil } from './harness';

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
    expect(events.find((e) => e.kind === 'action.confirmed')?.data).toEqual({ action: 'act-1', typed: true });
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['action.started', 'action.succeeded', 'verify.passed', 'step.completed']));

    // q quits through the session: the timeline is flushed and the incident's lock released.
    const lock = join(incidentDir(harness.dataDir, harness.session.incidentId), 'lock');
    expect(existsSync(lock)).toBe(true);
    ui.press('q');
    await waitUntil(() => !existsSync(lock));
  });
});
