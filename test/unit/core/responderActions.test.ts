import { describe, expect, it } from 'vitest';
import type { ActionState } from '../../../src/core/incident';
import { madeText } from '../../../src/core/actionWords';
import type { Deploy } from '../../../src/core/deploys';
import { responderActions, withRunningRevisions } from '../../../src/core/responderActions';

const at = '2026-11-22T02:40:00.000Z';
const flagOff = (verification?: ActionState['verification']): ActionState => ({
  id: 'a1',
  name: 'flags.set',
  summary: 'checkout_v2 → off',
  calls: [],
  facts: { flag: 'checkout_v2', before: 'on', after: 'off' },
  status: 'succeeded',
  plannedAt: at,
  startedAt: at,
  finishedAt: at,
  outputTail: '',
  outputChars: 0,
  ...(verification === undefined ? {} : { verification }),
});

describe('what the responder already did, with how far its check got', () => {
  it('not checked yet, checked either way, or nothing watching it any more', () => {
    const status = (verification?: ActionState['verification']) => responderActions([flagOff(verification)])[0]!.status;
    expect(status()).toBe('done');
    expect(status({ outcome: 'passed', at, summary: 'burn under 1x' })).toBe('verified');
    expect(status({ outcome: 'failed', at, summary: 'still 14x' })).toBe('unverified');
    expect(status({ outcome: 'unwatched', at, summary: 'the cockpit quit while it was verified' })).toBe('unwatched');
  });
});

// payments-api (an Argo Rollout) bad-deploy: the rollback to :41 made :43 of :41's build; the advice read `Rolled back to :41
// 19m ago: the burn has stopped` beside a deploys panel whose current row was :43, with no :41 anywhere.
describe('a rollback whose target runs as a newer revision of its build', () => {
  const rollback: ActionState = { ...flagOff({ outcome: 'passed', at, summary: 'pods run :41' }), id: 'act-1', name: 'deploys.rollback', facts: { currentRevision: 'payments-api:42', targetRevision: 'payments-api:41' } };
  const deployOf = (n: number, former?: string[]): Deploy => ({ id: `rs-${n}`, revision: `payments-api:${n}`, artifacts: [], status: 'successful', labels: {}, current: n === 43, ...(former ? { formerRevisions: former } : {}) });

  it('is said as the revision it runs as, where its own revision is gone from the deploys', () => {
    const [action] = withRunningRevisions(responderActions([rollback]), [deployOf(43, ['payments-api:41']), deployOf(42), deployOf(40)]);
    expect(action).toMatchObject({ kind: 'rollback', to: 'payments-api:41', runsAs: 'payments-api:43' });
    expect(madeText(action!)).toBe('Rolled back to :41 (as :43)');
  });

  it('is said as itself where its revision is still listed (ECS deploys the same task definition again), or nothing ran it anew', () => {
    for (const deploys of [[deployOf(41), deployOf(42)], [deployOf(42), deployOf(40)]]) {
      const [action] = withRunningRevisions(responderActions([rollback]), deploys);
      expect(action).not.toHaveProperty('runsAs');
      expect(madeText(action!)).toBe('Rolled back to :41');
    }
  });
});
