import { describe, expect, it } from 'vitest';
import { flagChangeInEffect } from '../../../src/core/flagInEffect';
import type { Flag } from '../../../src/core/flags';

const flag = (over: Partial<Flag> = {}): Flag => ({ key: 'checkout_v2', state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'off', changedAt: '2026-12-07T20:36:45.424Z', changedBy: 'root', ...over });
const set = { action: 'flags.set', flag: 'checkout_v2', variant: 'off' };

describe('a runbook step whose flag change is so already', () => {
  it('is said so, with since when and by whom as the provider says', () => {
    expect(flagChangeInEffect(set, 'flags', [flag()])).toBe('checkout_v2 is set to off already, since 20:36Z by root: nothing to change');
    expect(flagChangeInEffect(set, 'flags', [flag({ changedAt: undefined, changedBy: undefined })])).toBe('checkout_v2 is set to off already: nothing to change');
    expect(flagChangeInEffect({ action: 'flags.disable', flag: 'checkout_v2' }, 'flags', [flag({ state: 'DISABLED' })])).toMatch(/^checkout_v2 is disabled already/);
    expect(flagChangeInEffect({ action: 'flags.enable', flag: 'checkout_v2' }, 'flags', [flag()])).toMatch(/^checkout_v2 is enabled already/);
  });

  it('is not when it would change the flag, the flag is not read, or the step is another provider’s', () => {
    expect(flagChangeInEffect(set, 'flags', [flag({ defaultVariant: 'on' })])).toBeUndefined();
    expect(flagChangeInEffect({ action: 'flags.disable', flag: 'checkout_v2' }, 'flags', [flag()])).toBeUndefined();
    expect(flagChangeInEffect(set, 'flags', undefined)).toBeUndefined();
    expect(flagChangeInEffect(set, 'flags', [flag({ key: 'express_pay' })])).toBeUndefined();
    expect(flagChangeInEffect(set, 'toggles', [flag()])).toBeUndefined();
    expect(flagChangeInEffect({ action: 'deploys.rollback' }, 'flags', [flag()])).toBeUndefined();
    expect(flagChangeInEffect(undefined, 'flags', [flag()])).toBeUndefined();
  });
});
