import { describe, expect, test } from 'vitest';
import { briefRevisions } from '../../../src/core/briefRevisions';

describe('briefRevisions', () => {
  test('a revision of a name said before it is shortened to its number', () => {
    expect(briefRevisions('Roll back checkout-api from checkout-api:42 to checkout-api:41 (deploy the target task definition)')).toBe(
      'Roll back checkout-api from :42 to :41 (deploy the target task definition)',
    );
    expect(briefRevisions('Undo act-1: Roll checkout-api forward from checkout-api:41 to checkout-api:42')).toBe('Undo act-1: Roll checkout-api forward from :41 to :42');
  });

  test('a revision of another name, or named before the name is, stays whole', () => {
    expect(briefRevisions('Roll back checkout from checkout-api:42 to checkout-api:41')).toBe('Roll back checkout from checkout-api:42 to checkout-api:41');
    expect(briefRevisions('checkout-api:42 replaced; checkout-api runs checkout-api:41')).toBe('checkout-api:42 replaced; checkout-api runs :41');
  });

  test('times, addresses and paths are no revisions', () => {
    const text = 'at 02:41 UTC, http://localhost:4566 said checkout-api:41 in prod/checkout-api:41';
    expect(briefRevisions(text)).toBe(text);
    expect(briefRevisions('ECS is rolling back checkout-api to checkout-api:41: 2/4 tasks')).toBe('ECS is rolling back checkout-api to :41: 2/4 tasks');
    expect(briefRevisions('checkout-api runs checkout-api:41. Then v1.2:3')).toBe('checkout-api runs :41. Then v1.2:3');
  });
});
