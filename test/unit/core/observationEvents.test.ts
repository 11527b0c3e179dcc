import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/core/describeEvent';
import { attributeRollbackDeploys } from '../../../src/core/deployAttribution';
import type { Deploy } from '../../../src/core/deploys';
import type { EventDataByKind, NewEvent } from '../../../src/core/events';
import type { Flag } from '../../../src/core/flags';
import { fold, type ActionState, type IncidentState } from '../../../src/core/incident';
import { deployObservations, flagObservations } from '../../../src/core/observationEvents';
import { chainOf, OPENED } from './chainOf';

/** The incident opens at 02:31:07; erin turned checkout_v2 on six days before. */
const SIX_DAYS_AGO = '2026-11-16T02:30:00.000Z';
const checkoutV2: Flag = { key: 'checkout_v2', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'on', changedAt: SIX_DAYS_AGO, changedBy: 'erin' };
const expressPay: Flag = { key: 'express_pay', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'off' };

function stateAfter(...events: NewEvent[]): IncidentState {
  const folded = fold(chainOf([OPENED, ...events.map((e) => ({ ...e, actor: 'cockpit' }))]));
  if (!folded.ok) throw new Error(folded.reason);
  return folded.state;
}

describe('a flag seen when the incident opens is its baseline, not a change', () => {
  const baseline = flagObservations({}, [checkoutV2, expressPay], 'baseline');

  it('is recorded as observed state (flag.observed, as a deploy seen at open), with its own time and author', () => {
    expect(baseline.map((e) => e.kind)).toEqual(['flag.observed', 'flag.observed']);
    expect(baseline.map((e) => e.data)).toEqual([
      { key: 'checkout_v2', to: 'on', state: 'ENABLED', changedAt: SIX_DAYS_AGO, by: 'erin', baseline: true },
      { key: 'express_pay', to: 'off', state: 'ENABLED', baseline: true },
    ]);
  });

  it('folds to the provider time (erin, six days ago), or to no known change at all', () => {
    const state = stateAfter(...baseline);
    expect(state.flags.checkout_v2).toMatchObject({ changedAt: SIX_DAYS_AGO, changeTime: 'reported', by: 'erin' });
    expect(state.flags.express_pay).toMatchObject({ changeTime: 'first-seen' });
  });

  it('an older log\'s first look (flag.changed with baseline) folds and reads the same', () => {
    const old = baseline.map((e): NewEvent => ({ kind: 'flag.changed', data: e.data as EventDataByKind['flag.changed'] }));
    expect(stateAfter(...old).flags).toEqual(stateAfter(...baseline).flags);
    expect(chainOf([OPENED, ...old]).slice(1).map((e) => describeEvent(e))).toEqual(chainOf([OPENED, ...baseline]).slice(1).map((e) => describeEvent(e)));
  });

  it('reads on the timeline as what was seen, with its own date, never as a change at the moment of the look', () => {
    const [v2, pay] = chainOf([OPENED, ...baseline]).slice(1);
    expect(describeEvent(v2!)).toBe('Flag checkout_v2 seen at open: enabled, variant on; last changed 2026-11-16 02:30Z by erin');
    expect(describeEvent(pay!)).toBe('Flag express_pay seen at open: enabled, variant off; last change unknown');
  });
});

