import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { AFTER_REFUSAL_MS, confirmationSettled, ignoredText, refused, typedAhead, typesText, TYPING_PAUSE_MS } from '../../src/ui/typeAhead';
import { incidentView, runningRollback } from './fixtures';

const key = (over: Partial<Key> = {}) => ({ ...({} as Key), ...over });

describe('typeAhead: keys typed ahead of a confirmation that has not opened', () => {
  it('ignores typing that keeps coming, counting it; a pause ends it', () => {
    let guard = typedAhead({ lastAt: 0, ignored: 0 }, 300, true, false);
    expect(guard).toEqual({ ignore: true, guard: { lastAt: 300, ignored: 1 } });
    // Each ignored key restarts the pause: a slow typist's phrase is ignored whole.
    guard = typedAhead(guard.guard, 300 + TYPING_PAUSE_MS - 1, true, false);
    expect(guard).toEqual({ ignore: true, guard: { lastAt: 300 + TYPING_PAUSE_MS - 1, ignored: 2 } });
    expect(typedAhead(guard.guard, 300 + 2 * TYPING_PAUSE_MS, true, false)).toEqual({ ignore: false, guard: undefined });
  });

  // Typed 1-2 s after a refused `U` (helper-126), `roll forward…` opened the resolve dialog with its `r`, and its Enter
  // resolved the incident with the phrase as summary.
  it('once the key that asked was refused, waits longer for the first key: the phrase begun on reading the key', () => {
    const guard = refused({ lastAt: 0, ignored: 0 }, 100);
    expect(guard).toEqual({ lastAt: 100, ignored: 0, refused: true });
    const first = typedAhead(guard, 100 + 2 * TYPING_PAUSE_MS, true, false);
    expect(first).toEqual({ ignore: true, guard: { lastAt: 100 + 2 * TYPING_PAUSE_MS, ignored: 1, refused: true } });
    // Then a typing pause ends it, as before.
    expect(typedAhead(first.guard, 100 + 3 * TYPING_PAUSE_MS, true, false)).toEqual({ ignore: false, guard: undefined });
    expect(typedAhead(guard, 100 + AFTER_REFUSAL_MS, true, false)).toEqual({ ignore: false, guard: undefined });
    expect(refused(undefined, 5)).toBeUndefined();
  });

  it('lets moving keys through without ending it, and ends once the confirmation is on screen', () => {
    const guard = { lastAt: 0, ignored: 0 };
    expect(typedAhead(guard, 10, false, false)).toEqual({ ignore: false, guard });
    expect(typedAhead(guard, 10, true, true)).toEqual({ ignore: false, guard: undefined });
    expect(typedAhead(undefined, 10, true, false)).toEqual({ ignore: false, guard: undefined });
  });

  it('counts characters, Enter and Backspace as typing, bound or not; not Ctrl-C, the arrows, nor anything in a dialog', () => {
    expect(typesText('o', key(), false)).toBe(true);
    expect(typesText('', key({ return: true }), false)).toBe(true);
    expect(typesText('', key({ backspace: true }), false)).toBe(true);
    expect(typesText('c', key({ ctrl: true }), false)).toBe(false);
    expect(typesText('', key({ downArrow: true }), false)).toBe(false);
    expect(typesText('o', key(), true)).toBe(false);
  });

  it('is settled when the asked step runs without a confirmation', () => {
    const view = incidentView();
    expect(confirmationSettled({ step: 'rollback', lastAt: 0, ignored: 0 }, view, false)).toBe(false);
    expect(confirmationSettled({ step: 'rollback', lastAt: 0, ignored: 0 }, runningRollback(view), false)).toBe(true);
    expect(confirmationSettled({ lastAt: 0, ignored: 0 }, view, true)).toBe(true);
  });

  it('says the keys ignored beside the refusal, or alone', () => {
    expect(ignoredText('Step "Confirm" has no change to undo', 1)).toBe('Step "Confirm" has no change to undo (1 key typed after it ignored)');
    expect(ignoredText(undefined, 3)).toBe('3 keys typed ahead of the confirmation ignored');
  });
});
