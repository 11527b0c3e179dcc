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

// A real rig: the TUI said a trigger fired "on 4m of data"; status said nothing of it, nor of the windows.
describe('cockpit status: windows and triggers over less data than their length', () => {
  it('names the windows holding less, and a trigger that fired on them', () => {
    const MIN = 60_000;
    const base = snapshot(undefined);
    const slos = { status: 'ok', source: 'slo (prometheus)', data: [{ name: 'availability', objective: 99.5, status: 'burning', budgetRemaining: 0.9916, budgetDataMs: 12 * MIN, windows: [{ window: '5m', errorRatio: 0.3, burnRate: 60 }, { window: '1h', errorRatio: 0.084, burnRate: 16.8, dataMs: 12 * MIN }] }] };
    const triggers = [{ id: 't', slo: 'availability', threshold: 14.4, long: '1h', short: '5m', state: 'fired', longBurn: 16.8, shortBurn: 60, longDataMs: 12 * MIN }];
    const text = formatStatus({ ...base, slos, triggers } as unknown as StatusSnapshot);
    expect(text).toContain('5m 60.00x  1h 16.80x  (1h: 12m of data)  budget left ≤99.2% (12m of data)');
    expect(text).toContain('FIRED  availability 14.4x on 1h+5m: long 16.80x, short 60.00x (its 1h window: 12m of data)');
  });
});

// A tester: `changed 2026-12-01T10:00:00.000Z` without the flag file's changedBy, which the TUI names.
describe('cockpit status: a flag', () => {
  it('says who changed it, when the flag source records it', () => {
    const flags = { status: 'ok', source: 'flags (flagd)', data: [{ key: 'payments_new_router', state: 'ENABLED', defaultVariant: 'on', variants: ['on', 'off'], changedAt: '2026-12-01T10:00:00.000Z', changedBy: 'gina' }] };
    expect(formatStatus({ ...snapshot(undefined), flags } as unknown as StatusSnapshot)).toContain('  payments_new_router  ENABLED  on  (variants: on, off)  changed 2026-12-01T10:00:00.000Z by gina\n');
  });
});