describe('a flip seen while the incident is open is a change', () => {
  it('has before and after and no baseline mark', () => {
    const known = { checkout_v2: { variant: 'on', state: 'ENABLED' as const } };
    const flipped = flagObservations(known, [{ ...checkoutV2, defaultVariant: 'off', changedAt: undefined, changedBy: undefined }]);
    expect(flipped.map((e) => e.kind)).toEqual(['flag.changed']);
    expect(flipped.map((e) => e.data)).toEqual([{ key: 'checkout_v2', from: 'on', to: 'off', state: 'ENABLED' }]);
    const state = stateAfter(...flagObservations({}, [checkoutV2], 'baseline'), ...flipped);
    expect(state.flags.checkout_v2).toMatchObject({ variant: 'off', changeTime: 'observed', earlierChangesAt: [SIX_DAYS_AGO] });
  });

  it('is silent when nothing changed, even when the first look is repeated', () => {
    const known = { checkout_v2: { variant: 'on', state: 'ENABLED' as const } };
    expect(flagObservations(known, [checkoutV2], 'baseline')).toEqual([]);
    expect(flagObservations(known, [checkoutV2])).toEqual([]);
  });

  it('a flag that appears while open is not a baseline', () => {
    expect(flagObservations({}, [expressPay]).map((e) => e.data)).toEqual([{ key: 'express_pay', to: 'off', state: 'ENABLED' }]);
  });

  // A real flagd file edited by hand (off → on) kept the metadata of the cockpit's own kill switch 23m before: the change
  // read `changed 24m ago by root`, was dated before the cockpit's own look at "off", and the advice cleared it.
  it('a provider change time from before the last look at the old value is stale: the change is dated by the look, its author unknown', () => {
    const lookedAt = Date.parse('2026-12-06T18:34:27.000Z');
    const known = { cart_v2: { variant: 'off', state: 'ENABLED' as const, seenAt: lookedAt } };
    const edited: Flag = { key: 'cart_v2', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'on', changedAt: '2026-12-06T18:11:11.542Z', changedBy: 'root' };
    expect(flagObservations(known, [edited]).map((e) => e.data)).toEqual([{ key: 'cart_v2', from: 'off', to: 'on', state: 'ENABLED' }]);
    // Metadata written with the change (the cockpit's kill switch, flagd tooling) is the change's.
    const written = { ...edited, changedAt: '2026-12-06T18:34:30.000Z' };
    expect(flagObservations(known, [written]).map((e) => e.data)).toEqual([{ key: 'cart_v2', from: 'off', to: 'on', state: 'ENABLED', changedAt: '2026-12-06T18:34:30.000Z', by: 'root' }]);
  });
});

const deploy = (revision: string, startedAt: string, actor: string, current = false): Deploy => ({
  id: `d-${revision}-${startedAt}`,
  revision,
  artifacts: [],
  status: current ? 'in-progress' : 'successful',
  startedAt,
  actor,
  labels: {},
  current,
});

describe('deploys seen at open', () => {
  it('are marked baseline and keep their own start and actor', () => {
    const [event] = deployObservations({}, [deploy('checkout-api:42', '2026-11-22T01:30:00.000Z', 'dave', true)], 'baseline');
    expect(event!.data).toMatchObject({ revision: 'checkout-api:42', startedAt: '2026-11-22T01:30:00.000Z', actor: 'dave', baseline: true });
    const [stored] = chainOf([OPENED, event!]).slice(1);
    expect(describeEvent(stored!)).toBe('Deploy checkout-api:42 seen at open: in-progress (current), started 2026-11-22 01:30Z by dave');
  });

  it('while open, a new deploy is no baseline', () => {
    const [event] = deployObservations({}, [deploy('checkout-api:41', '2026-11-22T02:41:00.000Z', 'carol')]);
    expect(event!.data).not.toHaveProperty('baseline');
  });
});

describe('a deploy the platform rolled back itself', () => {
  it('says who rolled it back and why, and which build it was (an Argo Rollouts abort of an undo to :41)', () => {
    const { actor: _none, ...built } = deploy('payments-api:43', '2026-11-22T02:41:00.000Z', '');
    const aborted: Deploy = {
      ...built,
      status: 'rolled-back',
      formerRevisions: ['payments-api:41'],
      automaticRollback: { by: 'Argo Rollouts', reason: 'RolloutAborted: Rollout aborted update to revision 43' },
    };
    const [event] = deployObservations({}, [aborted]);
    expect(event!.data).toMatchObject({ automaticRollback: aborted.automaticRollback, formerRevisions: ['payments-api:41'] });
    const [stored] = chainOf([OPENED, event!]).slice(1);
    expect(describeEvent(stored!)).toBe('Deploy payments-api:43 (the build of payments-api:41): rolled back by Argo Rollouts: RolloutAborted: Rollout aborted update to revision 43');
  });
});

