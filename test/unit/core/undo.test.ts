import { describe, expect, test } from 'vitest';
import { rollbackUndo } from '../../../src/core/actions';
import type { ActionState } from '../../../src/core/incidentState';
import { stepChange, undoOf, undoRefusal } from '../../../src/core/undo';

const action = (id: string, patch: Partial<ActionState> = {}): ActionState => ({
  id,
  name: 'flags.set',
  summary: id,
  calls: [],
  status: 'succeeded',
  plannedAt: '2026-11-22T02:00:00.000Z',
  outputTail: '',
  outputChars: 0,
  facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' },
  ...patch,
});
const rollback = (id: string, from: string, to: string, patch: Partial<ActionState> = {}) => action(id, { name: 'deploys.rollback', facts: { currentRevision: from, targetRevision: to }, ...patch });

describe('which change may be undone', () => {
  test('a step\'s change is its newest action that succeeded', () => {
    const actions = [action('act-1', { step: 'flag' }), action('act-2', { step: 'flag', status: 'failed' }), action('act-3', { step: 'other' })];
    expect(stepChange(actions, 'flag')?.id).toBe('act-1');
    expect(stepChange(actions, 'none')).toBeUndefined();
  });

  test('a change that succeeded may be undone once; an undo that failed or was declined undid nothing', () => {
    const made = action('act-1', { step: 'flag' });
    expect(undoRefusal([made], made)).toBeUndefined();
    const declined = [made, action('act-2', { undoes: 'act-1', status: 'cancelled' }), action('act-3', { undoes: 'act-1', status: 'failed' })];
    expect(undoOf(declined, 'act-1')).toBeUndefined();
    expect(undoRefusal(declined, made)).toBeUndefined();
    expect(undoRefusal([made, action('act-2', { undoes: 'act-1', status: 'planned' })], made)).toBe('act-1 is being undone (act-2)');
    expect(undoRefusal([made, action('act-2', { undoes: 'act-1' })], made)).toBe('act-1 was undone already (act-2)');
  });

  test('a change that did not succeed, or recorded no facts to undo it by, is refused', () => {
    const failed = action('act-1', { status: 'failed' });
    expect(undoRefusal([failed], failed)).toBe('act-1 made no change to undo');
    const command = action('act-1', { name: 'db.run', facts: { argv: ['x'] } });
    expect(undoRefusal([command], command)).toBe('act-1 (db.run) recorded nothing to undo it by');
    // An Argo Rollout aborted by its analysis: U planned ":42 to :42", refused by the plugin, and left a cancelled undo each time.
    const aborted = rollback('act-1', 'app:42', 'app:41', { verification: { outcome: 'failed', at: '2026-11-22T02:05:00.000Z', summary: 'AnalysisRun Failed' } });
    expect(undoRefusal([aborted], aborted)).toBe("act-1's check failed: what it changed is not known; see what runs now in the deploys panel");
  });

  test('two changes of one thing are undone newest first; a change of another thing does not stand in the way', () => {
    const first = rollback('act-1', 'app:42', 'app:41');
    const second = rollback('act-2', 'app:41', 'app:40');
    const flag = action('act-3', { facts: { flag: 'other', field: 'state', before: 'ENABLED', after: 'DISABLED' } });
    expect(undoRefusal([first, second, flag], first)).toBe('act-2 changed the deployed revision since: undo that first');
    expect(undoRefusal([first, second, flag], second)).toBeUndefined();
    const off = action('act-1');
    expect(undoRefusal([off, flag], off)).toBeUndefined();
    expect(undoRefusal([off, action('act-2'), flag], off)).toBe('act-2 changed flag checkout_v2 since: undo that first');
  });
});

describe('rollbackUndo', () => {
  test('a rollback is undone by rolling to the revision it left', () => {
    expect(rollbackUndo({ currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' })).toEqual({ action: 'rollback', params: { target: 'checkout-api:42' }, summary: 'deploy checkout-api:42 again' });
    expect(rollbackUndo({ currentRevision: 'a:1', targetRevision: 'a:1' })).toBeUndefined();
    expect(rollbackUndo({ flag: 'x' })).toBeUndefined();
  });
});
