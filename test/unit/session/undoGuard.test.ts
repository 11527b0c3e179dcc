import { describe, expect, test } from 'vitest';
import { fold } from '../../../src/core/incident';
import type { NewEvent } from '../../../src/core/events';
import { undoGuard } from '../../../src/session/undo';
import { chainOf, OPENED } from '../core/chainOf';

const at = (minute: number) => Date.parse('2026-11-22T02:30:00.000Z') + minute * 60_000;
const iso = (minute: number) => new Date(at(minute)).toISOString();

/** A kill switch turned at minute 10 (checked at 11), the 5m burn read each minute as `burns` (from minute 0). */
function guardAfter(burns: readonly number[]) {
  const events: NewEvent[] = [
    { kind: 'action.planned', at: iso(10), data: { action: 'act-1', name: 'flags.set', step: 'disable-flag', summary: 's', calls: [], facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' } } },
    { kind: 'action.started', at: iso(10), data: { action: 'act-1' } },
    { kind: 'action.succeeded', at: iso(10), data: { action: 'act-1', summary: 'flag set' } },
    { kind: 'verify.passed', at: iso(11), data: { action: 'act-1', step: 'disable-flag', summary: 'flag file reloaded' } },
  ];
  const folded = fold(chainOf([OPENED, ...events]));
  if (!folded.ok) throw new Error(folded.reason);
  const history = new Map([['availability', burns.map((burn, minute) => ({ at: at(minute) + 1, burn }))]]);
  return undoGuard(() => folded.state, 'act-1', () => history);
}

describe('the guard on undoing a change', () => {
  // A responder's drill (bad-flag): five minutes after the kill switch the 5m burn read 1.3x (17.4x before), and the undo
  // passed with one Enter; its dialog said "the burn has stopped". A minute later it asked for `undo act-1`.
  test('asks the undo typed once the burn has fallen since the change, before it is under 1x or a window has passed', () => {
    const falling = [17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17.4, 14, 10, 6, 3, 1.3];
    expect(guardAfter(falling).mustType).toEqual({ phrase: 'undo act-1', reason: 'the burn fell after act-1: undoing it may bring the burn back' });
  });

  test('asks nothing of a change the burn has not fallen since', () => {
    expect(guardAfter([17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17.4, 17, 16.8, 17.2]).mustType).toBeUndefined();
  });
});
