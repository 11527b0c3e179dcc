import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimatedOnset } from '../../../src/core/changeCorrelation';
import { rollbackSafety } from '../../../src/core/rollbackSafety';
import { recommend, type RecommendationInput } from '../../../src/core/recommendation';
import type { ResponderAction } from '../../../src/core/responderActions';
import { roughDuration } from '../../../src/core/roughDuration';
import { formatAge } from '../../../src/ui/format';
import {
  afterRollback,
  badDeploy,
  badFlag,
  CONTRACT_REASONS,
  deploy,
  flag,
  flagSet,
  history,
  HOUR,
  irreversibleMigration,
  judgedFrom,
  MINUTE,
  pageBurn,
  preview,
  rolledBack,
  slowBurn,
  slowBurnScenario,
  START,
} from './recommendationScenarios';

const only = (input: RecommendationInput) => {
  const recommendations = recommend(input);
  expect(recommendations).toHaveLength(1);
  return recommendations[0]!;
};

describe('recommend, for a cockpit opened on a burn already under way', () => {
  // Errors since 21:07, the cockpit opened at 21:28 and saw the 1h+5m trigger fire then; :42 went
  // out at 21:26. It read `Rollback recommended: checkout-api:42 deployed 1m before the trigger fired`.
  it('never blames a deploy made after the errors began, however close to the firing it came', () => {
    const firedAt = START;
    const beganBy = estimatedOnset(firedAt, { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 17.5, shortBurn: 50 });
    expect(beganBy).toBeLessThan(firedAt - 10 * MINUTE);
    const input = { ...badDeploy(), deploys: history(2 * MINUTE), burns: [{ ...pageBurn(17.5, 50), beganBy }] };
    const r = only(input);
    expect(r.kind).not.toBe('rollback');
    // Said as it is: the deploy is there, after the burn began (order-worker read "no deploy or flag
    // change in the 12h before the trigger fired; last deploy: order-worker:41, 1d ago" above its :42).
    // The rollback would go back to the build that ran as the burn began: no way out.
    expect(r.text).toBe(`No recent change explains the burn: no deploy or flag change in the 2h before the burn began (by ${new Date(beganBy).toISOString().slice(11, 16)}Z, from its windows); :41, the rollback's target, ran then`);
    expect(r.evidence[0]).toBe('checkout-api:42 deployed 3m ago, after the burn had begun: not what began it, though it may have changed it since');
    expect(r.evidence[1]).toMatch(/^last deploy before it: checkout-api:41, /);
    // Without the estimate (an older log), the trigger's firing is all there is to go by.
    expect(only({ ...input, burns: [pageBurn(17.5, 50)] }).kind).toBe('rollback');
  });

  // A real incident (moto, Prometheus): resolved, then errors again 20m later. The 1h window still
  // held the first outage, the burn read as an hour old, and a deploy 40m before the firing was
  // cleared as "after the burn had begun: not its cause".
  it("does not date a burn from windows reaching back before the service's previous incident was resolved: the changes before the firing are candidates", () => {
    const burn = { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 16, shortBurn: 16 };
    const resolvedAt = START - 20 * MINUTE;
    expect(estimatedOnset(START, burn)).toBe(START - 55 * MINUTE);
    const beganBy = estimatedOnset(START, burn, resolvedAt);
    expect(beganBy).toBe(START);
    const unbounded = only({ ...badDeploy(), deploys: history(40 * MINUTE), burns: [{ ...pageBurn(16, 16), beganBy: estimatedOnset(START, burn) }] });
    expect(unbounded.evidence[0]).toMatch(/after the burn had begun: not what began it/);
    const r = only({ ...badDeploy(), deploys: history(40 * MINUTE), burns: [{ ...pageBurn(16, 16), beganBy }] });
    expect(r.kind).toBe('rollback');
    expect(r.text).toMatch(/checkout-api:42/);
  });

  // The real rig again (L): incident A rolled :42 back to :41 and was resolved with its burn over;
  // errors came back 20m later, and B read "Rollback recommended: checkout-api:41 deployed 21m
  // before the trigger fired; target :40", the build that had fixed A, ran clean after it.
  it("never blames a change made before the service's previous incident was resolved with its burn over: it ran clean", () => {
    const resolvedAt = START - 20 * MINUTE;
    const previousIncident = { id: 'inc-20261122-0150-checkout-api', resolvedAt };
    const deploys = afterRollback(history(50 * MINUTE), START - 25 * MINUTE);
    const burns = [{ ...pageBurn(16, 16), beganBy: estimatedOnset(START, { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 16, shortBurn: 16 }, resolvedAt) }];
    const base = { ...badDeploy(), deploys, burns, rollbackPreview: preview('checkout-api:41', 'checkout-api:40', 'ok') };
    // Without the previous incident, the rollback deploy is the last change before the burn.
    expect(only(base).text).toBe('Rollback recommended: checkout-api:41 deployed 25m before the trigger fired; target :40 (✓ safe)');
    const r = only({ ...base, previousIncident });
    expect(r).toMatchObject({ kind: 'no-explaining-change', text: 'No recent change explains the burn: no deploy or flag change after inc-20261122-0150-checkout-api was resolved at 02:10Z with its burn over, before the trigger fired' });
    expect(r.evidence[0]).toBe('last deploy: checkout-api:41, 26m ago, before inc-20261122-0150-checkout-api was resolved: it ran with the burn stopped');
    // A kill switch thrown in the previous incident is no cause either; a change since it is.
    const flagged = { ...base, previousIncident, flagChanges: [flag('checkout_v2', START - 22 * MINUTE, 'off')] };
    expect(only(flagged).kind).toBe('no-explaining-change');
    expect(only({ ...flagged, flagChanges: [flag('checkout_v2', START - 5 * MINUTE)] }).kind).toBe('flag-kill-switch');
    // A deploy after the resolve is the likely cause again.
    const after = [{ ...deploy(43, START - 8 * MINUTE, { current: true, actor: 'frank' }) }, ...deploys.map((d) => ({ ...d, current: false }))];
    expect(only({ ...badDeploy(), deploys: after, burns, previousIncident, rollbackPreview: preview('checkout-api:43', 'checkout-api:41', 'ok') }).text).toMatch(/^Rollback recommended: checkout-api:43 deployed 8m before/);
    // With nothing done and the errors stopped, the evidence says the same of the cause.
    const stopped = only({ ...base, previousIncident, marked: false, burns: [{ ...slowBurn(7, 6.4), newest: { windowMs: 5 * MINUTE, burn: 0.2 } }] });
    expect(stopped.evidence[0]).toBe('no deploy or flag change after inc-20261122-0150-checkout-api was resolved at 02:10Z with its burn over, before the trigger fired');
  });

  // The real rig again (M): B's burst stopped (the 5m window under 1x at 08:55:49), :43 went out at
  // 08:53:09, and the burn came back at 08:56:49; B's trigger still dated the burn to its first
  // firing, before :43, and the screen said "No recent change explains the burn".
  it('a burn that stopped and came back is put on the change made meanwhile, dated by the return', () => {
    const firedAt = START;
    const stoppedAt = START + 6 * MINUTE;
    const backAt = START + 7 * MINUTE;
    const samples = [
      ...[0, 1, 2, 3, 4, 5].map((m) => ({ at: START + m * MINUTE, burn: 30 })),
      { at: stoppedAt, burn: 0.3 },
      { at: backAt, burn: 40 },
      { at: backAt + MINUTE, burn: 90 },
    ];
    const deploys = [deploy(43, START + 3 * MINUTE, { current: true, actor: 'frank' }), ...history(2 * HOUR).map((d) => ({ ...d, current: false }))];
    const input = { ...badDeploy(), now: backAt + MINUTE, deploys, burns: [{ ...pageBurn(16, 90), onsetAt: firedAt }], shortBurns: new Map([['availability', samples]]), rollbackPreview: preview('checkout-api:43', 'checkout-api:42', 'ok') };
    expect(only(input).text).toBe('Rollback recommended: checkout-api:43 deployed 4m before the burn came back; target :42 (✓ safe)');
    // Without the stop, :43 went out after the trigger fired: no cause of it.
    const steady = samples.map((sample) => ({ ...sample, burn: 30 }));
    expect(only({ ...input, shortBurns: new Map([['availability', steady]]) }).text).not.toMatch(/^Rollback recommended: checkout-api:43|came back/);
    // A change made while the first burn still ran (before it could have ended) is no cause of the return.
    const early = [deploy(43, START - MINUTE, { current: true }), ...deploys.slice(1)];
    expect(only({ ...input, deploys: early }).text).not.toMatch(/came back/);
  });

  // order-worker slow-burn: "deployed 5h30m before the trigger fired" of a 6h/30m trigger that had
  // crossed 1h22m before the cockpit opened and saw it firing.
  it('a trigger already firing at the first look is said as seen firing, not as fired then', () => {
    const seen = { ...slowBurnScenario(), now: START + 20 * MINUTE, burns: [{ ...slowBurn(7.4, 8.1), seenFiring: true }] };
    const r = only(seen);
    expect(r.text).toBe('Rollback recommended: checkout-api:42 deployed 5h30m before the trigger was seen firing; target :41 (✓ safe)');
    expect(r.evidence).toContain('availability burning 7.4x on 6h and 8.1x on 30m (trigger > 6), seen firing 20m ago');
    expect(only({ ...seen, burns: [slowBurn(7.4, 8.1)] }).text).toMatch(/ before the trigger fired; /);
  });

  // The errors stopped with nothing done (a resolved incident's tail, a burn that ended by itself):
  // the 6h/30m trigger still fired, and the screen said "Rollback recommended" of the build running.
  it('recommends no change while a trigger fires on a burn the 5m window shows over, nothing done', () => {
    const r = only({ ...badDeploy(), marked: false, burns: [{ ...slowBurn(7, 6.4), newest: { windowMs: 5 * MINUTE, burn: 0.2 } }] });
    expect(r).toMatchObject({ kind: 'waiting-for-recovery', text: 'No change needed now: the burn has stopped (5m 0.2x) · m mitigated; the 6h window still holds the outage (7.0x)' });
    // Once it burns again, the advice is back.
    expect(only({ ...badDeploy(), burns: [{ ...slowBurn(7, 6.4), newest: { windowMs: 5 * MINUTE, burn: 3 } }] }).kind).not.toBe('waiting-for-recovery');
  });

  it('still blames a deploy the errors began with (bad-deploy: the 1h window is full)', () => {
    const beganBy = estimatedOnset(START, { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 16.1, shortBurn: 16.3 });
    expect(only({ ...badDeploy(), burns: [{ ...pageBurn(16.1, 16.3), beganBy }] }).kind).toBe('rollback');
  });
});

