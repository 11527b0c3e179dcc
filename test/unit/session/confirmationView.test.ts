import { describe, expect, it } from 'vitest';
import { NO_JUDGEMENT } from '../../../src/core/burnWentOn';
import type { IncidentState } from '../../../src/core/incident';
import type { Recommendation } from '../../../src/core/recommendation';
import type { ConfirmationRequest } from '../../../src/session/actionLifecycle';
import { confirmationView } from '../../../src/session/confirmationView';

const undo: ConfirmationRequest = {
  action: 'act-2',
  name: 'deploys.rollback',
  summary: 'Undo act-1: Roll checkout-api forward from checkout-api:41 to checkout-api:42',
  plan: { action: 'deploys.rollback', summary: 'Roll checkout-api forward', calls: [], facts: { currentRevision: 'checkout-api:41', targetRevision: 'checkout-api:42' } },
  safety: { level: 'ok', reasons: ['forward to a newer build than checkout-api:41'] },
  gate: { kind: 'confirm' },
  undoes: 'act-1',
};
const state = { actions: [], mitigatedAt: undefined, resolvedAt: undefined } as unknown as IncidentState;

describe('confirmationView of an undo', () => {
  // rollback-worse after a resume: the advice said "… may have made it worse (undo it: deploy :42 again)",
  // and the undo's dialog showed the block alone, nothing saying the advice asked for it.
  it('says it is the undo the advice asks for, whatever advice asks for it', () => {
    const rose: Recommendation = { kind: 'not-recovering', slo: 'availability', text: 'Rolled back to :41 2m ago, and the burn rose since (…): it is not falling, and may have made it worse (undo it: deploy :42 again)', evidence: [], undoes: ['act-1'] };
    const view = confirmationView(undo, [rose], state, NO_JUDGEMENT, new Map());
    expect(view.asked).toBe(rose.text);
    expect(view.recommendedInstead).toBeUndefined();
  });

  it('says nothing of the kind when no advice asks for it', () => {
    const waiting: Recommendation = { kind: 'waiting-for-recovery', slo: 'availability', text: 'Rolled back to :41, waiting for the burn to fall (5m 8.0x ↓)', evidence: [] };
    const view = confirmationView(undo, [waiting], state, NO_JUDGEMENT, new Map());
    expect(view.asked).toBeUndefined();
    expect(view.recommendedInstead).toBe(waiting.text);
  });

  // tworb: the undo of the first rollback (forward onto :43) read "✓ SAFE" alone beside "… or :42 is as bad (roll back further?)".
  it('an undo no advice asks for says what the advice says instead', () => {
    const goesOn: Recommendation = { kind: 'not-recovering', slo: 'availability', text: 'Rolled back to :42 10m ago, but the burn goes on (5m 24.2x →): look for another cause, or :42 is as bad (roll back further?)', evidence: [] };
    expect(confirmationView(undo, [goesOn], state, NO_JUDGEMENT, new Map()).recommendedInstead).toBe(goesOn.text);
  });
});

// A hostile plugin's plan: `args: { secret: 'AKIA…', nested: { password: 'hunter2hunter2' } }` showed the password in the
// dialog ("exactly" the calls), redacted on disk.
describe('confirmationView of a plan whose calls carry a secret', () => {
  it('shows the calls as they are recorded: a value under a key that names a secret redacted too', () => {
    const calls = [{ kind: 'api' as const, operation: 'Post', args: { secret: 'AKIAZ3MSJV4WWXYZ1234', nested: { password: 'hunter2hunter2' }, page: 'status' } }];
    const view = confirmationView({ ...undo, plan: { ...undo.plan, calls } }, [], state, NO_JUDGEMENT, new Map());
    expect(view.calls).toEqual([{ kind: 'api', operation: 'Post', args: { secret: '«redacted»', nested: { password: '«redacted»' }, page: 'status' } }]);
  });
});

// A hostile plugin's argv `\x1b[2J…ok\rOVERWRITE` read `okOVERWRITE` under "Plan, 3 calls, exactly:".
describe('confirmationView of a plan whose calls hold control characters', () => {
  it('shows them escaped, not dropped', () => {
    const calls = [{ kind: 'argv' as const, argv: ['echo', '\u001b[2Jclick', 'ok\rOVERWRITE', 'a\u202eb'] }];
    const view = confirmationView({ ...undo, plan: { ...undo.plan, calls } }, [], state, NO_JUDGEMENT, new Map());
    expect(view.calls).toEqual([{ kind: 'argv', argv: ['echo', '\\u001b[2Jclick', 'ok\\rOVERWRITE', 'a\\u202eb'] }]);
  });
});
