import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../../src/cli/statusFormat';
import type { StatusSnapshot } from '../../../src/session/statusSnapshot';

const snapshot = (rollback: StatusSnapshot['rollback']): StatusSnapshot => ({
  format: 'incident-cockpit/status-v1',
  service: 'checkout-api',
  environment: 'production',
  at: '2026-12-05T04:00:00.000Z',
  deploys: { status: 'absent' },
  flags: { status: 'absent' },
  slos: { status: 'absent' },
  triggers: [],
  ...(rollback === undefined ? {} : { rollback }),
  recommendations: [],
  providerFailures: [],
} as unknown as StatusSnapshot);

describe('cockpit status: the rollback line', () => {
  it('says what the cockpit would ask typed: a guessed target in full (status said "the service name")', () => {
    const unproven = 'checkout-api:40 was never seen deployed successfully in the deployments ECS lists for this service';
    const text = formatStatus(snapshot({ status: 'planned', step: 'rollback', current: 'checkout-api:41', target: 'checkout-api:40', verdict: { level: 'typed', reasons: [unproven], because: [unproven], phrase: 'checkout-api:40' }, at: 0 } as StatusSnapshot['rollback']));
    expect(text).toContain('ROLLBACK  step rollback: checkout-api:41 → checkout-api:40 (needs checkout-api:40 typed in full)\n');
    const jump = formatStatus(snapshot({ status: 'planned', step: 'rollback', current: 'checkout-api:42', target: 'checkout-api:40', verdict: { level: 'typed', reasons: ['2 revisions back'], because: ['2 revisions back'] }, at: 0 } as StatusSnapshot['rollback']));
    expect(jump).toContain('(needs the service name typed)');
  });
});