// A real rig (Q): 8% errors 2 minutes after dave's deploy, `▲ BURNING … 5m 14.0x  1h 1.6x`, and no
// recommendation for the 54 minutes a 1h/5m trigger takes to fire at that pace.
describe('recommend, before any trigger fired, of a burn at a page\'s pace', () => {
  const early = (deployedAgo: number): RecommendationInput => {
    const burn = { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 1.6, shortBurn: 14 };
    const now = START + MINUTE;
    return { ...badDeploy(), now, deploys: history(deployedAgo - MINUTE), burns: [{ ...pageBurn(1.6, 14, false), onsetAt: now, seenFiring: true, beganBy: estimatedOnset(now, burn), unpaged: true }] };
  };

  it('gives the same evidence ahead of the page, and says no trigger has fired', () => {
    // 1.6x on the hour of a burn at 14-16x: it began about 6-7 minutes ago, with the deploy 8 minutes ago.
    const r = only(early(8 * MINUTE));
    expect(r.text).toBe('Not paged yet: Rollback recommended: checkout-api:42 deployed 8m before the burn was seen; target :41 (✓ safe)');
    // Why it is ahead of the page comes first: two lines of evidence on the screen hid it.
    expect(r.evidence[0]).toBe('availability burning 14.0x on 5m, 1.6x on 1h: no trigger has fired (it pages at 14.4x on both)');
  });

  // A drill (R): the kill switch worked, the burn fell, and "Not paged yet: Rollback recommended:
  // checkout-api:42 …" named a build that had run clean for an hour.
  it('gives no unpaged advice once the responder acted: what they did is what the burn answers to', () => {
    const acted = { ...early(8 * MINUTE), actions: [flagSet('checkout_v2', 'off', START)] };
    expect(recommend(acted).map((r) => r.text)).not.toContainEqual(expect.stringMatching(/^Not paged yet/));
  });

  // A re-test: the advice went back to the rollback after the kill switch, without saying the kill switch did not stop it.
  it('once a change did not stop it, says so first; never of an undo (it was not made to stop it)', () => {
    const later = { ...early(8 * MINUTE), now: START + 12 * MINUTE };
    const madeAt = START + 2 * MINUTE;
    expect(only({ ...later, actions: [flagSet('checkout_v2', 'off', madeAt)] }).evidence[0]).toBe('checkout_v2 set to off 10m ago did not stop it');
    const undo = { ...flagSet('checkout_v2', 'on', madeAt), undo: true as const };
    expect(only({ ...later, actions: [undo] }).evidence[0]).toBe('availability burning 14.0x on 5m, 1.6x on 1h: no trigger has fired (it pages at 14.4x on both)');
  });

  it('says nothing of a burn under the page\'s pace (no unpaged evidence), as before', () => {
    expect(recommend({ ...early(8 * MINUTE), burns: [] })).toEqual([]);
  });
});

describe('recommend, after a rollback whose check failed', () => {
  // moto: the rollback's check failed ("another deployment replaced the rollback"), then the kill
  // switch stopped the errors; the screen said `Rolled back to :41 5m ago: the burn has stopped`.
  it('credits what the responder did after it when the burn stops, not the rollback that may not have happened', () => {
    const rollbackAt = START + 5 * MINUTE;
    const flagAt = START + 12 * MINUTE;
    const input = { ...badDeploy(), now: START + 20 * MINUTE, burns: [pageBurn(9.1, 0.3, false)], actions: [rolledBack('checkout-api:42', 'checkout-api:41', rollbackAt, 'unverified'), flagSet('checkout_v2', 'off', flagAt)] };
    const r = only(input);
    expect(r.text).toMatch(/^checkout_v2 set to off 8m ago: the burn has stopped/);
    // A verified rollback keeps the credit for a stop that followed it.
    const verified = { ...input, actions: [rolledBack('checkout-api:42', 'checkout-api:41', rollbackAt), flagSet('checkout_v2', 'off', flagAt)] };
    expect(only(verified).text).toMatch(/^Rolled back to :41 15m ago: the burn has stopped/);
  });

  // moto: UpdateService took, ECS never started the deployment; the kill switch stopped the errors. The screen said
  // `Rolled back to :2 4m ago, with cart_v2 set to off 5m ago (made together…): the burn has stopped` beside `0/3 …
  // waiting for ECS to start its deployment`.
  it('a rollback whose rollout is still checked is said as under way when the burn stops, not made', () => {
    const input = { ...badDeploy(), now: START + 9 * MINUTE, burns: [pageBurn(9.1, 0.3, false)], actions: [rolledBack('checkout-api:42', 'checkout-api:41', START + 5 * MINUTE, 'done')] };
    expect(only(input).text).toMatch(/^Rolling back to :41 \(begun 4m ago, its rollout not confirmed\): the burn has stopped/);
  });
});

