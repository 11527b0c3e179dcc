import './deterministicEnv';
import { describe, expect, test } from 'vitest';
import type { CockpitView, FlagRow } from '../../src/session/viewModel';
import { FakeController } from './fakeController';
import { DEPLOYS, incidentView, RECOMMENDATION, SLOS } from './fixtures';
import { renderCockpit } from './harness';

const MINUTE = 60_000;

/**
 * The bad-flag drill at 80x24 (found in tmux): three flags, the recommendation naming one of
 * them, a single SLO burning. The named flag comes first (buildView orders them), and a panel
 * too short for every flag says how many it leaves out; the SLO's BURNING line stays on screen.
 */
function badFlag(): CockpitView {
  const base = incidentView();
  const flags: FlagRow[] = [
    { key: 'checkout_v2', state: 'ENABLED', variant: 'on', variants: ['on', 'off'], changedAgoMs: 57 * MINUTE },
    { key: 'express_pay', state: 'ENABLED', variant: 'off', variants: ['on', 'off'] },
    { key: 'gift_cards', state: 'ENABLED', variant: 'off', variants: ['on', 'off'] },
  ];
  return {
    ...base,
    // Four deploys, as in the drill: the deploys panel pages them and the flags panel is short.
    deploys: { ...base.deploys, data: [...DEPLOYS, { ...DEPLOYS[2]!, id: 'd-39', revision: 'checkout-api:39', shortRevision: ':39' }] },
    flags: { ...base.flags, data: flags },
    slos: { ...base.slos, data: [SLOS[0]!] },
    recommendations: [
      {
        ...RECOMMENDATION,
        kind: 'flag-kill-switch',
        flag: 'checkout_v2',
        text: 'Flag kill switch recommended: checkout_v2 changed 57m ago, after the last deploy before the burn (checkout-api:42, 3h2m ago)',
      },
    ],
  };
}

describe('flags and the SLO state at 80x24', () => {
  test('the named flag, how many flags are not shown, and the BURNING line are on screen', async () => {
    const r = renderCockpit(new FakeController(badFlag()), { columns: 80, rows: 24 });
    const frame = await r.waitForFrame((f) => f.includes('TIMELINE'));
    expect(frame).toContain('checkout_v2  variant on');
    expect(frame).toContain('flags 1-1 of 3');
    expect(frame).toContain('▲ BURNING availability');
    expect(frame).toContain('Flag kill switch recommended');
  });

  test('with the escalation line on top too (a shorter body), the count is still said', async () => {
    const base = badFlag();
    const view = { ...base, incident: { ...base.incident, escalation: ['@commerce-oncall', '@payments-lead'], links: { dashboard: 'https://grafana.example/d/checkout' } } };
    const r = renderCockpit(new FakeController(view), { columns: 80, rows: 24 });
    const frame = await r.waitForFrame((f) => f.includes('TIMELINE'));
    expect(frame).toContain('checkout_v2  variant on');
    expect(frame).toContain('flags 1-1 of 3');
    expect(frame).toContain('▲ BURNING availability');
  });
});
