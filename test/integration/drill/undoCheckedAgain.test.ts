import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed, declined } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/** `U` on `change`, confirmed as typed, and its watch stopped (Esc, STOP WATCHING) while `undo` rolls out. */
async function undoneUnwatched(h: DrillHarness, change: string, undo: string): Promise<void> {
  const { session } = h.drill;
  expect(await session.dispatch({ type: 'action.undo', action: change })).toEqual({ ok: true });
  await h.until((v) => v.confirmation !== undefined, 60_000);
  const asked = session.view().confirmation!;
  expect(await session.dispatch({ type: 'confirm', action: asked.action, typed: asked.typeToConfirm })).toEqual({ ok: true });
  await h.until((v) => v.running.some((r) => r.action === undo && r.phase === 'verifying'), 60_000);
  expect(await session.dispatch({ type: 'cancel', action: undo })).toEqual({ ok: true });
  await h.until((v) => v.running.length === 0, 60_000);
}

/**
 * A responder's search-api drill at 80x24: the undo of the rollback rolling out, Esc, then Enter to
 * stop watching it: the dialog said "the step shows NOT WATCHED, and Enter on it checks it again";
 * Enter on the step planned a new rollback with a typed confirmation instead.
 */
describe('an undo nobody watched to its end', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await undoneUnwatched(h, 'act-1', 'act-2');
  }, 120_000);
  afterAll(() => h.cleanup());

  // A responder's drill: once the undo's watch stopped, the advice went from the screen while the bad build rolled out
  // again, the export's open ends were empty, and the drill report did not say its change was not checked.
  it('is still said as under way, and as not watched to its end', async () => {
    const view = h.drill.session.view();
    expect(view.recommendations.map((r) => r.text)).toEqual([expect.stringMatching(/^Deploying :42 again to undo the rollback to :41 \(begun \S+ ago, its rollout not confirmed\): watch whether the burn comes back/)]);
    expect(view.incident.openEnds?.changes).toEqual([expect.stringMatching(/^the undo of act-1 \(checkout-api:41 back to checkout-api:42\) at \d\d:\d\d UTC \(deploys\.rollback act-2 by \S+\) was not watched to its end \(the responder stopped watching/)]);
    expect((await h.drill.score()).findings).toContain('act-2 undid act-1, typed through its safety block, its change not checked (not scored).');
  });

  // A responder's drill: once the burn came back, "Rollback recommended … · Enter on step 3" stood beside the step whose
  // Enter checked the undo instead.
  it('once the burn comes back, the advice says the step\'s Enter checks the undo first', async () => {
    await h.until((v) => v.recommendations[0]?.kind === 'rollback', 30 * 60_000);
    expect(h.drill.session.view().recommendations[0]).toMatchObject({ runStep: 3, runChecksFirst: 'act-2' });
  });

  it('is checked again by Enter on its step, not planned anew', async () => {
    const { session } = h.drill;
    expect((await h.events()).some((e) => e.kind === 'action.unwatched' && e.data.action === 'act-2')).toBe(true);
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await h.until((v) => v.running.length === 0 && v.confirmation === undefined, 10 * 60_000);
    const events = await h.events();
    expect(events.filter((e) => e.kind === 'action.planned').map((e) => e.data.action)).toEqual(['act-1', 'act-2']);
    expect(events.some((e) => e.kind === 'action.watched' && e.data.action === 'act-2')).toBe(true);
    expect(events.some((e) => e.kind === 'verify.passed' && e.data.action === 'act-2')).toBe(true);
  });
});

/**
 * A responder's drill: the rollback done, Enter on it again declined (a second rollback nobody wanted), then its undo,
 * whose watch was stopped: the step read `last attempt not run: declined by the responder` over the undo rolling the bad
 * build back out, and Enter planned a new rollback rather than check the undo.
 */
describe('an undo nobody watched, after an attempt declined before it', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await declined(h, { type: 'step.run', step: 'rollback' });
    await undoneUnwatched(h, 'act-1', 'act-3');
  }, 120_000);
  afterAll(() => h.cleanup());

  it('reads as the undo not checked, and Enter checks it rather than planning anew', async () => {
    const { session } = h.drill;
    expect((await h.events()).filter((e) => e.kind === 'action.cancelled').map((e) => e.data.action)).toEqual(['act-2']);
    const step = session.view().steps.find((s) => s.id === 'rollback')!;
    expect(step).toMatchObject({ undone: 'act-3', detail: expect.stringMatching(/^act-3's rollout not checked \(Enter checks it\)/) });
    expect(step.detail).not.toContain('declined');
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await h.until((v) => v.running.length === 0 && v.confirmation === undefined, 10 * 60_000);
    const events = await h.events();
    expect(events.filter((e) => e.kind === 'action.planned').map((e) => e.data.action)).toEqual(['act-1', 'act-2', 'act-3']);
    expect(events.some((e) => e.kind === 'action.watched' && e.data.action === 'act-3')).toBe(true);
    expect(events.some((e) => e.kind === 'verify.passed' && e.data.action === 'act-3')).toBe(true);
  });
});

/**
 * helper-133's slow-burn drill: the rollback, a second one after the burn had stopped, and the undo of the second, its
 * watch stopped: the step (done by the first) read a plain `✓ done`, nothing of the undo rolling out unchecked.
 */
describe("an undo nobody watched, of a done step's second change", () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await undoneUnwatched(h, 'act-2', 'act-3');
  }, 120_000);
  afterAll(() => h.cleanup());

  it('says on the step that the undo is not checked, and that Enter checks it', () => {
    const step = h.drill.session.view().steps.find((s) => s.id === 'rollback')!;
    expect(step).toMatchObject({ status: 'done', checksFirst: 'act-3', detail: expect.stringMatching(/^act-3's rollout not checked \(Enter checks it\)/) });
  });
});
