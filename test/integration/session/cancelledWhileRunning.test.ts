import { afterEach, describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import { responseMetrics } from '../../../src/core/metrics';
import { PostmortemBuilder } from '../../../src/core/postmortem';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

// A new team's plugin: its execute hung, the responder pressed Esc, and the step read `last attempt not run:
// cancelled by the responder`; the postmortem said `Provider call returned` and `the call took 29s` of a call that never returned.
describe('an action cancelled while its call ran', () => {
  it('says its call may have changed something, on the step, the timeline and in the postmortem', async () => {
    const world = new TestWorld();
    world.rollbackHangs = true;
    harness = await openHarness({ world });
    const { session } = harness;
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    const confirmation = (await session.until((v) => v.confirmation !== undefined, { timeoutMs: 60_000 })).confirmation!;
    await session.dispatch({ type: 'confirm', action: confirmation.action, typed: confirmation.typeToConfirm });
    // Its call made (not its plan checked again: cancelled then, nothing was changed).
    for (let look = 0; look < 600 && !world.calls.some((c) => c.startsWith('rollback:')); look += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(world.calls.filter((c) => c.startsWith('rollback:'))).toHaveLength(1);
    await harness.clock.advance(29_000);
    expect(await session.dispatch({ type: 'cancel', action: confirmation.action })).toEqual({ ok: true });
    const view = await session.until((v) => v.running.length === 0, { timeoutMs: 60_000 });
    const why = 'cancelled by the responder while its call ran: whether it changed anything is not known (check the provider)';
    expect(view.steps.find((s) => s.id === 'rollback')?.detail).toBe(`last attempt stopped: ${why}`);
    const events = await harness.events();
    expect(events.filter((e) => e.kind === 'action.cancelled').map((e) => e.data)).toEqual([{ action: confirmation.action, reason: why }]);

    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    const md = builder.render(folded.state, responseMetrics(folded.state));
    expect(md).toContain('- **Cancelled while its call ran**: ');
    expect(md).toMatch(/29s after it started; the call never returned, so whether it changed anything is not known: check the provider/);
    expect(md).not.toContain('Provider call returned');
    expect(md).not.toContain('the call took');
  });
});

