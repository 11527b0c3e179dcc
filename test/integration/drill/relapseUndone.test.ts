import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed, confirmedUntilVerifying, declined } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf } from '../../support/postmortemHarness';

/**
 * A responder's drill (irreversible-migration, 100x30): the kill switch stopped the burn; the
 * rollback forced through its migration block brought it back at 119x; its undo stopped it again.
 * Half an hour on, the advice read "checkout_v2 set to off 30m ago: the burn fell (5m 17.8x before
 * it, 0.1x now) but goes on: look for another cause" beside `5m 0.1x  30m 41.9x`, and the forced
 * rollback's step read "the burn went on after it" of the outage it caused.
 */
describe('the rollback that brought the burn back, undone', () => {
  let h: DrillHarness;
  let back: CockpitView;
  let undoing: CockpitView;
  let undoAsked: NonNullable<CockpitView['confirmation']>;
  let view: CockpitView;
  let later: CockpitView;

  beforeAll(async () => {
    h = await openDrill('irreversible-migration');
    // A responder reads the screen first: the kill switch comes with the burn sampled before it.
    await h.pass(90_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn came back/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    back = h.drill.session.view();
    // Minutes of the relapse before the undo, as a responder takes them (the postmortem read it as a burn going on).
    await h.pass(6 * 60_000);
    undoAsked = await declined(h, { type: 'action.undo', action: 'act-2' });
    // The undo, watched as it rolls out.
    undoing = await confirmedUntilVerifying(h, { type: 'action.undo', action: 'act-2' });
    await h.until((v) => v.running.length === 0, 10 * 60_000);
    // Past the undo's 5m window and a poll, while the 30m window still holds the relapse.
    await h.pass(12 * 60_000);
    view = h.drill.session.view();
    // Half an hour after the kill switch, its 30m window holds only what came after it: the relapse.
    await h.pass(20 * 60_000);
    later = h.drill.session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('credits the undo with the stop, and sends nobody looking for another cause', () => {
    const advice = view.recommendations[0]?.text ?? '';
    expect(advice).toMatch(/^Deployed :42 again \(the rollback to :41 undone\) \d+m ago: the burn has stopped \(5m 0\.\dx\) · m mitigated; the 1h window still holds the outage/);
    for (const seen of [view, later]) expect(seen.recommendations.map((r) => r.text).join('\n')).not.toMatch(/goes on|another cause/);
    expect(later.recommendations[0]?.text).toMatch(/^Deployed :42 again \(the rollback to :41 undone\) \d+m ago: the burn has stopped/);
  });

  // It read `⊘ BLOCKED … checkout-api:42 is known bad: running when the first trigger fired` beside "The undo the advice
  // asks for", and asked for `roll forward to known-bad checkout-api:42` typed: :42 had run clean once the flag was off.
  it('the undo the advice asks for is not blocked as going to a known-bad build', () => {
    expect(undoAsked.asked).toMatch(/undo it: deploy :42 again$/);
    expect(undoAsked.safety.level).not.toBe('blocked');
    expect(JSON.stringify(undoAsked.safety)).not.toMatch(/known bad/);
  });

  // While it rolled out: "checkout_v2 set to off 21m ago, but the burn goes on (5m 116.7x →): look for another cause".
  it('while the undo rolls out, says so, and blames nothing that worked', () => {
    expect(undoing.recommendations[0]?.text).toMatch(/^Deploying :42 again to undo the rollback to :41( \(begun \d+s ago, its rollout not confirmed\))?: watch whether the burn falls \(5m \d+\.\dx\)/);
    expect(undoing.recommendations.map((r) => r.text).join('\n')).not.toMatch(/goes on|another cause/);
  });

  // After the undo the panel read `⊘ target │ :41` and `⊗ :42 bad — running when the first trigger fired`: :42 ran
  // clean once the flag was off, and :41 is the build the burn came back with.
  it('after the undo, the build the burn came back with is the bad one, and the one that ran clean is not', () => {
    const rows = view.deploys.data ?? [];
    const bad = (revision: string) => rows.find((r) => r.revision === revision && r.knownBad !== undefined)?.knownBad;
    expect(bad('checkout-api:42')).toBeUndefined();
    expect(bad('checkout-api:41')).toMatch(/^the burn rose after \w+ \(act-2\) rolled back to it at \d\d:\d\dZ$/);
  });

  // Run again after the undo, the step planned :41 once more, saying only "act-2 made this change, and act-3 undid it".
  it('run again after the undo, the rollback step does not go back to the build the burn came back with', async () => {
    const again = await declined(h, { type: 'step.run', step: 'rollback' });
    expect(again.summary).toMatch(/from checkout-api:42 to checkout-api:40 /);
    expect(again.safety.reasons).toContainEqual(expect.stringMatching(/^passes over checkout-api:41, the burn rose after \w+ \(act-2\) rolled back to it/));
    // The burn has stopped: no change is what the advice asks for now.
    expect(again.recommendedInstead).toMatch(/^Deployed :42 again .*: the burn has stopped \(5m 0\.\dx\); the 1h window/);
  });

  // The postmortem's heading of the forced rollback said the burn came back after it, and its body "Whether
  // checkout-api:42 was a cause is not known: the burn went on while act-2's change stood (act-3 undid it)".
  it('the postmortem says the burn came back after the forced rollback, and nothing of it going on', async () => {
    const { md } = await exportsOf(h);
    const forced = md.slice(md.indexOf('### 2. '), md.indexOf('### 3. '));
    expect(forced).toMatch(/^### 2\. .* \(succeeded; the burn had stopped, and came back after it\)/);
    expect(forced).not.toMatch(/was a cause is not known|went on/);
    // What the advice said when it was confirmed, without the key the live panel names (`· m mitigated`).
    expect(forced).toMatch(/- \*\*Confirmed though not the recommended change\*\*: checkout_v2 set to off \d+m ago: the burn has stopped \(5m 0\.\dx\); the 1h window/);
    expect(md).not.toContain('· m mitigated');
  });

  // The resolve dialog's "changed and still so" read `checkout_v2 serves off since 02:36 UTC (…)` bare, the kill switch that worked.
  it('the kill switch left in place says the burn stopped after it', () => {
    expect(later.incident.openEnds?.changes).toContainEqual(expect.stringMatching(/^checkout_v2 serves off since \d\d:\d\d UTC \(was on; .*\), and the burn stopped after it$/));
  });

  it("says of the forced rollback's step that the burn came back after it", () => {
    expect(back.steps.find((s) => s.id === 'rollback')?.detail).toBe('the burn had stopped, and came back after it');
    for (const seen of [view, later]) expect(seen.steps.map((s) => s.detail ?? '').join('\n')).not.toMatch(/went on after/);
  });
});
