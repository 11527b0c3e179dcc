import { describe, expect, it } from 'vitest';
import { burnWentOnAfter, judgeRollbacks, maskedText, rollbacksBeingJudged, type BurnSamples } from '../../../src/core/burnWentOn';

const outlivedRollbacks = (actions: Parameters<typeof judgeRollbacks>[0], history: BurnSamples) => judgeRollbacks(actions, history).outlived;
import type { ActionState } from '../../../src/core/incidentState';

const MIN = 60_000;
const history = (...burns: (number | null)[]) => new Map([['availability', burns.map((burn, i) => ({ at: (i + 1) * MIN, burn }))]]);

describe('burnWentOnAfter: a burn that outlived a change', () => {
  it('went on: every 5m reading over 1x from the change on, one a whole 5m window after it', () => {
    expect(burnWentOnAfter(0, undefined, history(16, 16, 15, 15, 16))).toBe(true);
  });
  it('not yet: no reading a whole 5m window after the change', () => {
    expect(burnWentOnAfter(0, undefined, history(16, 16, 15, 15))).toBe(false);
  });
  it('stopped: one reading under 1x after the change', () => {
    expect(burnWentOnAfter(0, undefined, history(16, 9, 3, 0.8, 2, 3, 3))).toBe(false);
  });
  it('judged only until the next change: what a later kill switch did is not the rollback\'s', () => {
    expect(burnWentOnAfter(0, 5.5 * MIN, history(16, 16, 16, 16, 16, 0.2, 0.1))).toBe(true);
    expect(burnWentOnAfter(0, 4.5 * MIN, history(16, 16, 16, 16, 0.2, 0.1, 0.1))).toBe(false);
  });
  it('history that does not reach back to the change does not judge it (the screen keeps two hours)', () => {
    const late = new Map([['availability', [6, 7, 8, 9, 10, 11].map((m) => ({ at: m * MIN, burn: 16 }))]]);
    expect(burnWentOnAfter(0, undefined, late)).toBe(false);
  });
  it('an SLO that never burned says nothing; no readings say nothing', () => {
    expect(burnWentOnAfter(0, undefined, history(0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1))).toBe(false);
    expect(burnWentOnAfter(0, undefined, history(null, null, null, null, null, null, null))).toBe(false);
  });
});

/**
 * bad-deploy at --speed 10: the rollback's call returned at 02:31:16, its tasks were replaced until
 * 02:32:16, and at 02:36:30 the panel read `↶ :42 likely not the cause` while the 5m burn still fell (1.4x ↓).
 */
