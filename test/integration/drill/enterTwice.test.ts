import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's Enter pressed twice more on the kill switch's step (bad-flag): the second planned
 * the step again while the first was read and run. Its dialog said `defaultVariant on → off` of the
 * flag the first had just turned off (and a third Enter ran it, failing as "someone else edited
 * it"); on a script step it would have run the script a second time.
 */
describe('Enter on a step whose run is not over', () => {
  let h: DrillHarness;
  const answers: { ok: boolean; reason?: string }[] = [];

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await h.pass(3 * 60_000);
    const { session } = h.drill;
    const enter = async () => answers.push((await session.dispatch({ type: 'step.run', step: 'disable-flag' })) as { ok: boolean; reason?: string });
    // The first plans; the second comes before its dialog is up.
    await Promise.all([enter(), enter()]);
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const asked = session.view().confirmation!;
    expect(await session.dispatch({ type: 'confirm', action: asked.action, typed: asked.typeToConfirm })).toEqual({ ok: true });
    // And one right after the confirmation, while the change is made.
    await enter();
    await h.until((v) => v.running.length === 0 && v.confirmation === undefined, 10 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is refused, saying the step is under way: one plan, one change', () => {
    expect(answers[0]).toEqual({ ok: true });
    expect(answers.slice(1)).toEqual([
      { ok: false, reason: 'step disable-flag is under way already: wait for its end' },
      { ok: false, reason: 'step disable-flag is under way already: wait for its end' },
    ]);
  });

  it('leaves one flags.set on the log, and it succeeded', async () => {
    const planned = (await h.events()).filter((e) => e.kind === 'action.planned');
    expect(planned.map((e) => (e.data as { name: string }).name)).toEqual(['flags.set']);
    const ends = (await h.events()).filter((e) => e.kind === 'action.succeeded' || e.kind === 'action.failed');
    expect(ends.map((e) => e.kind)).toEqual(['action.succeeded']);
  });
});
