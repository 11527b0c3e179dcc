import { describe, expect, it } from 'vitest';
import { actionGate, type GateInput } from '../../../src/core/confirmPolicy';

const base: GateInput = {
  verdict: { level: 'ok', reasons: [] },
  mutating: true,
  dangerous: false,
  stepConfirm: false,
  mode: 'incident',
  providerKey: 'flags',
  drillTarget: false,
  service: 'checkout-api',
  runsCommand: false,
};

describe('actionGate', () => {
  it('asks a plain confirmation for a mutating action and none for a read-only one', () => {
    expect(actionGate(base)).toEqual({ kind: 'confirm' });
    expect(actionGate({ ...base, mutating: false })).toEqual({ kind: 'none' });
    expect(actionGate({ ...base, mutating: false, stepConfirm: true })).toEqual({ kind: 'confirm' });
  });

  it('makes the responder type the service name for a dangerous action on a live incident only', () => {
    expect(actionGate({ ...base, dangerous: true })).toEqual({ kind: 'typed', phrase: 'checkout-api', reason: 'dangerous action on a live incident', override: false });
    expect(actionGate({ ...base, dangerous: true, mode: 'drill-sandbox' })).toEqual({ kind: 'confirm' });
  });

  it('asks for the service name for a version jump, in drills too, and the override phrase for a blocked action', () => {
    expect(actionGate({ ...base, mode: 'drill-sandbox', verdict: { level: 'typed', reasons: ['jumps 3 revisions'] } })).toEqual({
      kind: 'typed',
      phrase: 'checkout-api',
      reason: 'jumps 3 revisions',
      override: false,
    });
    expect(actionGate({ ...base, verdict: { level: 'blocked', reasons: ['contract migration in :42'], phrase: 'override :42' } })).toEqual({
      kind: 'typed',
      phrase: 'override :42',
      reason: 'blocked: contract migration in :42',
      override: true,
    });
  });

  it('says only what blocks as the reason to type the override, never the checks that passed', () => {
    const verdict = { level: 'blocked' as const, reasons: ['one revision back: svc:42 → svc:41', 'svc:42 ran a contract migration'], because: ['svc:42 ran a contract migration'], phrase: 'override migration svc:42' };
    expect(actionGate({ ...base, verdict })).toMatchObject({ kind: 'typed', reason: 'blocked: svc:42 ran a contract migration', override: true });
    const jump = { level: 'typed' as const, reasons: ['svc:40 is 2 revisions behind svc:42', 'svc:41 ran an expand_only migration, which svc:40 tolerates'], because: ['svc:40 is 2 revisions behind svc:42'] };
    expect(actionGate({ ...base, verdict: jump })).toMatchObject({ kind: 'typed', reason: 'svc:40 is 2 revisions behind svc:42' });
  });

  it('a blocked undo says, beside its whole reason, what the block does not (for a dialog that lists the block above the phrase)', () => {
    const verdict = { level: 'blocked' as const, reasons: ['svc:42 is known bad: rolled back to svc:41 (act-1)'], because: ['svc:42 is known bad: rolled back to svc:41 (act-1)'], phrase: 'roll forward to known-bad svc:42' };
    const repeat = { phrase: 'undo act-1', reason: 'the burn stopped after act-1: undoing it may bring the burn back' };
    expect(actionGate({ ...base, verdict, repeat })).toEqual({
      kind: 'typed',
      phrase: 'roll forward to known-bad svc:42',
      reason: 'blocked: svc:42 is known bad: rolled back to svc:41 (act-1); the burn stopped after act-1: undoing it may bring the burn back',
      override: true,
      beyondBlock: 'the burn stopped after act-1: undoing it may bring the burn back',
    });
    expect(actionGate({ ...base, verdict })).not.toHaveProperty('beyondBlock');
  });

  it('asks before a command runs in a sandbox drill, read-only or not: only the providers are sandboxed', () => {
    const check = { ...base, mutating: false, runsCommand: true };
    expect(actionGate({ ...check, mode: 'drill-sandbox' })).toEqual({ kind: 'confirm' });
    expect(actionGate(check)).toEqual({ kind: 'none' });
    expect(actionGate({ ...check, mode: 'drill-real' })).toEqual({ kind: 'none' });
    expect(actionGate({ ...base, mutating: false, mode: 'drill-sandbox' })).toEqual({ kind: 'none' });
  });

  it('refuses what the provider cannot do, and mutating actions on non-targets in a drill on real providers', () => {
    expect(actionGate({ ...base, verdict: { level: 'unsupported', reasons: ['CODE_DEPLOY controller'] } })).toEqual({ kind: 'refused', reason: 'CODE_DEPLOY controller' });
    expect(actionGate({ ...base, mode: 'drill-real' })).toMatchObject({ kind: 'refused', reason: expect.stringContaining('`flags` is not a drill target') });
    expect(actionGate({ ...base, mode: 'drill-real', drillTarget: true })).toEqual({ kind: 'confirm' });
    expect(actionGate({ ...base, mode: 'drill-real', mutating: false })).toEqual({ kind: 'none' });
  });
});