describe('the deployment a rollback creates is the responder’s', () => {
  const rollback: ActionState = {
    id: 'act-1',
    name: 'deploys.rollback',
    summary: 'Roll back checkout-api from :42 to :41',
    calls: [],
    facts: { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' },
    status: 'succeeded',
    plannedAt: '2026-11-22T02:40:30.000Z',
    confirmedBy: 'alice',
    startedAt: '2026-11-22T02:40:40.000Z',
    outputTail: '',
    outputChars: 0,
  };
  const history = [
    deploy('checkout-api:41', '2026-11-22T02:41:00.000Z', 'carol', true),
    deploy('checkout-api:42', '2026-11-22T01:30:00.000Z', 'dave'),
    deploy('checkout-api:41', '2026-11-21T02:30:00.000Z', 'carol'),
  ];

  it('names who confirmed the rollback on the new :41 deployment, and only there', () => {
    expect(attributeRollbackDeploys(history, [rollback]).map((d) => d.actor)).toEqual(['alice', 'dave', 'carol']);
  });

  it('falls back to the responder when the confirmation names nobody', () => {
    const { confirmedBy: _, ...unconfirmed } = rollback;
    expect(attributeRollbackDeploys(history, [unconfirmed], 'bob')[0]!.actor).toBe('bob');
  });

  it('Kubernetes: the undo’s new revision (:43, a former :41) is the confirmer’s; the revision before it is not', () => {
    const k8s = { ...rollback, facts: { currentRevision: 'payments-api:42', targetRevision: 'payments-api:41' } };
    const undone = [
      { ...deploy('payments-api:43', '2026-11-22T02:41:10.000Z', 'carol', true), formerRevisions: ['payments-api:39', 'payments-api:41'] },
      deploy('payments-api:42', '2026-11-22T01:30:00.000Z', 'dave'),
    ];
    expect(attributeRollbackDeploys(undone, [k8s]).map((d) => d.actor)).toEqual(['alice', 'dave']);
    // Its time is the controller's latest progress (the age column read 1s, 7s, 1s): it began with the rollback.
    expect(attributeRollbackDeploys(undone, [k8s]).map((d) => d.startedAt)).toEqual(['2026-11-22T02:40:40.000Z', '2026-11-22T01:30:00.000Z']);
  });

  it('leaves every deploy alone when nothing was rolled back', () => {
    expect(attributeRollbackDeploys(history, [])).toEqual(history);
  });
});

describe('how a flag change and an SLO sample read on the timeline', () => {
  const [opened] = chainOf([OPENED]);
  const as = <K extends keyof EventDataByKind>(kind: K, data: EventDataByKind[K]) => ({ ...opened!, kind, data }) as Parameters<typeof describeEvent>[0];

  it('names the variant, then whether the flag serves it: a kill switch to off never reads as still ENABLED', () => {
    expect(describeEvent(as('flag.changed', { key: 'checkout_v2', from: 'on', to: 'off', state: 'ENABLED', by: 'root' }))).toBe('Flag checkout_v2: variant on → off, flag enabled, by root');
    expect(describeEvent(as('flag.changed', { key: 'checkout_v2', from: 'on', to: 'on', state: 'DISABLED' }))).toBe('Flag checkout_v2: variant on → on, flag DISABLED (serves the code default)');
  });

  it('says an SLO window in its largest units (a 30-day budget window was "over 43200m")', () => {
    expect(describeEvent(as('slo.observed', { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 30 * 86_400_000, errorRatio: 0.00061 }))).toBe('SLO availability error ratio 0.061% over 30d');
    expect(describeEvent(as('slo.observed', { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 5 * 60_000, errorRatio: 0.06 }))).toBe('SLO availability error ratio 6.000% over 5m');
  });
});

describe('a trigger clearing says the reading it cleared on', () => {
  // A postmortem reader saw "Trigger availability:1h/5m>14.4 cleared" at 02:32:30 between recorded 5m
  // samples of 15.8x and 12.3x: the reading it cleared on was never on the timeline.
  const cleared = (data: EventDataByKind['trigger.cleared']) => describeEvent(chainOf([OPENED, { kind: 'trigger.cleared', data }])[1]!);

  it('names the window that fell under the threshold, and the other one', () => {
    expect(cleared({ trigger: 'availability:1h/5m>14.4', slo: 'availability', threshold: 14.4, longBurn: 15.2, shortBurn: 13.96 })).toBe('Trigger availability:1h/5m>14.4 cleared, still burning (over 1x): 5m at 14.0x, under 14.4 (1h 15.2x)');
    expect(cleared({ trigger: 'availability:6h/30m>6', slo: 'availability', threshold: 6, longBurn: 5.9, shortBurn: 6.4 })).toBe('Trigger availability:6h/30m>6 cleared, its 30m window still over 1x: 6h at 5.9x, under 6 (30m 6.4x)');
    expect(cleared({ trigger: 'availability:1h/5m>14.4', slo: 'availability', threshold: 14.4, longBurn: 15.2, shortBurn: null })).toBe('Trigger availability:1h/5m>14.4 cleared: no 5m reading (1h 15.2x)');
  });

  // A slow-burn drill: `still burning (over 1x): 30m at 5.97x` while the 5m window had read 0.1x for 3 minutes. Only a 5m
  // short window says the burn goes on; a longer one says what it holds.
  it('says "still burning" first, only while the short window spends faster than the budget (a responder read `cleared` as over beside 13.5x)', () => {
    expect(cleared({ trigger: 'availability:1h/5m>14.4', slo: 'availability', threshold: 14.4, longBurn: 15.2, shortBurn: 0.4 })).toBe('Trigger availability:1h/5m>14.4 cleared: 5m at 0.4x, under 14.4 (1h 15.2x)');
    expect(cleared({ trigger: 'availability:1h/5m>14.4', slo: 'availability', threshold: 14.4, longBurn: 15.2, shortBurn: 1 })).toMatch(/cleared, still burning \(over 1x\): /);
  });

  it('says the reading under the threshold with the decimals it takes (a helper read `30m at 6.0x, under 6`)', () => {
    expect(cleared({ trigger: 'availability:6h/30m>6', slo: 'availability', threshold: 6, longBurn: 6.4, shortBurn: 5.97 })).toBe('Trigger availability:6h/30m>6 cleared, its 30m window still over 1x: 30m at 5.97x, under 6 (6h 6.4x)');
    expect(cleared({ trigger: 'availability:6h/30m>6', slo: 'availability', threshold: 6, longBurn: 6.4, shortBurn: 5.9996 })).toBe('Trigger availability:6h/30m>6 cleared, its 30m window still over 1x: 30m at 5.999x, under 6 (6h 6.4x)');
  });

  it('an older log without the readings reads as before', () => {
    expect(cleared({ trigger: 'availability:1h/5m>14.4', slo: 'availability' })).toBe('Trigger availability:1h/5m>14.4 cleared');
  });
});

describe('a deploy seen changing during the incident', () => {
  // During a rollback the timeline read "Deploy checkout-api:42 successful by dave" at the rollback's
  // minute: :42 had only stopped being current, and read as a new deploy.
  it('says when it started and whether it is current', () => {
    const row = describeEvent(chainOf([OPENED, { kind: 'deploy.observed', data: { id: 'd-42', revision: 'checkout-api:42', status: 'successful', current: false, startedAt: '2026-11-22T01:30:00.000Z', actor: 'dave' } }])[1]!);
    expect(row).toBe('Deploy checkout-api:42 successful (not current), started 2026-11-22 01:30Z by dave');
  });
});
