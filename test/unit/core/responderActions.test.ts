import { describe, expect, it } from 'vitest';
import type { ActionState } from '../../../src/core/incident';
import { responderActions } from '../../../src/core/responderActions';

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
