import { describe, expect, it } from 'vitest';
import { decideMode, type ModeRequest } from '../../../src/core/incidentMode';

const resume = (logged: ModeRequest['logged'], asked: ModeRequest['asked'], extra: Partial<ModeRequest> = {}) =>
  decideMode({ logged, asked, sandbox: false, incidentId: 'inc-1', runbookPath: 'rb.yaml', ...extra });

describe('the mode a session runs an incident in', () => {
  it('is the logged one when resuming, whatever the command line asked', () => {
    expect(resume('drill-real', 'incident')).toEqual({ ok: true, mode: 'drill-real', providers: 'runbook' });
    expect(resume('drill-real', 'drill-real')).toEqual({ ok: true, mode: 'drill-real', providers: 'runbook' });
    expect(resume('incident', 'incident')).toEqual({ ok: true, mode: 'incident', providers: 'runbook' });
    expect(resume('drill-sandbox', 'drill-sandbox', { sandbox: true })).toEqual({ ok: true, mode: 'drill-sandbox', providers: 'runbook' });
  });

  it('never runs a sandbox drill outside a sandbox; watching it starts no provider', () => {
    expect(resume('drill-sandbox', 'incident')).toEqual({ ok: false, message: 'incident inc-1 is a sandbox drill; resume it with `cockpit drill rb.yaml --incident inc-1`, or watch it with `cockpit open rb.yaml --incident inc-1 --read-only`' });
    expect(resume('drill-sandbox', 'incident', { storeArgs: ['--store', 'postgres://bob@db/ic'] })).toEqual({
      ok: false,
      message: "incident inc-1 is a sandbox drill; resume it with `cockpit drill rb.yaml --incident inc-1 --store postgres://bob@db/ic`, or watch it with `cockpit open rb.yaml --incident inc-1 --read-only --store postgres://bob@db/ic`",
    });
    expect(resume('drill-sandbox', 'drill-real')).toMatchObject({ ok: false });
    expect(resume('drill-sandbox', 'incident', { readOnly: true })).toEqual({ ok: true, mode: 'drill-sandbox', providers: 'none' });
    expect(decideMode({ asked: 'drill-sandbox', sandbox: false, runbookPath: 'rb.yaml' })).toMatchObject({ ok: false });
  });

  it('never runs anything else inside a sandbox', () => {
    expect(resume('incident', 'drill-sandbox', { sandbox: true })).toEqual({
      ok: false,
      message: 'incident inc-1 is a real incident, not a sandbox drill; resume it with `cockpit open rb.yaml --incident inc-1`',
    });
    expect(decideMode({ asked: 'incident', sandbox: true, runbookPath: 'rb.yaml' })).toMatchObject({ ok: false });
  });

  it('refuses --drill on a real incident', () => {
    expect(resume('incident', 'drill-real')).toEqual({
      ok: false,
      message: 'incident inc-1 is a real incident, not a drill; resume it without --drill: `cockpit open rb.yaml --incident inc-1`',
    });
  });

  it('gives a new incident the mode asked for', () => {
    expect(decideMode({ asked: 'drill-real', sandbox: false, runbookPath: 'rb.yaml' })).toEqual({ ok: true, mode: 'drill-real', providers: 'runbook' });
    expect(decideMode({ asked: 'drill-sandbox', sandbox: true, runbookPath: 'rb.yaml' })).toEqual({ ok: true, mode: 'drill-sandbox', providers: 'runbook' });
  });
});