describe('a rollback is judged from when its rollout was checked over, not from its call', () => {
  const rollback = (verifiedAtMin?: number): ActionState => ({
    id: 'act-1',
    name: 'deploys.rollback',
    summary: 'Roll back',
    calls: [],
    facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' },
    status: 'succeeded',
    plannedAt: new Date(0).toISOString(),
    startedAt: new Date(0).toISOString(),
    finishedAt: new Date(MIN).toISOString(),
    outputTail: '',
    outputChars: 0,
    ...(verifiedAtMin === undefined ? {} : { verification: { outcome: 'passed' as const, at: new Date(verifiedAtMin * MIN).toISOString(), summary: 'svc runs svc:41' } }),
  });

  it('is not outlived while a 5m window has not passed since the rollout ended', () => {
    // Over 1x on every reading to 6m: a window after the call (1m), not after the rollout (2m).
    const burns = history(16, 12, 8, 5, 3, 1.4);
    expect(outlivedRollbacks([rollback(2)], burns).size).toBe(0);
    expect(outlivedRollbacks([rollback()], burns).size).toBe(1);
    expect(outlivedRollbacks([rollback(2)], history(16, 12, 8, 5, 3, 2, 2, 2)).size).toBe(1);
  });

  // irreversible-migration: a rollback forced to a build that cannot read the schema, 15x → 122x; the
  // postmortem said ":42 is likely not the cause (roll forward?)".
  it('is not outlived when the burn rose sharply after it: it made the burn worse, which says nothing of the revision it left', () => {
    // Watched a minute before it (15x, then 15x): the window held the burn going on.
    const rolledAt = { ...rollback(3), startedAt: new Date(2.5 * MIN).toISOString() };
    const rose = judgeRollbacks([rolledAt], history(15, 15, 40, 90, 122, 122, 122, 122, 122, 122));
    expect(rose.outlived.size).toBe(0);
    expect([...rose.worsened.keys()]).toEqual([rolledAt.id]);
    const wentOn = judgeRollbacks([rolledAt], history(15, 15, 14, 15, 16, 15, 14, 15, 16, 15));
    expect([wentOn.outlived.size, wentOn.worsened.size]).toEqual([1, 0]);
  });

  // A real rig: errors from 19:23, the rollback at 19:24 with a 30s rollout; the 5m window went on
  // filling with the bad build's errors, and the postmortem said the rollback that fixed it made it worse.
  it('is not worsened by a rise while the 5m window still fills with a burn begun under 5m before it', () => {
    const rolledAt = { ...rollback(3), startedAt: new Date(2.5 * MIN).toISOString() };
    const filling = judgeRollbacks([rolledAt], history(0.1, 5, 16, 24, 20, 9, 0.5, 0.2, 0.1, 0.1));
    expect(filling.worsened.size).toBe(0);
    expect([...filling.stopped.keys()]).toEqual([rolledAt.id]);
  });

  // The same with the window filling from a burn about a minute old (3x, then 8.5x as the rollback was made): it
  // reached 27x by itself, three times the reading the rollback was made at.
  it('is not worsened by a window filling to three times the reading it was made at, at the rate it was filling', () => {
    const rolledAt = { ...rollback(3), startedAt: new Date(2 * MIN).toISOString() };
    const young = (peak: number) => new Map([['availability', [{ at: MIN, burn: 3 }, { at: 2 * MIN - 1000, burn: 8.5 }, { at: 4 * MIN, burn: 20 }, { at: 6.5 * MIN, burn: peak }, { at: 9 * MIN, burn: 0.4 }]]]);
    expect(judgeRollbacks([rolledAt], young(27)).worsened.size).toBe(0);
    expect([...judgeRollbacks([rolledAt], young(137)).worsened.keys()]).toEqual([rolledAt.id]);
  });

  // helper-141's rig: a rollback 34 s after the opening onto a build as bad, its readings 9.2x then 9.5x (the previous
  // incident's tail leaving the window as the new burn filled it): the postmortem said "the burn rose after it".
  it('is not worsened by a window filling after readings that cannot tell its state (under a minute apart)', () => {
    const rolledAt = { ...rollback(1.3), startedAt: new Date(MIN).toISOString() };
    const tail = new Map([['availability', [[-34, 9.15], [0, 9.5], [56, 17.59], [86, 21.64], [116, 25.68], [146, 29.75], [176, 33.78], [206, 37.83], [236, 39.99], [266, 40], [296, 40], [326, 40], [356, 40], [386, 40], [416, 40]].map(([s, burn]) => ({ at: MIN + s! * 1000, burn: burn! }))]]);
    expect(judgeRollbacks([rolledAt], tail).worsened.size).toBe(0);
  });

  // Two causes stacked (a kill switch adding 10% beside :42's 8%): the rollback took 36x to 20x, and
  // the panel, the drill report and the postmortem said ":42 likely not the cause (roll forward?)".
  it('helped, not outlived, when the burn went on at two thirds or less of what it was before it', () => {
    const rolledAt = { ...rollback(2), startedAt: new Date(1.5 * MIN).toISOString() };
    const fell = judgeRollbacks([rolledAt], history(36, 34, 28, 24, 21, 20, 20, 21, 20));
    expect([...fell.helped.keys()]).toEqual([rolledAt.id]);
    expect([fell.outlived.size, fell.worsened.size]).toEqual([0, 0]);
    // 36x to 30x: it went on, hardly less.
    const wentOn = judgeRollbacks([rolledAt], history(36, 34, 32, 30, 30, 30, 31, 30, 30));
    expect([wentOn.outlived.size, wentOn.helped.size]).toEqual([1, 0]);
  });

  // tworb: the rollback that fixed it was listed as "(succeeded)" only, beside the first one's "the burn went on after it".
  it('stopped: the burn fell under 1x after it and stayed there; one it came back after, or that never fell under, is not', () => {
    const rolledAt = { ...rollback(2), startedAt: new Date(1.5 * MIN).toISOString() };
    expect([...judgeRollbacks([rolledAt], history(24, 20, 12, 4, 0.6, 0.2, 0.1)).stopped.keys()]).toEqual([rolledAt.id]);
    expect(judgeRollbacks([rolledAt], history(24, 20, 12, 4, 0.6, 3, 8)).stopped.size).toBe(0);
    expect(judgeRollbacks([rolledAt], history(24, 20, 18, 14, 12, 12, 12)).stopped.size).toBe(0);
    // Nothing burned before it: nothing to stop.
    expect(judgeRollbacks([rolledAt], history(0.5, 0.4, 0.2, 0.1)).stopped.size).toBe(0);
  });

  // A kill switch turned a minute before a rollback the burn then stopped after read "(succeeded)" alone, and its
  // undo passed with one Enter: the burn came back.
  it('stopped: a change made within a 5m window and a poll before one the burn stopped after is credited with it, both named', () => {
    const flagOff: ActionState = { ...rollback(), id: 'act-1', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(0.5 * MIN).toISOString(), finishedAt: new Date(0.6 * MIN).toISOString() };
    const rolledAt = { ...rollback(2), id: 'act-2', startedAt: new Date(1.5 * MIN).toISOString() };
    const burns = history(24, 20, 12, 4, 0.6, 0.2, 0.1);
    expect([...judgeRollbacks([flagOff, rolledAt], burns).stopped.entries()]).toEqual([
      [rolledAt.id, ['act-1']],
      ['act-1', [rolledAt.id]],
    ]);
    // Over a 5m window and a poll before it, the burn had its chance to stop after the first: not credited.
    const longBefore = { ...flagOff, startedAt: new Date(-5 * MIN).toISOString(), finishedAt: new Date(-4.9 * MIN).toISOString() };
    expect([...judgeRollbacks([longBefore, rolledAt], burns).stopped.entries()]).toEqual([[rolledAt.id, []]]);
    // A rollback whose check failed (ECS never started its deployment) took no part: the kill switch stopped it alone.
    const neverRolled = { ...rolledAt, verification: { outcome: 'failed' as const, at: new Date(16 * MIN).toISOString(), summary: 'svc did not reach svc:41 within 15m' } };
    const flagLater = { ...flagOff, startedAt: new Date(1.2 * MIN).toISOString(), finishedAt: new Date(1.3 * MIN).toISOString() };
    expect([...judgeRollbacks([flagLater, rolledAt], burns).stopped.entries()]).toEqual([[rolledAt.id, ['act-1']], ['act-1', [rolledAt.id]]]);
    expect([...judgeRollbacks([flagLater, neverRolled], burns).stopped.entries()]).toEqual([['act-1', []]]);
  });

  // payments-api bad-flag: the wrong rollback at 02:32, the kill switch at 02:35, the 5m burn at 18x between: "made together",
  // the panel said `⊗ :42 bad` and nothing said :41 still ran. Corrected 10 minutes later, the same drill read it right.
  it('a rollback the burn had not begun to fall after when the next change came is outlived, and that change stopped it alone', () => {
    const rolled = { ...rollback(2), id: 'act-1', startedAt: new Date(1.5 * MIN).toISOString(), finishedAt: new Date(1.8 * MIN).toISOString() };
    const flagOff: ActionState = { ...rollback(), id: 'act-2', name: 'flags.set', facts: { flag: 'instant_payouts', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(4.5 * MIN).toISOString(), finishedAt: new Date(4.6 * MIN).toISOString() };
    const judged = judgeRollbacks([rolled, flagOff], history(18, 18, 18, 17.8, 15, 11, 7, 3, 0.6, 0.2, 0.1));
    expect([...judged.outlived.keys()]).toEqual(['act-1']);
    expect([...judged.stopped.entries()]).toEqual([['act-2', []]]);
    expect([...judged.cleared.keys()]).toEqual(['act-1']);
    // The burn seen falling after it (10x at 4m), and under 1x at 8m, a window that still held 2m of before the flag:
    // the errors had stopped before the flag was turned, and the rollback stopped them alone (it read "made together").
    const falling = judgeRollbacks([rolled, flagOff], history(18, 18, 14, 10, 7, 4, 2, 0.8, 0.4, 0.2, 0.1));
    expect(falling.outlived.size).toBe(0);
    expect([...falling.stopped.entries()]).toEqual([['act-1', []]]);
    expect(falling.madeWhileFalling.get('act-2')?.id).toBe('act-1');
    // Too soon to tell (no reading 90s after the rollout): made together, as before.
    const soon = { ...flagOff, startedAt: new Date(3.2 * MIN).toISOString(), finishedAt: new Date(3.3 * MIN).toISOString() };
    expect(judgeRollbacks([rolled, soon], history(18, 18, 18, 17, 12, 7, 3, 0.6, 0.2, 0.1)).stopped.get('act-2')).toEqual(['act-1']);
  });

  // checkout-api bad-flag at 80x24: the wrong rollback's rollout checked at 02:34:44, the kill switch at 02:40:01,
  // 17s after a 5m window was whole but before a reading came in it (the log reads once a minute): neither outlived
  // nor flat, so `⊗ :42 bad — rolled back to checkout-api:41` stood to the end beside "the burn has stopped".
  it('a rollback the next change followed after a 5m window was whole but before a reading in it is judged as one followed sooner', () => {
    const rolled = { ...rollback(2.55), id: 'act-1', startedAt: new Date(1.5 * MIN).toISOString(), finishedAt: new Date(1.6 * MIN).toISOString() };
    const flagOff: ActionState = { ...rollback(), id: 'act-2', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(7.8 * MIN).toISOString(), finishedAt: new Date(7.82 * MIN).toISOString() };
    // Readings at 1..13 min: none between 7.55 (a window after the check) and 7.8 (the kill switch).
    const judged = judgeRollbacks([rolled, flagOff], history(18, 18, 18.4, 18.2, 18.5, 18, 18.3, 13, 8, 3, 0.6, 0.2, 0.1));
    expect([...judged.outlived.keys()]).toEqual(['act-1']);
    expect([...judged.stopped.entries()]).toEqual([['act-2', []]]);
    expect([...judged.cleared.keys()]).toEqual(['act-1']);
  });

  // irreversible-migration: a forced rollback (the burn rose after it), undone, then the kill switch: the postmortem
  // read of the kill switch "the burn stopped after it and act-1 and act-2, made together", act-1 long taken back.
  it('stopped: a change taken back before the one the burn stopped after is not credited with it', () => {
    const forced = { ...rollback(1), id: 'act-1', startedAt: new Date(0).toISOString() };
    const undo: ActionState = { ...rollback(2), id: 'act-2', undoes: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' }, startedAt: new Date(1.5 * MIN).toISOString() };
    const flagOff: ActionState = { ...rollback(), id: 'act-3', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(2.5 * MIN).toISOString(), finishedAt: new Date(2.6 * MIN).toISOString() };
    const stopped = judgeRollbacks([forced, undo, flagOff], history(24, 60, 30, 0.6, 0.2, 0.1, 0.1)).stopped;
    expect(stopped.get('act-3')).toEqual(['act-2']);
    expect(stopped.has('act-1')).toBe(false);
  });

  // irreversible-migration at 80x24: the undo of a forced rollback took the burn from 138x to 21.5x in 4m33s, the kill
  // switch 5 minutes later stopped the rest, and the postmortem said the two were "made together: the SLO cannot tell which".
  it('stopped: a change the burn read too high after for it to have stopped it is not credited with the stop', () => {
    const forced = { ...rollback(1), id: 'act-1', startedAt: new Date(0).toISOString() };
    const undo: ActionState = { ...rollback(3.5), id: 'act-2', undoes: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' }, startedAt: new Date(3.05 * MIN).toISOString() };
    const flagOff: ActionState = { ...rollback(), id: 'act-3', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(8.5 * MIN).toISOString(), finishedAt: new Date(8.6 * MIN).toISOString() };
    // At 8m, 4m30s after the undo was whole, the window held 21x: its errors from before the undo could be a tenth of 138x at most.
    const burns = history(20, 80, 138, 120, 90, 60, 40, 21, 18, 14, 9, 4, 0.6, 0.2, 0.1);
    expect(judgeRollbacks([forced, undo, flagOff], burns).stopped.get('act-3')).toEqual([]);
    // A burn falling as a stop drains the window, 3x when the flag was turned and under 1x 30s later: the undo stopped it.
    const draining = judgeRollbacks([forced, undo, flagOff], history(20, 80, 138, 120, 90, 60, 30, 3, 0.8, 0.5, 0.3, 0.2, 0.1));
    expect(draining.stopped.get('act-2')).toEqual([]);
    expect(draining.madeWhileFalling.get('act-3')?.id).toBe('act-2');
  });

  // irreversible-migration at --speed 10 (a responder's play-test): the undo of a forced rollback verified at 02:44:17
  // took 138x to 62x, the kill switch at 02:47:33, the burn under 1x at 02:52:34. The Summary said "after flags.set
  // (act-3)", the Actions section "made together: the SLO cannot tell which".
  it('stopped: a change the 5m burn read over 1x a whole window after is not credited with the stop', () => {
    const forced = { ...rollback(1), id: 'act-1', startedAt: new Date(0).toISOString() };
    const undo: ActionState = { ...rollback(12), id: 'act-2', undoes: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' }, startedAt: new Date(11 * MIN).toISOString(), finishedAt: new Date(11.2 * MIN).toISOString() };
    const flagOff: ActionState = { ...rollback(), id: 'act-3', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(15.27 * MIN).toISOString(), finishedAt: new Date(15.3 * MIN).toISOString() };
    // 20x at 19m and 8x at 20m: 7 and 8 minutes after the undo was whole, a window it would have emptied (and 30s of a rate's lag).
    const burns = history(20, 60, 100, 138, 138, 138, 138, 138, 138, 138, 138, 138, 110, 80, 62, 62, 50, 35, 20, 8, 0.6, 0.2);
    expect(judgeRollbacks([forced, undo, flagOff], burns).stopped.get('act-3')).toEqual([]);
    // Under 1x by then (the window emptied as it would have), 0.9x at 18m with 1.8m of it before the flag: the undo stopped it.
    const emptied = judgeRollbacks([forced, undo, flagOff], history(20, 60, 100, 138, 138, 138, 138, 138, 138, 138, 138, 138, 110, 80, 62, 40, 20, 0.9, 0.6, 0.4, 0.3, 0.2));
    expect(emptied.stopped.get('act-2')).toEqual([]);
    expect(emptied.madeWhileFalling.get('act-3')?.id).toBe('act-2');
  });

  it('stopped: a change with no 5m reading in the window before it is judged on the last one read (the provider was down)', () => {
    const undo: ActionState = { ...rollback(10.5), id: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' }, startedAt: new Date(10 * MIN).toISOString() };
    const flagOff: ActionState = { ...rollback(), id: 'act-2', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(14 * MIN).toISOString(), finishedAt: new Date(14.1 * MIN).toISOString() };
    // Read at 1m (20x), then nothing until 13m: a stop at 10.5m leaves the window falling, as it reads.
    const burns = new Map([['availability', [{ at: MIN, burn: 20 }, { at: 13 * MIN, burn: 9 }, { at: 15 * MIN, burn: 3 }, { at: 19 * MIN, burn: 0.5 }, { at: 20 * MIN, burn: 0.2 }]]]);
    expect(judgeRollbacks([undo, flagOff], burns).stopped.get('act-2')).toEqual(['act-1']);
  });

  // order-worker at 100x30: the rollback that worked undone (the burn came back after it), and 4 minutes later a second
  // rollback stopped it again: "Rolled back to :41 7m ago, with the redeploy of :42 11m ago (made together …)".
  // payments-api-rollout bad-deploy (a responder's play-test): the rollback that worked, then its undo typed through,
  // which Argo aborted (its check failed: nothing taken back), the burn stopped throughout. The rollback read "not
  // needed: undone", :42 was cleared of the burn (`notTheCause`), and the next incident would not know it bad.
  it('undoneClean: never by an undo whose check failed (it took nothing back)', () => {
    const worked = { ...rollback(2), id: 'act-1', startedAt: new Date(1.5 * MIN).toISOString(), finishedAt: new Date(1.6 * MIN).toISOString() };
    const verdict = (outcome: 'passed' | 'failed') => ({ outcome, at: new Date(9 * MIN).toISOString(), summary: outcome === 'failed' ? 'RolloutAborted' : 'svc runs svc:42' });
    const undo = (outcome: 'passed' | 'failed'): ActionState => ({ ...rollback(), id: 'act-2', undoes: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' }, startedAt: new Date(8 * MIN).toISOString(), finishedAt: new Date(8.1 * MIN).toISOString(), verification: verdict(outcome) });
    const burns = history(16, 12, 8, 5, 2, 0.6, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1);
    const aborted = judgeRollbacks([worked, undo('failed')], burns);
    expect(aborted.undoneClean.size).toBe(0);
    expect(aborted.stopped.get('act-1')).toEqual([]);
    expect([...judgeRollbacks([worked, undo('passed')], burns).undoneClean]).toEqual(['act-1']);
  });

  it('stopped: a change the burn came back after is not credited with the stop that followed it', () => {
    const worked = { ...rollback(1), id: 'act-1', startedAt: new Date(0).toISOString() };
    const undo: ActionState = { ...rollback(8.5), id: 'act-2', undoes: 'act-1', facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' }, startedAt: new Date(7.5 * MIN).toISOString() };
    const again: ActionState = { ...rollback(12), id: 'act-3', startedAt: new Date(11.5 * MIN).toISOString() };
    const burns = history(16, 10, 5, 2, 0.5, 0.2, 0.1, 0.1, 3, 6, 9, 10, 8, 5, 2, 0.6, 0.2, 0.1);
    const judged = judgeRollbacks([worked, undo, again], burns);
    expect([...judged.broughtBack]).toContain('act-2');
    expect(judged.stopped.get('act-3')).toEqual([]);
  });

  // payments-api bad-deploy: the kill switch turned against the advice, the burn 15.8x before and 16.2x a window after; the
  // postmortem read "(succeeded)" alone and left it off with no word, while a needless rollback was said so.
  it('a flag change the burn went on after, not falling, is said so; one it fell or stopped after is not', () => {
    const flagOff: ActionState = { ...rollback(), id: 'act-1', name: 'flags.set', facts: { flag: 'instant_payouts', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(1.5 * MIN).toISOString(), finishedAt: new Date(1.6 * MIN).toISOString() };
    expect([...judgeRollbacks([flagOff], history(15.8, 15.9, 16, 16.1, 16.2, 16, 16.2, 16.1)).flagsOutlived.keys()]).toEqual(['act-1']);
    expect(judgeRollbacks([flagOff], history(15.8, 15.9, 12, 9, 7, 6, 6, 6)).flagsOutlived.size).toBe(0);
    expect(judgeRollbacks([flagOff], history(15.8, 15.9, 12, 8, 4, 0.5, 0.2, 0.1)).flagsOutlived.size).toBe(0);
    // Its undo is no verdict on the flag.
    expect(judgeRollbacks([{ ...flagOff, undoes: 'act-0' }], history(15.8, 15.9, 16, 16.1, 16.2, 16, 16.2, 16.1)).flagsOutlived.size).toBe(0);
  });

  // payments-api-rollout slow-burn at 80x24: a second rollback (to :40) made 15 minutes after the burn had stopped marked
  // the build that had run clean `⊗ :43 bad`, and nothing said :40 was left running.
  it('a change made after the burn had stopped is said so; one made while it burned, or an undo, is not', () => {
    const first = { ...rollback(2), id: 'act-1', startedAt: new Date(0.5 * MIN).toISOString() };
    const second = { ...rollback(13), id: 'act-2', facts: { currentRevision: 'svc:43', targetRevision: 'svc:40' }, startedAt: new Date(12 * MIN).toISOString(), finishedAt: new Date(12.2 * MIN).toISOString() };
    const burns = history(16, 12, 8, 4, 1.5, 0.6, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1);
    expect([...judgeRollbacks([first, second], burns).afterTheStop]).toEqual(['act-2']);
    expect(judgeRollbacks([first, { ...second, undoes: 'act-1' }], burns).afterTheStop.size).toBe(0);
    expect(judgeRollbacks([first], history(0.1, 0.1, 0.1)).afterTheStop.size).toBe(0);
  });

  it('any change the burn doubled after (a kill switch too) is raised, with the readings; one it did not, or that failed, is not', () => {
    const flagOff: ActionState = { ...rollback(), id: 'act-2', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(2.5 * MIN).toISOString(), finishedAt: new Date(2.6 * MIN).toISOString() };
    const rose = judgeRollbacks([flagOff], history(16, 16, 24, 30, 36, 36, 36));
    expect([...rose.raised.entries()]).toEqual([['act-2', { before: 16, after: 36 }]]);
    // A burn still filling its window as the change was made (9x, then 16x: 35x once full, at 7x a minute) rises by itself:
    // three times what it was filling to is a rise.
    expect(judgeRollbacks([flagOff], history(9, 16, 24, 30, 36, 36, 36)).raised.size).toBe(0);
    expect(judgeRollbacks([flagOff], history(9, 16, 24, 30, 49, 49, 49)).raised.size).toBe(0);
    expect([...judgeRollbacks([flagOff], history(9, 16, 24, 30, 110, 110, 110)).raised.keys()]).toEqual(['act-2']);
    expect(judgeRollbacks([flagOff], history(16, 16, 20, 24, 24, 24)).raised.size).toBe(0);
    expect(judgeRollbacks([{ ...flagOff, status: 'failed' }], history(16, 16, 24, 30, 36, 36, 36)).raised.size).toBe(0);
  });

  // tworb (two bad builds, broken at once): after the second rollback stopped the burn, the panel
  // still read `↶ :43 likely not the cause: the burn went on after it` — under :42, bad too.
  it('outlived no more once a later rollback from the build it went to helped or stopped the burn: the build it left is not known either way', () => {
    const first: ActionState = { ...rollback(2), facts: { currentRevision: 'svc:43', targetRevision: 'svc:42' }, startedAt: new Date(1.5 * MIN).toISOString() };
    const second: ActionState = { ...rollback(), id: 'act-2', facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' }, startedAt: new Date(9.5 * MIN).toISOString(), finishedAt: new Date(10 * MIN).toISOString(), verification: { outcome: 'passed', at: new Date(10 * MIN).toISOString(), summary: 'svc runs svc:41' } };
    const burns = history(24, 24, 24, 24, 24, 24, 24, 24, 24, 20, 12, 4, 0.6, 0.2, 0.1, 0.1);
    const judged = judgeRollbacks([first, second], burns);
    expect([...judged.stopped.keys()]).toEqual(['act-2']);
    expect(judged.outlived.size).toBe(0);
    expect([...judged.masked.entries()].map(([id, by]) => [id, by.id, maskedText(first, by)])).toEqual([['act-1', 'act-2', 'under svc:42, bad too']]);
    // Before the second rollback is judged, or when it too left the burn going, the first stays outlived.
    expect([...judgeRollbacks([first, second], history(24, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24)).outlived.keys()]).toEqual(['act-1']);
    const elsewhere = { ...second, facts: { currentRevision: 'svc:40', targetRevision: 'svc:39' } };
    expect([...judgeRollbacks([first, elsewhere], burns).outlived.keys()]).toEqual(['act-1']);
  });

  // flagworse: the kill switch (adding 10%) turned 50s before the rollback of the bad build; the burn
  // went on after the rollback until the kill switch was undone. The resolve dialog, the drill report
  // and the postmortem said of the bad build "likely not the cause (roll forward?)".
  it('outlived no more once a later undo of a change made before it stopped the burn', () => {
    const flagOff: ActionState = { ...rollback(), id: 'act-1', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(0.5 * MIN).toISOString(), finishedAt: new Date(0.6 * MIN).toISOString(), verification: undefined };
    const rolled: ActionState = { ...rollback(2), id: 'act-2', startedAt: new Date(1.5 * MIN).toISOString() };
    const undo: ActionState = { ...flagOff, id: 'act-3', undoes: 'act-1', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'off', after: 'on' }, startedAt: new Date(10.5 * MIN).toISOString(), finishedAt: new Date(10.6 * MIN).toISOString() };
    const burns = history(16, 20, 24, 24, 24, 24, 24, 24, 24, 24, 20, 9, 4, 0.6, 0.2, 0.1, 0.1);
    const judged = judgeRollbacks([flagOff, rolled, undo], burns);
    expect(judged.outlived.size).toBe(0);
    expect([...judged.masked.entries()].map(([id, by]) => [id, maskedText(rolled, by)])).toEqual([['act-2', "while act-1's change stood (act-3 undid it)"]]);
    // An undo of a change made after the rollback says nothing of what went on after it.
    const laterFlag = { ...flagOff, startedAt: new Date(2.5 * MIN).toISOString(), finishedAt: new Date(2.6 * MIN).toISOString() };
    expect([...judgeRollbacks([rolled, laterFlag, undo], burns).masked.keys()]).toEqual([]);
  });

  // bad-flag, the wrong rollback first: the kill switch then stopped the burn under svc:41. Its undo
  // was blocked as "svc:42 known bad: running when the first trigger fired".
  it('cleared once a later change, not a deploy, stopped the burn the rollback left going, with no deploy between', () => {
    const rolled: ActionState = { ...rollback(2), id: 'act-1', startedAt: new Date(1.5 * MIN).toISOString() };
    const flagOff: ActionState = { ...rollback(), id: 'act-2', name: 'flags.set', facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' }, startedAt: new Date(10.5 * MIN).toISOString(), finishedAt: new Date(10.6 * MIN).toISOString(), verification: undefined };
    const burns = history(16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 12, 6, 2, 0.6, 0.2, 0.1, 0.1);
    const judged = judgeRollbacks([rolled, flagOff], burns);
    expect([...judged.outlived.keys()]).toEqual(['act-1']);
    expect([...judged.cleared.entries()].map(([id, by]) => [id, by.id])).toEqual([['act-1', 'act-2']]);
    // A deploy between them: the burn stopped under another build, which clears nothing of svc:42.
    const moved: ActionState = { ...rollback(), id: 'act-3', facts: { currentRevision: 'svc:41', targetRevision: 'svc:40' }, startedAt: new Date(9.5 * MIN).toISOString(), finishedAt: new Date(9.6 * MIN).toISOString() };
    expect(judgeRollbacks([rolled, moved, flagOff], burns).cleared.size).toBe(0);
    // Nothing stopped it yet: outlived, not cleared.
    expect(judgeRollbacks([rolled, flagOff], history(16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16)).cleared.size).toBe(0);
  });

  it('is being judged until a 5m window and a poll after its check, and for as long as its check runs', () => {
    expect(rollbacksBeingJudged([rollback(2)], 7.5 * MIN).get('svc:42')).toBe(8 * MIN);
    const checking = { ...rollback(), status: 'succeeded' as const };
    expect(rollbacksBeingJudged([checking], 60 * MIN).get('svc:42')).toBe(Number.POSITIVE_INFINITY);
    // The burn stopped after it, alone: its verdict is in. Made together with another change, the SLO cannot tell which: judged on.
    const rolled = rollback(2);
    expect(rollbacksBeingJudged([rolled], 7.5 * MIN, new Map([[rolled.id, []]])).has('svc:42')).toBe(false);
    expect(rollbacksBeingJudged([rolled], 7.5 * MIN, new Map([[rolled.id, ['act-9']]])).get('svc:42')).toBe(8 * MIN);
    // Rolled back from again after an undo put it back: the burn had stopped after the first, alone. The panel asked
    // `↶ :42 the cause? the 5m burn tells by 03:01Z` of a build the incident had already shown bad.
    const again: ActionState = { ...rollback(40), id: 'act-3', startedAt: new Date(30 * MIN).toISOString(), finishedAt: new Date(31 * MIN).toISOString() };
    expect(rollbacksBeingJudged([rolled, again], 33 * MIN, new Map([[rolled.id, []]])).has('svc:42')).toBe(false);
    expect(rollbacksBeingJudged([rolled, again], 33 * MIN).get('svc:42')).toBe(46 * MIN);
  });
});