describe('recommend, in each built-in scenario before and after the responder acts', () => {
  it('bad-deploy before acting: roll back to :41, because :42 went out just before the burn', () => {
    const r = only(badDeploy());
    expect(r).toMatchObject({ kind: 'rollback', slo: 'availability', text: 'Rollback recommended: checkout-api:42 deployed 1h before the trigger fired; target :41 (✓ safe)' });
    expect(r.evidence).toContain('checkout-api:42 deployed 1h1m ago by dave');
    expect(r.evidence).toContain('the last flag change before the burn, checkout_v2, is older (6d ago)');
    expect(r.evidence).toContain('availability burning 16.1x on 1h and 16.3x on 5m (trigger > 14.4), fired 1m ago');
  });

  it('names the plan\'s revisions once, with the safety check\'s own words (as rollbackSafety gives them)', () => {
    const verdict = rollbackSafety({ current: 'checkout-api:42', target: 'checkout-api:41', between: [{ revision: 'checkout-api:42', labels: {} }] });
    const r = only({ ...badDeploy(), rollbackPreview: preview('checkout-api:42', 'checkout-api:41', 'ok', [...verdict.reasons]) });
    expect(r.evidence[0]).toBe('the provider plans checkout-api:42 → checkout-api:41, one revision back');
  });

  it('what asks for typing is an evidence line of its own after the plan (the two ran together: "→ checkout-api:41, checkout-api:41, the newest…")', () => {
    const unproven = 'checkout-api:41, the newest registered revision below checkout-api:42, was never seen deployed successfully in the deployments ECS lists for this service';
    const verdict = rollbackSafety({ current: 'checkout-api:42', target: 'checkout-api:41', between: [{ revision: 'checkout-api:42', labels: {} }], unproven });
    const r = only({ ...badDeploy(), rollbackPreview: { status: 'planned' as const, step: 'rollback', current: 'checkout-api:42', target: 'checkout-api:41', verdict, at: START } });
    expect(r.evidence.slice(0, 2)).toEqual(['the provider plans checkout-api:42 → checkout-api:41, one revision back', unproven]);
  });

  it('bad-deploy after the rollback, trigger still firing: waiting for the burn to fall', () => {
    const at = START + 3 * MINUTE;
    const r = only({
      ...badDeploy(),
      now: at + 2 * MINUTE,
      burns: [pageBurn(15.2, 14.9)],
      deploys: afterRollback(history(HOUR), at),
      rollbackPreview: preview('checkout-api:41', 'checkout-api:40', 'ok'),
      actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)],
    });
    expect(r).toMatchObject({ kind: 'waiting-for-recovery', text: 'Rolled back to :41, waiting for the burn to fall (5m 14.9x ↓)' });
    expect(r.evidence[0]).toBe('rollback checkout-api:42 → checkout-api:41, 2m ago: verified');
    expect(r.evidence[1]).toBe('checkout-api:42 deployed 1h5m ago, 1h before the trigger fired');
  });

  it('bad-deploy after the rollback, trigger cleared while the hour drains: still waiting, with the short window falling', () => {
    const at = START + 3 * MINUTE;
    const r = only({ ...badDeploy(), now: at + 5 * MINUTE, burns: [pageBurn(15.1, 3.2, false)], deploys: afterRollback(history(HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    expect(r.text).toBe('Rolled back to :41, waiting for the burn to fall (5m 3.2x ↓, 1h still 15.1x)');
    expect(r.evidence).toContain('availability recovering: 15.1x on 1h and 3.2x on 5m (trigger > 14.4), fired 8m ago');
  });

  // moto: "Rolled back to :41, waiting for the burn to fall (5m 20.0x ↑)" above "…: its verification failed".
  // After :42 → :41 and then :41 → :40, it said "Rolled back to :41, waiting…" while :40 ran.
  it('a second rollback, from where the first went, is the one named', () => {
    const first = START + 3 * MINUTE;
    const second = first + 6 * MINUTE;
    const r = only({ ...badDeploy(), now: second + MINUTE, burns: [pageBurn(16, 14.9)], deploys: afterRollback(history(HOUR), first), actions: [rolledBack('checkout-api:42', 'checkout-api:41', first), rolledBack('checkout-api:41', 'checkout-api:40', second)] });
    expect(r.text).toMatch(/^Rolled back to :40(,| 1m ago)/);
  });

  it('a rollback whose check failed is said so, not waited on', () => {
    const at = START + 3 * MINUTE;
    const r = only({ ...badDeploy(), now: at + MINUTE, burns: [pageBurn(16, 20)], deploys: afterRollback(history(HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'unverified')] });
    expect(r).toMatchObject({ kind: 'not-recovering', text: 'The rollback to :41 failed its check (5m 20.0x ↑): see what runs now before anything else' });
    expect(r.evidence[0]).toBe('rollback checkout-api:42 → checkout-api:41, 1m ago: its verification failed');
    // Once the burn has gone on past its 5m window (an aborted Rollout): still its check, never "Rolled back to :41 6m ago, but the burn goes on".
    const later = only({ ...badDeploy(), now: at + 6 * MINUTE, burns: [pageBurn(16, 20)], deploys: afterRollback(history(HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'unverified')] });
    expect(later.text).toBe('The rollback to :41 failed its check (5m 20.0x ↑): see what runs now before anything else');
  });

  it('a rollback still rolling out is waited on, not recommended again', () => {
    const at = START + 2 * MINUTE;
    const r = only({ ...badDeploy(), now: at + 30_000, actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'running')] });
    expect(r).toMatchObject({ kind: 'waiting-for-recovery', text: 'Rolling back to :41, waiting for the burn to fall (5m 16.3x ↑)' });
    expect(r.evidence[0]).toBe('rollback checkout-api:42 → checkout-api:41: still running');
  });

  it('bad-flag before acting: the kill switch, because checkout_v2 changed after the last deploy', () => {
    const r = only(badFlag());
    expect(r).toMatchObject({ kind: 'flag-kill-switch', flag: 'checkout_v2', text: 'Flag kill switch recommended: checkout_v2 changed 56m ago, after the last deploy before the burn (checkout-api:42, 3h1m ago)' });
    expect(r.evidence.slice(0, 3)).toEqual([
      'checkout_v2 changed 56m ago, 55m before the trigger fired',
      'checkout_v2 is serving on, changed by erin',
      'the last deploy before the burn, checkout-api:42, is older than the flag change',
    ]);
  });

  it('bad-flag after the wrong rollback: still the kill switch, and it says the rollback did not address the flag', () => {
    const at = START + 3 * MINUTE;
    const r = only({ ...badFlag(), now: at + 6 * MINUTE, deploys: afterRollback(history(3 * HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    expect(r.kind).toBe('flag-kill-switch');
    expect(r.evidence).toContain('rolled back checkout-api:42 → checkout-api:41 already: the burn began with the flag, not the deploy');
    // Six minutes on, the 5m window still burns: the headline says the rollback did not stop it.
    expect(r.text).toMatch(/\(checkout-api:42, 3h\d*m? ago\); rolling back to :41 did not stop it$/);
    // A minute after it, the short window has not had the time to drain: too soon to say.
    const soon = only({ ...badFlag(), now: at + MINUTE, deploys: afterRollback(history(3 * HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    expect(soon.text).not.toContain('did not stop it');
    // Its rollout under way: not "rolled back … already" (a responder read it beside 2/6 tasks); an undo rolls forward, and is no rollback.
    const rolling = only({ ...badFlag(), now: at + MINUTE, deploys: afterRollback(history(3 * HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'running')] });
    expect(rolling.evidence).toContain('rolling back checkout-api:42 → checkout-api:41 (its rollout under way): the burn began with the flag, not the deploy');
    const undo = { ...rolledBack('checkout-api:41', 'checkout-api:42', at + 2 * MINUTE), id: 'act-2', undo: true as const };
    const undone = only({ ...badFlag(), now: at + 4 * MINUTE, deploys: afterRollback(history(3 * HOUR), at), actions: [undo] });
    expect(undone.evidence.join('\n')).not.toMatch(/rolled back checkout-api:41 → checkout-api:42/);
    // Its rollout over two minutes after the call: judged a whole 5m window (and a poll) after that, as the deploys panel judges it.
    const slowRollout = { ...rolledBack('checkout-api:42', 'checkout-api:41', at), judgedBy: at + 8 * MINUTE };
    expect(only({ ...badFlag(), now: at + 6 * MINUTE, deploys: afterRollback(history(3 * HOUR), at), actions: [slowRollout] }).text).not.toContain('did not stop it');
    expect(only({ ...badFlag(), now: at + 8 * MINUTE, deploys: afterRollback(history(3 * HOUR), at), actions: [slowRollout] }).text).toContain('did not stop it');
    // A rollback whose check failed (an Argo Rollout aborted it) did not happen: not "did not stop it".
    const aborted = only({ ...badFlag(), now: at + 6 * MINUTE, deploys: afterRollback(history(3 * HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'unverified')] });
    expect(aborted.text).toMatch(/\(checkout-api:42, 3h\d*m? ago\); the rollback to :41 failed its check$/);
    expect(aborted.evidence.join('\n')).not.toContain('already');
  });

  it('bad-flag after the kill switch: waiting; the toggle the burn began with is still the evidence', () => {
    const at = START + 2 * MINUTE;
    const input = badFlag();
    const r = only({
      ...input,
      now: at + MINUTE,
      burns: [pageBurn(17.0, 15.0)],
      // The kill switch is the flag's latest change; the one the burn began with stays known.
      flagChanges: [...input.flagChanges, flag('checkout_v2', at, 'off', 'responder')],
      actions: [flagSet('checkout_v2', 'off', at, 'done')],
    });
    expect(r).toMatchObject({ kind: 'waiting-for-recovery', text: 'checkout_v2 set to off, waiting for the burn to fall (5m 15.0x ↓)' });
    expect(r.evidence[0]).toBe('flag checkout_v2 → off, 1m ago: done, being verified');
    // Its check given up (the drill ended, the cockpit quit while verifying): nothing is being verified.
    const unwatched = only({ ...input, now: at + MINUTE, burns: [pageBurn(17.0, 15.0)], flagChanges: [...input.flagChanges, flag('checkout_v2', at, 'off', 'responder')], actions: [flagSet('checkout_v2', 'off', at, 'unwatched')] });
    expect(unwatched.evidence[0]).toBe('flag checkout_v2 → off, 1m ago: done, not verified (Enter on its step checks it): nothing watches it');
    // The short window back under 1x (the recovery check can pass): stopped, the long window only averaging the outage in.
    const stopped = only({ ...input, now: at + 15 * MINUTE, burns: [pageBurn(13.8, 0.1, false)], flagChanges: [...input.flagChanges, flag('checkout_v2', at, 'off', 'responder')], actions: [flagSet('checkout_v2', 'off', at, 'verified')] });
    expect(stopped).toMatchObject({ kind: 'waiting-for-recovery', text: 'checkout_v2 set to off 15m ago: the burn has stopped (5m 0.1x); the 1h window still holds the outage (13.8x)' });
    // Not marked mitigated yet: it says how.
    const unmarked = only({ ...input, marked: false, now: at + 15 * MINUTE, burns: [pageBurn(13.8, 0.1, false)], flagChanges: [...input.flagChanges, flag('checkout_v2', at, 'off', 'responder')], actions: [flagSet('checkout_v2', 'off', at, 'verified')] });
    expect(unmarked.text).toBe('checkout_v2 set to off 15m ago: the burn has stopped (5m 0.1x) · m mitigated; the 1h window still holds the outage (13.8x)');
    // What it knows now: the flag's latest change is the kill switch, not the toggle of 58m ago.
    expect(r.evidence[1]).toBe('checkout_v2 changed 58m ago, 55m before the trigger fired (the change the burn began with); changed again 1m ago to off by responder');
  });

  it('irreversible-migration before acting: the kill switch, saying the rollback is blocked', () => {
    const r = only(irreversibleMigration());
    expect(r.kind).toBe('flag-kill-switch');
    expect(r.text).toMatch(/^Flag kill switch recommended: checkout_v2 changed 56m ago/);
    expect(r.evidence).toContain('a rollback is blocked: contract migration in :42');
  });

  it('irreversible-migration after the kill switch: waiting', () => {
    const at = START + 2 * MINUTE;
    const r = only({ ...irreversibleMigration(), now: at + MINUTE, actions: [flagSet('checkout_v2', 'off', at)] });
    expect(r.kind).toBe('waiting-for-recovery');
  });

  it('irreversible-migration, the rollback forced through after the kill switch had stopped the burn: the rollback is named as the likely cause', () => {
    // A responder's drill: "checkout_v2 set to off 20m ago, but the burn goes on (5m 115.0x ↑): look
    // for another cause", after the rollback they had just forced through brought 60% errors.
    const flagAt = START + 2 * MINUTE;
    const rollbackAt = flagAt + 17 * MINUTE;
    const shortBurns = new Map([['availability', [{ at: flagAt - MINUTE, burn: 18 }, { at: flagAt + 10 * MINUTE, burn: 0.1 }, { at: rollbackAt - 2 * MINUTE, burn: 0.1 }, { at: rollbackAt + MINUTE, burn: 115 }]]]);
    const input = { ...irreversibleMigration(), now: rollbackAt + 3 * MINUTE, burns: [pageBurn(38.5, 115)], actions: [flagSet('checkout_v2', 'off', flagAt), rolledBack('checkout-api:42', 'checkout-api:41', rollbackAt)], shortBurns };
    const r = only(input);
    expect(r).toMatchObject({ kind: 'made-worse', text: 'Rolled back to :41 3m ago, and the burn came back (5m 115.0x): it had stopped (5m 0.1x) before that change, the likely cause; undo it: deploy :42 again', undoes: [expect.any(String)] });
    // A poll after the rollback, rising but under the hour's average and every threshold: back, already.
    expect(only({ ...input, now: rollbackAt + MINUTE, burns: [pageBurn(9.8, 6.5, false)] }).text).toBe('Rolled back to :41 1m ago, and the burn came back (5m 6.5x): it had stopped (5m 0.1x) before that change, the likely cause; undo it: deploy :42 again');
    expect(r.evidence.slice(0, 2)).toEqual(['rollback checkout-api:42 → checkout-api:41, 3m ago: made while the burn had stopped', 'flag checkout_v2 → off, 20m ago: the change the burn stopped after']);
    // The burn never stopped before the later change: the change on the cause did not stop it, as before.
    const never = new Map([['availability', [{ at: rollbackAt - 2 * MINUTE, burn: 17 }]]]);
    expect(only({ ...input, shortBurns: never }).text).toBe('checkout_v2 set to off 20m ago, but the burn goes on (5m 115.0x ↑): look for another cause');
  });

  it('a change after which the burn rose sharply (a forced rollback, 18x to 137x) is named as the likely cause, before and after the kill switch', () => {
    const rollbackAt = START + 3 * MINUTE;
    const flagAt = rollbackAt + 12 * MINUTE;
    const shortBurns = new Map([['availability', [{ at: rollbackAt - 2 * MINUTE, burn: 18 }, { at: rollbackAt - MINUTE, burn: 18 }, { at: rollbackAt + 6 * MINUTE, burn: 137 }, { at: flagAt - MINUTE, burn: 137 }, { at: flagAt + 6 * MINUTE, burn: 124 }]]]);
    const rollback = rolledBack('checkout-api:42', 'checkout-api:41', rollbackAt);
    const before = only({ ...irreversibleMigration(), now: rollbackAt + 8 * MINUTE, burns: [pageBurn(60, 137)], actions: [rollback], shortBurns });
    expect(before).toMatchObject({ kind: 'made-worse', text: 'Rolled back to :41 8m ago, and the burn rose (5m 18.0x before it, 5m 137.0x now): that change made it worse, the likely cause of the rise; undo it: deploy :42 again' });
    const after = only({ ...irreversibleMigration(), now: flagAt + 7 * MINUTE, burns: [pageBurn(110, 124)], actions: [rollback, flagSet('checkout_v2', 'off', flagAt)], shortBurns });
    expect(after.text).toBe('Rolled back to :41 19m ago, and the burn rose (5m 18.0x before it, 5m 124.0x now): that change made it worse, the likely cause of the rise; undo it: deploy :42 again');
    // Said as soon as the 5m window shows it (2 minutes in: 65x), not a whole window later.
    const early = new Map([['availability', [{ at: rollbackAt - 2 * MINUTE, burn: 18 }, { at: rollbackAt - MINUTE, burn: 18 }, { at: rollbackAt + 2 * MINUTE, burn: 65 }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 2 * MINUTE, burns: [pageBurn(30, 65)], actions: [rollback], shortBurns: early }).text).toContain('that change made it worse');
    // A burn the cockpit saw begin a minute before the change still fills its window: no rise of the change's (a real rig's
    // rollback that stopped the errors read "the rollback made it worse (undo it: deploy :43 again)").
    const begun = new Map([['availability', [{ at: rollbackAt - 2 * MINUTE, burn: 0.2 }, { at: rollbackAt - MINUTE, burn: 6 }, { at: rollbackAt + 2 * MINUTE, burn: 30 }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 2 * MINUTE, burns: [pageBurn(30, 30)], actions: [rollback], shortBurns: begun }).text).not.toContain('made it worse');
    // helper-136's rig: the cockpit opened a minute into the errors, its window still filling (2.5x, then 7.6x at the
    // rollback, then 31.9x by itself): no rise of the rollback's ("that change made it worse … deploy :6 again").
    const filling = new Map([['availability', [{ at: rollbackAt - 2 * MINUTE, burn: 2.5 }, { at: rollbackAt - MINUTE, burn: 7.6 }, { at: rollbackAt + 1.5 * MINUTE, burn: 31.9 }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 2.5 * MINUTE, burns: [pageBurn(20, 31.9)], actions: [rollback], shortBurns: filling }).text).not.toContain('made it worse');
    // helper-139: the same, with a poll asked again at once beside the reading at the change (15.4x twice, a second
    // apart): read as steady, the rollback was said to have made it worse (`deploy :7 again`).
    const twice = new Map([['availability', [{ at: rollbackAt - 2 * MINUTE, burn: 7.3 }, { at: rollbackAt - 1.5 * MINUTE, burn: 11.4 }, { at: rollbackAt - MINUTE - 1000, burn: 15.4 }, { at: rollbackAt - MINUTE, burn: 15.4 }, { at: rollbackAt + 1.5 * MINUTE, burn: 31.7 }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 1.5 * MINUTE, burns: [pageBurn(20, 31.7)], actions: [rollback], shortBurns: twice }).text).not.toMatch(/made it worse/);
    // A burn a minute old at the rollback (3x, then 8.5x as it was made) filled its window to 27x by itself while the
    // rollout served the bad build: three times the reading it was made at, not what a full window held.
    const young = (after: number) => new Map([['availability', [{ at: rollbackAt - 2 * MINUTE, burn: 3 }, { at: rollbackAt - MINUTE - 1000, burn: 8.5 }, { at: rollbackAt + MINUTE, burn: 20 }, { at: rollbackAt + 3.5 * MINUTE, burn: after }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 3.5 * MINUTE, burns: [pageBurn(20, 27)], actions: [rollback], shortBurns: young(27) }).text).not.toMatch(/made it worse/);
    // A rise past what the window was filling to is the change's.
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 3.5 * MINUTE, burns: [pageBurn(60, 137)], actions: [rollback], shortBurns: young(137) }).text).toContain('that change made it worse');
    // helper-141's rig (0.2 errors from 40 s before the opening, :5 as bad as :6): a rollback made 34 s after the opening,
    // its readings 9.2x then 9.5x (the previous incident's tail leaving the window as the new burn filled it), the window
    // filling to 40x by itself: "Rolled back to :5 1m ago, and the burn rose (5m 9.5x before it, 5m 21.6x now): that change
    // made it worse … undo it: deploy :6 again". And with one reading before the change (a kill switch 25 s after the
    // opening, at 5.4x), the window filling to 17.5x read the same.
    const b2 = (burns: readonly [number, number][]) => new Map([['availability', burns.map(([s, burn]) => ({ at: rollbackAt - MINUTE + s * 1000, burn }))]]);
    const tail = b2([[-34, 9.15], [0, 9.5], [56, 17.59], [86, 21.64], [116, 25.68], [146, 29.75], [176, 33.78], [206, 37.83], [236, 39.99]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 3 * MINUTE, burns: [pageBurn(20, 39.99)], actions: [rollback], shortBurns: tail }).text).not.toMatch(/made it worse/);
    const lone = b2([[-25, 5.4], [60, 12], [100, 17.5]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 40_000, burns: [pageBurn(20, 17.5)], actions: [rollback], shortBurns: lone }).text).not.toMatch(/made it worse/);
    // Watched a whole window before it, a rise after it is its own.
    const watched = new Map([['availability', [{ at: rollbackAt - 8 * MINUTE, burn: 2.5 }, { at: rollbackAt - 2 * MINUTE, burn: 5 }, { at: rollbackAt - MINUTE, burn: 7.6 }, { at: rollbackAt + 1.5 * MINUTE, burn: 31.9 }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 2.5 * MINUTE, burns: [pageBurn(20, 31.9)], actions: [rollback], shortBurns: watched }).text).toContain('made it worse');
    // A rise long after the change is not its doing.
    const late = new Map([['availability', [{ at: rollbackAt - MINUTE, burn: 18 }, { at: rollbackAt + 6 * MINUTE, burn: 20 }, { at: rollbackAt + 40 * MINUTE, burn: 70 }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 41 * MINUTE, burns: [pageBurn(40, 70)], actions: [rollback], shortBurns: late }).text).not.toContain('made it worse');
    // A rise under 3x, or one that did not last, is no such evidence.
    const mild = new Map([['availability', [{ at: rollbackAt - MINUTE, burn: 18 }, { at: rollbackAt + 6 * MINUTE, burn: 30 }]]]);
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 8 * MINUTE, burns: [pageBurn(25, 30)], actions: [rollback], shortBurns: mild }).text).not.toContain('made it worse');
    expect(only({ ...irreversibleMigration(), now: rollbackAt + 8 * MINUTE, burns: [pageBurn(25, 20)], actions: [rollback], shortBurns }).text).not.toContain('made it worse');
  });

  // irreversible-migration: the kill switch, then 10s later the rollback forced through its block;
  // the burn went 17.9x → 119.6x, and the screen said to undo the kill switch.
  it('two changes made close together before the burn rose are both named; a rollback forced through its block is the likelier', () => {
    const flagAt = START + 3 * MINUTE;
    const rollbackAt = flagAt + 10_000;
    const shortBurns = new Map([['availability', [{ at: flagAt - 90_000, burn: 17.9 }, { at: flagAt - 30_000, burn: 17.9 }, { at: rollbackAt + 2 * MINUTE, burn: 56.6 }, { at: rollbackAt + 6 * MINUTE, burn: 119.6 }]]]);
    const flagOff = { ...flagSet('checkout_v2', 'off', flagAt), startedAt: flagAt - 2_000 };
    const forced = { id: 'act-2', kind: 'rollback' as const, from: 'checkout-api:42', to: 'checkout-api:41', status: 'verified' as const, startedAt: rollbackAt - 2_000, at: rollbackAt, judgedBy: judgedFrom(rollbackAt, 'verified'), forced: true };
    const input = { ...irreversibleMigration(), now: rollbackAt + 6 * MINUTE, burns: [pageBurn(60, 119.6)], actions: [flagOff, forced], shortBurns };
    const r = only(input);
    expect(r).toMatchObject({
      kind: 'made-worse',
      text: 'checkout_v2 set to off and rolled back to :41, 10s apart, 6m ago, and the burn rose (5m 17.9x before them, 5m 119.6x now): one of them made it worse; the rollback to :41 was forced through its safety block, the likelier cause; undo it: deploy :42 again',
    });
    expect(r.evidence.slice(0, 2)).toEqual(['flag checkout_v2 → off, 6m ago: made at 5m 17.9x; 56.6x 2m after it', 'rollback checkout-api:42 → checkout-api:41, 6m ago: made at 5m 17.9x; 56.6x 2m after it']);
    // Neither forced: the SLO cannot tell which.
    const plain = only({ ...input, actions: [flagOff, { ...forced, forced: false }] });
    expect(plain.text).toMatch(/one of them made it worse; the SLO cannot tell which; undo one \(set checkout_v2 back, or deploy :42 again\)$/);
  });

  // irreversible-migration at --speed 10: the kill switch at 02:31:08 (18.1x, falling to 15.2x), the
  // forced rollback 73s later, then 122x. The screen blamed the kill switch and said to undo it.
  it('of changes more than a minute apart before the rise, the one closest before it is named', () => {
    const flagAt = START + 3 * MINUTE;
    const rollbackAt = flagAt + 73_000;
    const shortBurns = new Map([['availability', [{ at: flagAt - 30_000, burn: 18.1 }, { at: rollbackAt - 10_000, burn: 15.2 }, { at: rollbackAt + 2 * MINUTE, burn: 50.9 }, { at: rollbackAt + 5 * MINUTE, burn: 122.3 }]]]);
    const flagOff = { ...flagSet('checkout_v2', 'off', flagAt), startedAt: flagAt - 2_000 };
    const forced = { id: 'act-2', kind: 'rollback' as const, from: 'checkout-api:42', to: 'checkout-api:41', status: 'verified' as const, startedAt: rollbackAt - 2_000, at: rollbackAt, judgedBy: judgedFrom(rollbackAt, 'verified'), forced: true };
    const r = only({ ...irreversibleMigration(), now: rollbackAt + 5 * MINUTE, burns: [pageBurn(60, 122.3)], actions: [flagOff, forced], shortBurns });
    expect(r.text).toBe('Rolled back to :41 5m ago, and the burn rose (5m 15.2x before it, 5m 122.3x now): that change made it worse, the likely cause of the rise; undo it: deploy :42 again');
  });

  it('a deploy that correlates behind a blocked rollback: blocked, use a flag or fix forward', () => {
    const input = irreversibleMigration();
    const r = only({ ...input, deploys: history(HOUR, 'contract'), flagChanges: [flag('checkout_v2', START - 6 * 24 * HOUR)] });
    expect(r).toMatchObject({ kind: 'rollback-blocked', text: 'Rollback blocked (contract migration in :42) — use a flag or fix forward' });
    expect(r.evidence).toEqual(expect.arrayContaining(CONTRACT_REASONS));
  });

  it('slow-burn before acting: roll back, the deploy 5h30m before the slow trigger fired', () => {
    const r = only(slowBurnScenario());
    expect(r.text).toBe('Rollback recommended: checkout-api:42 deployed 5h30m before the trigger fired; target :41 (✓ safe)');
    expect(r.evidence).toContain('availability burning 7.4x on 6h and 8.1x on 30m (trigger > 6), fired 1m ago');
  });

  it('slow-burn after the rollback, the 30m window draining: waiting', () => {
    const at = START + 5 * MINUTE;
    const r = only({ ...slowBurnScenario(), now: at + 20 * MINUTE, burns: [slowBurn(7.6, 2.1, false)], actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    // The 30m window fell under the trigger; the 6h one is what the wait is for.
    expect(r.text).toBe('Rolled back to :41, waiting for the burn to fall (30m 2.1x ↓, 6h still 7.6x)');
  });

  it('slow-burn after the rollback, the 5m window under 1x while the trigger\'s 30m one still holds the burn: stopped, said with the 5m window', () => {
    // A responder's drill: "waiting for the burn to fall (30m 3.7x ↓, 6h still 7.6x)" stood beside a
    // recovery check ("5m burn under 1x for 10m") that had passed.
    const at = START + 5 * MINUTE;
    const burn = (newest: number) => ({ ...slowBurn(7.6, 3.7, false), newest: { windowMs: 5 * MINUTE, burn: newest } });
    const stopped = only({ ...slowBurnScenario(), now: at + 20 * MINUTE, burns: [burn(0.1)], actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    expect(stopped.text).toBe('Rolled back to :41 20m ago: the burn has stopped (5m 0.1x); the 6h window still holds the outage (7.6x)');
    // Still coming in on the 5m window, a window after the rollback: waiting, and the 5m window says how fast.
    const waiting = only({ ...slowBurnScenario(), now: at + 4 * MINUTE, burns: [burn(2.5)], actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    expect(waiting.text).toBe('Rolled back to :41, waiting for the burn to fall (5m 2.5x ↓, 6h still 7.6x)');
    // Still over 1x once the 5m window has had time to drain: the rollback did not stop it.
    const goesOn = only({ ...slowBurnScenario(), now: at + 20 * MINUTE, burns: [burn(2.5)], actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    expect(goesOn).toMatchObject({ kind: 'not-recovering', text: 'Rolled back to :41 20m ago, but the burn goes on (5m 2.5x ↓, 6h still 7.6x): look for another cause, or :41 is as bad (roll back further?)' });
  });

  // order-worker: :41 as bad as :42 (10x). For 16 minutes after a verified rollback, the screen said
  // "Rolled back to :41, waiting for the burn to fall (5m 10.1x ↓)", under a 14.4x trigger.
  it('a verified rollback after which the 5m burn stays over 1x past a window and a poll did not stop it; the arrow says it is flat', () => {
    const at = START + 3 * MINUTE;
    const now = at + 16 * MINUTE;
    const flat = Array.from({ length: 11 }, (_, i) => ({ at: now - 10 * MINUTE + i * MINUTE, burn: 10.1 }));
    const input = { ...badDeploy(), now, burns: [pageBurn(11.2, 10.1, false)], deploys: afterRollback(history(HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)], shortBurns: new Map([['availability', flat]]) };
    expect(only(input)).toMatchObject({ kind: 'not-recovering', text: 'Rolled back to :41 16m ago, but the burn goes on (5m 10.1x →): look for another cause, or :41 is as bad (roll back further?)' });
    // Its check still running (the rollout not over): waited on.
    expect(only({ ...input, actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'done')] }).kind).toBe('waiting-for-recovery');
  });

  it("the arrow is the 5m burn against itself five minutes before: 16.2x falling from 30x reads ↓, over the hour's 12x or not", () => {
    const at = START + 3 * MINUTE;
    const now = at + 3 * MINUTE;
    const falling = Array.from({ length: 6 }, (_, i) => ({ at: now - 5 * MINUTE + i * MINUTE, burn: 30 - i * 2.76 }));
    const input = { ...badDeploy(), now, burns: [pageBurn(12, 16.2)], deploys: afterRollback(history(HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] };
    expect(only({ ...input, shortBurns: new Map([['availability', falling]]) }).text).toBe('Rolled back to :41, waiting for the burn to fall (5m 16.2x ↓)');
    const rising = falling.map((s, i) => ({ ...s, burn: 10 + i * 1.24 }));
    // Risen over what it was before the rollback, it is not waited on (below).
    expect(only({ ...input, shortBurns: new Map([['availability', rising.map((s) => ({ ...s, burn: s.burn + 4 }))]]) }).text).toBe('Rolled back to :41, waiting for the burn to fall (5m 16.2x ↑)');
    // With no samples to go by: the short window against the long one.
    expect(only(input).text).toBe('Rolled back to :41, waiting for the burn to fall (5m 16.2x ↑)');
  });
});

describe('recommend, the other answers', () => {
  it('no change in the two long windows before the trigger: nothing explains the burn', () => {
    const r = only({ ...badDeploy(), deploys: history(3 * HOUR) });
    expect(r).toMatchObject({ kind: 'no-explaining-change', text: 'No recent change explains the burn: no deploy or flag change in the 2h before the trigger fired' });
    expect(r.evidence.slice(0, 2)).toEqual(['last deploy: checkout-api:42, 3h1m ago', 'last flag change: checkout_v2, 6d ago']);
  });

  it('no rollback plan yet: the rollback without a target; a plan that failed says why', () => {
    const { rollbackPreview: _preview, ...withoutPreview } = badDeploy();
    expect(only(withoutPreview)).toMatchObject({ kind: 'rollback', text: 'Rollback recommended: checkout-api:42 deployed 1h before the trigger fired', evidence: expect.arrayContaining(['no rollback plan yet']) });
    const none = only({ ...badDeploy(), rollbackPreview: { status: 'none', reason: 'no step runs deploys.rollback', at: START } });
    expect(none.evidence[0]).toBe('no rollback plan: no step runs deploys.rollback');
  });

  it('a version jump needs the typed confirmation', () => {
    const r = only({ ...badDeploy(), rollbackPreview: preview('checkout-api:42', 'checkout-api:39', 'typed') });
    expect(r.text).toBe('Rollback recommended: checkout-api:42 deployed 1h before the trigger fired; target :39 (needs typed confirmation)');
  });

  it('a planned target the incident rolled back from, or the revision the burn began with, is never named as the target', () => {
    // Synthetic: this incident rolled back from :40 once; the provider now plans :42 → :40.
    const r = only({ ...badDeploy(), actions: [rolledBack('checkout-api:40', 'checkout-api:39', START + 10 * MINUTE)], rollbackPreview: preview('checkout-api:42', 'checkout-api:40', 'typed') });
    expect(r).toMatchObject({ kind: 'rollback', text: 'Rollback recommended: checkout-api:42 deployed 1h before the trigger fired; the planned target :40 is known bad — choose the target on purpose' });
  });

  // order-worker at 100x30: the undo of the rollback that worked (:41 → :42) was rolling out, the burn
  // came back, and the advice read "the planned target :41 is known bad": the build the burn had stopped under.
  it('the revision an undo moves away from is no known-bad target: the undo took a change back, it did not find a bad build', () => {
    const undo: ResponderAction = { ...rolledBack('checkout-api:41', 'checkout-api:42', START + 20 * MINUTE, 'running'), undo: true };
    const r = only({ ...badDeploy(), actions: [undo], rollbackPreview: preview('checkout-api:42', 'checkout-api:41', 'ok') });
    expect(r).toMatchObject({ kind: 'rollback', text: 'Rollback recommended: checkout-api:42 deployed 1h before the trigger fired; target :41 (✓ safe)' });
  });

  // A responder's checkout drill at 80x24: while the undo of the rollback that worked rolled out, the SLO panel
  // read `↘ recovering …` with no advice at all (before `U` it had said "Rolled back to :41 8m ago: the burn has stopped").
  it('an undo under way, the trigger cleared: says what it puts back and to watch for the burn coming back', () => {
    const at = START + 10 * MINUTE;
    const undoneRollback: ResponderAction = { ...rolledBack('checkout-api:42', 'checkout-api:41', at), undo: undefined };
    const undo: ResponderAction = { ...rolledBack('checkout-api:41', 'checkout-api:42', at + 9 * MINUTE, 'running'), undo: true };
    const r = only({ ...badDeploy(), now: at + 9 * MINUTE + 30_000, burns: [pageBurn(9.1, 0.3, false)], deploys: afterRollback(history(HOUR), at), actions: [undo], undone: [undoneRollback] });
    expect(r).toMatchObject({ kind: 'waiting-for-recovery', text: 'Deploying :42 again to undo the rollback to :41: watch whether the burn comes back (5m 0.3x)' });
    // Its call returned, its rollout not checked yet (0/6 tasks), and the burn going on: neither made nor "comes back".
    const made: ResponderAction = { ...undo, status: 'done' };
    const burning = only({ ...badDeploy(), now: at + 9 * MINUTE + 30_000, burns: [pageBurn(9.1, 10.7, false)], deploys: afterRollback(history(HOUR), at), actions: [made], undone: [undoneRollback] });
    expect(burning).toMatchObject({ kind: 'waiting-for-recovery', text: 'Deploying :42 again to undo the rollback to :41 (begun 30s ago, its rollout not confirmed): watch whether the burn falls (5m 10.7x)' });
  });

  it('a rollback that finished a short window ago without the burn falling says so', () => {
    const at = START + 3 * MINUTE;
    const r = only({ ...badDeploy(), now: at + 6 * MINUTE, burns: [pageBurn(16.2, 16.0)], deploys: afterRollback(history(HOUR), at), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)] });
    expect(r).toMatchObject({ kind: 'not-recovering', text: 'Rolled back to :41 6m ago, but the burn goes on (5m 16.0x ↓): look for another cause, or :41 is as bad (roll back further?)' });
  });

  it('the correlated deploy no longer runs: no running change explains the burn', () => {
    const deploys = history(HOUR).map((d) => ({ ...d, current: d.revision === 'checkout-api:41' }));
    const r = only({ ...badDeploy(), deploys, rollbackPreview: preview('checkout-api:41', 'checkout-api:40', 'ok') });
    expect(r).toMatchObject({ kind: 'no-explaining-change', text: 'No running change explains the burn: checkout-api:42 deployed 1h before the trigger fired, but checkout-api:41 runs now' });
  });

  it('one recommendation per SLO, whatever the number of its triggers; none for a burn that stopped by itself', () => {
    expect(recommend({ ...badDeploy(), burns: [pageBurn(16, 16), slowBurn(7, 16)] })).toHaveLength(1);
    expect(recommend({ ...badDeploy(), burns: [pageBurn(15, 2, false)] })).toEqual([]);
    expect(recommend({ ...badDeploy(), burns: [] })).toEqual([]);
  });
});

describe('roughDuration', () => {
  it('says an age as a responder would', () => {
    expect([20_000, 56 * MINUTE, 3 * HOUR, 5.5 * HOUR, 7.25 * HOUR, 6 * 24 * HOUR].map(roughDuration)).toEqual(['20s', '56m', '3h', '5h30m', '7h', '6d']);
  });

  it('counts whole units passed, as the panels do: an age under an hour reads the same in both', () => {
    expect(roughDuration(58 * MINUTE + 59_000)).toBe('58m');
    fc.assert(fc.property(fc.integer({ min: 0, max: HOUR - 1 }), (ms) => roughDuration(ms) === formatAge(ms)));
  });
});

describe('estimatedOnset (a snapshot knows no trigger history)', () => {
  const now = START;
  it('a burn as high on the long window as on the short began a long window ago (give or take a short window)', () => {
    expect(estimatedOnset(now, { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 16, shortBurn: 16 })).toBe(now - 55 * MINUTE);
  });
  it('a burn the long window has seen a quarter of began a quarter of it ago; without data, now', () => {
    expect(estimatedOnset(now, { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 4, shortBurn: 16 })).toBe(now - 10 * MINUTE);
    expect(estimatedOnset(now, { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: null, shortBurn: 16 })).toBe(now);
    expect(estimatedOnset(now, { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 1, shortBurn: 16 })).toBe(now);
  });
  it('a bound from an earlier resolve leaves an estimate whose long window is after it; a window reaching back before it dates nothing', () => {
    const burn = { longMs: HOUR, shortMs: 5 * MINUTE, longBurn: 4, shortBurn: 16 };
    expect(estimatedOnset(now, burn, now - HOUR)).toBe(now - 10 * MINUTE);
    // Reaching back before it, the windows date nothing: the firing is all there is to go by.
    expect(estimatedOnset(now, burn, now - 3 * MINUTE)).toBe(now);
    // Even where the estimate falls after it: the long window may hold the previous incident's
    // errors (a burn dated 6m back, before the deploy it followed, by an hour holding the first outage).
    expect(estimatedOnset(now, burn, now - 30 * MINUTE)).toBe(now);
    expect(estimatedOnset(now, burn, now + MINUTE)).toBe(now);
  });
});

// A drill (R): :42 at 8% errors, then the runbook's kill switch adding 10% (16x → 36x), then the
// rollback taking :42's part away (36x → 20x). The screen said "no deploy or flag change in the 2h
// before the burn was seen" and "look for another cause", and never named the kill switch.
describe('recommend, of two causes stacked: a bad build and a kill switch that made it worse', () => {
  const flagAt = START + 2 * MINUTE;
  const rollbackAt = START + 10 * MINUTE;
  const now = START + 20 * MINUTE;
  /** The 5m burn each minute: 16x, 36x a few minutes after the kill switch, 20x a few after the rollback. */
  const shortBurns = new Map([['availability', Array.from({ length: 21 }, (_, i) => ({ at: START + i * MINUTE, burn: i <= 2 ? 16 : i <= 10 ? (i < 6 ? 16 + (i - 2) * 5 : 36) : i < 15 ? 36 - (i - 10) * 4 : 20 }))]]);
  const stacked = (): RecommendationInput => ({
    ...badDeploy(),
    now,
    deploys: history(6 * MINUTE),
    burns: [{ ...pageBurn(12, 20, false), unpaged: true }],
    // The flags provider: checkout_v2 serves what the kill switch set.
    flagChanges: [flag('checkout_v2', flagAt, 'off', 'tester')],
    actions: [flagSet('checkout_v2', 'off', flagAt), rolledBack('checkout-api:42', 'checkout-api:41', rollbackAt)],
    shortBurns,
  });

  it('says the rollback took its part away, and names the kill switch the burn rose after as the other cause', () => {
    const r = only(stacked());
    expect(r.text).toBe('Rolled back to :41 10m ago: the burn fell (5m 36.0x before it, 20.0x now) but goes on: another cause, likely checkout_v2 set to off 18m ago, after which the burn rose (5m 16.0x → 36.0x)');
    expect(r.evidence[0]).toBe('flag checkout_v2 → off, 18m ago: the burn rose after it (5m 16.0x → 36.0x); undo it: set checkout_v2 back');
  });

  it('says only that it goes on, without the fall, when the rollback took less than a third away', () => {
    const flat = new Map([['availability', shortBurns.get('availability')!.map((s) => ({ ...s, burn: s.at > rollbackAt ? 30 : s.burn }))]]);
    expect(only({ ...stacked(), shortBurns: flat, burns: [{ ...pageBurn(12, 30, false), unpaged: true }] }).text).toMatch(/^Rolled back to :41 10m ago, but the burn goes on \(5m 30\.0x .\): another cause, likely checkout_v2 set to off/);
  });

  it('names no change set back since: the kill switch turned on again, by hand, outside the cockpit', () => {
    const setBack = { ...stacked(), flagChanges: [flag('checkout_v2', now - MINUTE, 'on', 'erin')] };
    const r = only(setBack);
    expect(r.text).toMatch(/but goes on: look for another cause, or :41 is as bad \(roll back further\?\)$/);
    expect(r.evidence.join('\n')).not.toContain('the burn rose after it');
  });

  it('does not date the burn from windows read after the responder acted: they hold the kill switch and the rollback too', () => {
    // Estimated from such windows, the burn began 4 seconds before the deploy, and the deploy was cleared.
    const deployedAt = START - 6 * MINUTE;
    const beganBy = deployedAt - 4_000;
    const r = only({ ...stacked(), burns: [{ ...pageBurn(12, 20, false), unpaged: true, beganBy }] });
    expect(r.evidence).toContain('checkout-api:42 deployed 26m ago, 6m before the burn was seen');
    // A trigger that first fired after the kill switch: its windows then are a mix as well.
    const fired = { ...pageBurn(15, 20), onsetAt: START + 30 * MINUTE, beganBy };
    expect(only({ ...stacked(), now: START + 31 * MINUTE, burns: [fired] }).evidence).toContainEqual(expect.stringMatching(/^checkout-api:42 deployed 37m ago/));
    // Before anyone acted, the windows hold the burn alone, and date it.
    expect(only({ ...badDeploy(), deploys: history(6 * MINUTE), burns: [{ ...pageBurn(16, 16), beganBy }] }).kind).toBe('no-explaining-change');
  });
});

// worse.yaml (a responder's drill): a rollback to a build as bad; for four minutes the screen read
// "waiting for the burn to fall (5m 43.5x ↑)" while the burn went from 15.9x to 43.5x.
describe('recommend, after a change the burn rose after, short of three times', () => {
  const at = START + 3 * MINUTE;
  const samples = (now: number, after: number) => Array.from({ length: (now - START) / MINUTE + 1 }, (_, i) => ({ at: START + i * MINUTE, burn: START + i * MINUTE <= at ? 15.9 : after }));
  const input = (now: number, after: number): RecommendationInput => ({
    ...badDeploy(),
    now,
    burns: [pageBurn(16, after)],
    deploys: afterRollback(history(HOUR), at),
    actions: [rolledBack('checkout-api:42', 'checkout-api:41', at)],
    shortBurns: new Map([['availability', samples(now, after)]]),
  });

  it('says it rose since, a poll after the change, and how to undo it; not that it waits for a fall', () => {
    expect(only(input(at + 2 * MINUTE, 24.3))).toMatchObject({
      kind: 'not-recovering',
      text: 'Rolled back to :41 2m ago, and the burn rose since (5m 15.9x before it, 24.3x now): it is not falling, and may have made it worse (undo it: deploy :42 again)',
    });
  });

  // flagworse (a responder's drill): the kill switch (adding 10%) turned 50s before the rollback; the rise
  // read as the rollback's doing ("undo it: deploy :42 again"), the flag never named.
  it('names a change made just before it as well: the SLO cannot tell which made it worse', () => {
    const rollback = rolledBack('checkout-api:42', 'checkout-api:41', at);
    const both = { ...input(at + 4 * MINUTE, 24.8), actions: [{ ...flagSet('checkout_v2', 'off', rollback.startedAt - 40_000), startedAt: rollback.startedAt - 50_000 }, rollback] };
    const r = only(both);
    expect(r.text).toBe('Rolled back to :41 4m ago, and the burn rose since (5m 15.9x before it, 24.8x now): it is not falling; it or checkout_v2 set to off, 50s before it, may have made it worse: the SLO cannot tell which; undo one (deploy :42 again, or set checkout_v2 back)');
    expect(r.undoes).toHaveLength(2);
  });

  // A real rig: errors from 19:05:07, the rollback at 19:06:41, its 30s rollout serving the bad build;
  // 26s after it the screen said "the burn rose since (5m 25.5x before it, 36.3x now) … undo it", the errors gone.
  it('says nothing of a rise over a burn still filling its 5m window as the change was made', () => {
    const filling = (now: number) => new Map([['availability', [{ at: at - 2 * MINUTE, burn: 0.2 }, { at: at - MINUTE, burn: 9 }, { at, burn: 15.9 }, { at: now, burn: 24.3 }]]]);
    const r = only({ ...input(at + 2 * MINUTE, 24.3), shortBurns: filling(at + 2 * MINUTE) });
    expect(r.text).toBe('Rolled back to :41, waiting for the burn to fall (5m 24.3x ↑)');
    expect(r.undoes).toBeUndefined();
  });

  // A real rig: "Rolled back to :41, waiting for the burn to fall" beside `0/3 tasks running, rollout IN_PROGRESS`.
  it('says a rollback still rolling out is rolling back', () => {
    const rolling = { ...input(at + 30_000, 18), actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'done')] };
    expect(only(rolling).text).toMatch(/^Rolling back to :41, waiting for the burn to fall \(5m 18\.0x .\)$/);
    // Nobody watches it (quit mid-rollout, resumed): not said as rolled back beside its step's `◌ NOT WATCHED`.
    const unwatched = { ...rolling, actions: [rolledBack('checkout-api:42', 'checkout-api:41', at, 'unwatched')] };
    expect(only(unwatched).text).toMatch(/^Rolling back to :41 \(begun 30s ago, its rollout not confirmed\), waiting for the burn to fall \(5m 18\.0x .\)$/);
  });

  it('waits while it is within a fifth of what it was, or within a poll of the change', () => {
    expect(only(input(at + 2 * MINUTE, 18)).text).toBe('Rolled back to :41, waiting for the burn to fall (5m 18.0x ↑)');
    expect(only(input(at + 30_000, 24.3)).text).toMatch(/^Rolled back to :41, waiting for the burn to fall/);
  });
});


// flagworse (a responder's drill): a kill switch took a steady 16x to 36x; the screen waited for
// the burn to fall, and named the kill switch only in an evidence line 100 columns did not draw.
describe('recommend, after a change that doubled a steady burn', () => {
  const at = START + 3 * MINUTE;
  const now = at + 5 * MINUTE;
  const input = (before: readonly number[]): RecommendationInput => ({
    ...badDeploy(),
    now,
    deploys: history(6 * MINUTE),
    burns: [pageBurn(14, 34)],
    flagChanges: [flag('checkout_v2', at, 'off', 'tester')],
    actions: [flagSet('checkout_v2', 'off', at)],
    // Two readings before the change (a minute apart), then 34x from a minute after it.
    shortBurns: new Map([['availability', [...before.map((burn, i) => ({ at: at - (before.length - i) * MINUTE, burn })), ...[1, 2, 3, 4, 5].map((m) => ({ at: at + m * MINUTE, burn: 34 }))]]]),
  });

  it('says it made it worse when the burn was steady before it', () => {
    expect(only(input([16, 16.5])).text).toBe('checkout_v2 set to off 5m ago, and the burn rose (5m 16.5x before it, 5m 34.0x now): that change made it worse, the likely cause of the rise; undo it: set checkout_v2 back');
  });

  it('not when the window was still filling with a burn just begun (it doubles by itself): three times is asked then', () => {
    expect(only(input([8, 16])).kind).not.toBe('made-worse');
  });
});
