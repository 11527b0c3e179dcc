import { describe, expect, test } from 'vitest';
import { flagsThatMatterFirst } from '../../../src/core/flags';

const flags = [
  { key: 'express_pay' },
  { key: 'gift_cards', changedAt: '2026-11-22T10:00:00Z' },
  { key: 'legacy_cart' },
  { key: 'checkout_v2', changedAt: '2026-11-22T09:00:00Z' },
];
const keys = (rows: readonly { key: string }[]) => rows.map((row) => row.key);

describe('flagsThatMatterFirst', () => {
  test('the flags the incident names first, then the most recently changed, then the rest as listed', () => {
    expect(keys(flagsThatMatterFirst(flags, new Set(['checkout_v2'])))).toEqual(['checkout_v2', 'gift_cards', 'express_pay', 'legacy_cart']);
  });

  test('with nothing named, the newest change leads and the provider order is kept for the rest', () => {
    expect(keys(flagsThatMatterFirst(flags, new Set()))).toEqual(['gift_cards', 'checkout_v2', 'express_pay', 'legacy_cart']);
  });
});
