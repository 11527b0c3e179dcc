import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed, confirmedUntilVerifying, declined } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf } from '../../support/postmortemHarness';

/**
 * Undo (`U` on a step): the cockpit said "that change made it worse …; undo it: set checkout_v2
 * back" and "undo it: deploy :42 again", and had no way to do either: Enter on the kill switch
 * again planned `defaultVariant off → off`. The undo is the plugin's reverse action, planned
 * afresh, confirmed, and recorded as a change of its own that names what it undoes.
 */

const stepOf = (view: CockpitView, id: string) => view.steps.find((s) => s.id === id)!;

const flagOf = (view: CockpitView, key: string) => view.flags.data?.find((f) => f.key === key);

describe('undoing the kill switch that made it worse', () => {
  const FILE = 'test/fixtures/scenarios/stacked-causes.yaml';
  let h: DrillHarness;
  let asked: NonNullable<CockpitView['confirmation']>;
  let worse: CockpitView;
  let undone: CockpitView;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(90_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.pass(8 * 60_000);
    worse = h.drill.session.view();
    asked = await confirmed(h, { type: 'action.undo', action: stepOf(worse, 'disable-flag').undo!.action });
    undone = h.drill.session.view();
    await h.pass(6 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is offered on the step once the flag is set, in words, and asked like any change', () => {
    expect(worse.recommendations[0]?.text).toMatch(/that change made it worse.*undo it: set checkout_v2 back$/);
    expect(stepOf(worse, 'disable-flag').undo).toEqual({ action: 'act-1', summary: 'set checkout_v2 back to on' });
    // The advice names the step whose U does it.
    expect(worse.recommendations[0]?.undoStep).toBe(2);
    expect(asked.name).toBe('flags.set');
    expect(asked.undoes).toEqual({ action: 'act-1', step: 'disable-flag' });
    expect(asked.summary).toMatch(/^Undo act-1: Set checkout_v2 to on in \/\S+\/flags\.flagd\.json$/);
    expect(asked.calls).toEqual([expect.objectContaining({ change: 'checkout_v2: defaultVariant off → on' })]);
    expect(asked.typeToConfirm).toBeUndefined();
    // The undo the advice asks for is no "Not the recommended change": it says it is the one asked for.
    expect(asked.recommendedInstead).toBeUndefined();
    expect(asked.asked).toBe(worse.recommendations[0]?.text);
  });

  // The flag was back, the step read undone, and the advice still said "undo it: set checkout_v2 back"
  // until the next poll; then "waiting for the burn to fall" passed the rollback over as not needed.
  it('the moment it is made, the advice and the runbook are as before the change', () => {
    expect(undone.recommendations.map((r) => r.text).join('\n')).not.toMatch(/undo it|set back|waiting for the burn/);
    expect(undone.recommendations[0]?.text).toMatch(/Rollback recommended: checkout-api:42/);
    expect(stepOf(undone, 'disable-flag')).toMatchObject({ status: 'pending', undone: 'act-2' });
    // Not pointed at (it was the change undone), nor passed over as "not needed unless the burn goes on".
    expect(undone.steps[undone.nextStep]?.id).not.toBe('disable-flag');
    expect(undone.passedOver.why).not.toBe('not needed unless the burn goes on');
  });

  it('puts the flag back, and the step says it was undone', () => {
    const view = h.drill.session.view();
    expect(flagOf(view, 'checkout_v2')?.variant).toBe('on');
    expect(stepOf(view, 'disable-flag')).toMatchObject({ status: 'pending', undone: 'act-2' });
    expect(view.incident.openEnds?.steps).toContain('2. Turn off checkout_v2 (undone by act-2)');
    expect(stepOf(view, 'disable-flag').undo).toBeUndefined();
    // The advice to undo it is gone with the change.
    expect(view.recommendations.map((r) => r.text).join('\n')).not.toMatch(/undo it/);
    // What is left is the build's part: its rollback, the other half of the way out.
    expect(view.recommendations[0]?.text).toMatch(/^Not paged yet: Rollback recommended: checkout-api:42 deployed 6m before the burn was seen; target :41/);
  });

  it('records the undo as a change of its own that names what it undoes', async () => {
    const events = await h.events();
    const planned = events.filter((e) => e.kind === 'action.planned');
    expect(planned.map((e) => [e.data.action, e.data.name, e.data.step, e.data.undoes])).toEqual([
      ['act-1', 'flags.set', 'disable-flag', undefined],
      ['act-2', 'flags.set', undefined, 'act-1'],
    ]);
    expect(events.some((e) => e.kind === 'action.succeeded' && e.data.action === 'act-2')).toBe(true);
  });

  it('the postmortem says which change took which back', async () => {
    const { md } = await exportsOf(h);
    expect(md).toMatch(/### 1\. Set checkout_v2 to off in \S+ — `flags\.set` \(succeeded; the burn rose after it \(5m 1\d\.\dx → 3\d\.\dx\)\)\n\n- Step: disable-flag\n- \*\*Undone\*\* by act-2 at 2026-11-22 02:\d\d:\d\d UTC\n/);
    expect(md).toMatch(/### 2\. Undo act-1: Set checkout_v2 to on in \S+ — `flags\.set` \(succeeded\)\n\n- Undoes: act-1, the responder's change taken back\n/);
  });

  it('is refused a second time', async () => {
    expect(await h.drill.session.dispatch({ type: 'action.undo', action: 'act-1' })).toEqual({ ok: false, reason: 'act-1 was undone already (act-2)' });
  });

  // Redoing the kill switch the screen had said made it worse showed "✓ Its safety checks pass".
  it('running the step again says it puts back the change that was undone, and what the burn did after it', async () => {
    const { session } = h.drill;
    expect(await session.dispatch({ type: 'step.run', step: 'disable-flag' })).toEqual({ ok: true });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const again = session.view().confirmation!;
    expect(again.redoes).toMatch(/^act-1 made this change, and act-2 undid it: the burn rose after it \(5m 1\d\.\dx → 3\d\.\dx\); running it again puts it back$/);
    await session.dispatch({ type: 'cancel', action: again.action });
  });
});

describe('undoing a rollback to a build that was worse', () => {
  const FILE = 'test/fixtures/scenarios/rollback-worse.yaml';
  let h: DrillHarness;
  let asked: NonNullable<CockpitView['confirmation']>;
  let worse: CockpitView;
  let undoing: CockpitView;
  let whileRolling: unknown;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(60_000);
    const { session } = h.drill;
    await confirmedUntilVerifying(h, { type: 'step.run', step: 'rollback' });
    whileRolling = await session.dispatch({ type: 'action.undo', action: 'act-1' });
    await h.until((v) => v.running.length === 0, 10 * 60_000);
    await h.pass(6 * 60_000);
    worse = h.drill.session.view();
    void session.dispatch({ type: 'action.undo', action: stepOf(worse, 'rollback').undo!.action });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    asked = session.view().confirmation!;
    await session.dispatch({ type: 'confirm', action: asked.action, typed: asked.typeToConfirm });
    await h.until((v) => v.running.some((r) => r.phase === 'verifying'), 60_000);
    undoing = session.view();
    await h.until((v) => v.running.length === 0, 10 * 60_000);
    await h.pass(6 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  // It read "↺ undone by act-2" at 1/6 tasks, the old build still serving.
  it('while the undo rolls out, the step says it is being undone', () => {
    expect(stepOf(undoing, 'rollback')).toMatchObject({ status: 'running', detail: 'being undone by act-2' });
  });

  it('is refused while the rollback is still being verified (it would be planned over a deployment in flight)', () => {
    expect(whileRolling).toEqual({ ok: false, reason: 'act-1 is still being verified: undo it once its check ends' });
  });

  it('deploys the revision rolled back from again, typed on purpose', () => {
    expect(stepOf(worse, 'rollback').undo).toEqual({ action: 'act-1', summary: 'deploy checkout-api:42 again' });
    expect(worse.recommendations[0]?.undoStep).toBe(3);
    // The revision it would deploy again is kept on screen, as the rollback target is.
    expect(worse.deploys.data?.filter((row) => row.undoTarget).map((row) => row.revision)).toEqual(['checkout-api:42']);
    expect(worse.recommendations[0]?.text).toMatch(/that change made it worse, the likely cause of the rise; undo it: deploy :42 again$/);
    // A newer build: a roll forward, never "Roll back … to :42" nor "one revision back".
    expect(asked.summary).toBe('Undo act-1: Roll checkout-api forward from checkout-api:41 to checkout-api:42 (deploy the target task definition)');
    expect(JSON.stringify(asked)).not.toContain('revision back');
    expect(JSON.stringify(asked)).toContain('forward to a newer build than checkout-api:41');
    // Back onto a build known bad: typed on purpose, though it is the undo the advice asks for (and not warned against).
    expect(asked.typeToConfirm).toBe('roll forward to known-bad checkout-api:42');
    expect(asked.recommendedInstead).toBeUndefined();
    expect(asked.asked).toBe(worse.recommendations[0]?.text);
    // Known bad for what the incident knew besides the rollback undone (it said "rolled back to :41 (act-1)", the change undone).
    expect(asked.typeReason).toMatch(/^blocked: checkout-api:42 is known bad: running when the first trigger fired/);
  });

  // It read "Wrong action forced through a safety block: deploys.rollback (act-2) — :41 is rejected by the processor".
  it('the drill report does not judge the undo as the scenario\'s wrong rollback, and says it went through the block', async () => {
    const report = await h.drill.score();
    expect(report.riskyOrWrong.map((j) => j.action)).toEqual(['act-1']);
    expect(report.overrides).toEqual([]);
    expect(report.findings).toContain('act-2 undid act-1, typed through its safety block (not scored).');
  });

  it('runs it again, and the step says it was undone', () => {
    const view = h.drill.session.view();
    expect(view.deploys.data?.[0]?.revision).toBe('checkout-api:42');
    expect(stepOf(view, 'rollback')).toMatchObject({ undone: 'act-2' });
    // The advice is as before the rollback: the burn began before :42 (:41 broke at 01:30), nothing explains it.
    expect(view.recommendations[0]?.text).toMatch(/^No recent change explains the burn: no deploy or flag change in the 2h before the burn began \(by 01:3\dZ, from its windows\)/);
  });

  // The burn went on after the undo, as it did before the rollback: that is no sign to roll forward to the build it undid.
  it('leaves nothing saying to roll forward, once the burn has gone on after the undo', async () => {
    await h.pass(20 * 60_000);
    const changes = h.drill.session.view().incident.openEnds?.changes ?? [];
    expect(changes.join('\n')).not.toMatch(/roll forward|likely not the cause/);
  });

  // "act-1 made this change, and act-2 undid it …; running it again puts it back" over a plan to :40, never tried.
  it('running the rollback step again goes further back: no word of putting back what was undone', async () => {
    const { session } = h.drill;
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const again = session.view().confirmation!;
    expect(again.summary).toMatch(/to checkout-api:40/);
    expect(again.redoes).toBeUndefined();
    await session.dispatch({ type: 'cancel', action: again.action });
  });
});

// A responder quit while the rollback to a worse build was verified, resumed, and undid it: the step
// still read `◌ NOT WATCHED`, and Enter "checked" the rollback, recording as its failure "another
// deployment replaced the rollback" (the undo) — the drill report said it "did not take". And with the
// rollout still going, the undo planned an ECS StopServiceDeployment ROLLBACK: the abort the
// stop-watching dialog says is never offered.
describe('undoing a rollback nobody watched any more', () => {
  const FILE = 'test/fixtures/scenarios/rollback-worse.yaml';
  let h: DrillHarness;
  let unwatched: unknown;
  let undone: CockpitView;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(60_000);
    const { session } = h.drill;
    await confirmedUntilVerifying(h, { type: 'step.run', step: 'rollback' });
    await session.dispatch({ type: 'cancel', action: 'act-1' });
    await h.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'unwatched', 60_000);
    unwatched = await session.dispatch({ type: 'action.undo', action: 'act-1' });
    // Enter checks it again; once checked, U undoes it.
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await h.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', 10 * 60_000);
    await h.pass(6 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    undone = session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is refused while not checked: Enter checks it first', () => {
    expect(unwatched).toEqual({ ok: false, reason: 'act-1 is not checked yet (its watch was stopped): Enter on its step checks it, then U undoes it' });
  });

  it('reads undone once undone', () => {
    expect(stepOf(undone, 'rollback')).toMatchObject({ status: 'pending', undone: 'act-2' });
  });

  it('Enter plans the step anew: the undone rollback is not checked again, nor failed', async () => {
    const { session } = h.drill;
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    expect(session.view().confirmation?.action).toBe('act-3');
    await session.dispatch({ type: 'cancel', action: 'act-3' });
    expect(h.drill.session.view().steps.find((s) => s.id === 'rollback')?.status).not.toBe('failed');
    const act1 = (await h.events()).filter((e) => e.kind === 'verify.failed' && e.data.action === 'act-1');
    expect(act1).toEqual([]);
  });
});

// mild (a responder's drill): the rollback to :41 stopped the burn, and `U` on it offered putting
// the bad :42 back as "✓ SAFE", nothing to type and no word against it.
describe('undoing a rollback the burn stopped after', () => {
  const FILE = 'test/fixtures/scenarios/mild.yaml';
  let h: DrillHarness;
  let asked: NonNullable<CockpitView['confirmation']>;
  let undone: CockpitView;
  let again: NonNullable<CockpitView['confirmation']>;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(9 * 60_000);
    asked = await declined(h, { type: 'action.undo', action: 'act-1' });
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.pass(6 * 60_000);
    undone = h.drill.session.view();
    again = await declined(h, { type: 'step.run', step: 'rollback' });
  }, 120_000);
  afterAll(() => h.cleanup());

  it('asks for the known-bad phrase: the burn blamed the build it would put back', () => {
    expect(asked.typeToConfirm).toBe('roll forward to known-bad checkout-api:42');
    expect(asked.typeReason).toMatch(/^blocked: checkout-api:42 is known bad: rolled back to checkout-api:41 by tester \(act-1\) at \d\d:\d\dZ; the burn stopped after act-1: undoing it may bring the burn back$/);
    // And says it is not what the advice asks for: the burn has stopped.
    expect(asked.recommendedInstead).toMatch(/^Rolled back to :41 \d+m ago: the burn has stopped/);
  });

  // Typed through, the undo left :41 marked `⊗ :41 bad — rolled back to checkout-api:42 by tester (act-2)`, and the
  // next rollback passed over the build that had worked to :40.
  it('typed through, leaves the build that worked the rollback target again, not known bad', () => {
    expect(undone.deploys.data?.find((row) => row.revision === 'checkout-api:41' && row.knownBad !== undefined)).toBeUndefined();
    expect(again.summary).toMatch(/to checkout-api:41\b/);
    expect(again.typeToConfirm ?? '').not.toMatch(/known-bad/);
  });

  // Quit after an undo like this one, the report listed the manual steps not done and left out the rollback the undo
  // took back, which the postmortem listed as `3. Roll back … (undone by act-3)` (act-2: the undo declined first).
  it('the drill report lists the step whose change was undone, as the postmortem does', async () => {
    const { findings } = await h.drill.score();
    expect(findings.filter((line) => line.startsWith('Step not done: 3.'))).toEqual(['Step not done: 3. Roll back to the previous task definition (undone by act-3)']);
  });
});

// irreversible-migration (a responder's drill): the kill switch stopped the burn, and its undo —
// turning back on the flag the burn began with — passed with one Enter.
describe('undoing a kill switch the burn stopped after', () => {
  let h: DrillHarness;
  let asked: NonNullable<CockpitView['confirmation']>;

  beforeAll(async () => {
    h = await openDrill('irreversible-migration');
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    asked = await declined(h, { type: 'action.undo', action: 'act-1' });
  }, 120_000);
  afterAll(() => h.cleanup());

  it('asks for the undo typed, saying the burn stopped after the change', () => {
    expect(asked.typeToConfirm).toBe('undo act-1');
    expect(asked.typeReason).toBe('the burn stopped after act-1: undoing it may bring the burn back; type undo act-1 to make it');
  });

  // A responder's drill: the kill switch run again after its undo read "act-1 made this change, and act-3 undid it;
  // running it again puts it back", nothing of the burn having stopped after it.
  it('typed through, running the step again says the burn stopped after the change it puts back', async () => {
    await h.pass(2 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    const again = await declined(h, { type: 'step.run', step: 'disable-flag' });
    expect(again.redoes).toMatch(/^act-1 made this change, and act-\d undid it: the burn stopped after it; running it again puts it back$/);
    // The postmortem read `- Safety: ok` alone beside it.
    const { md } = await exportsOf(h);
    const undo = md.slice(md.indexOf('Undo act-1'));
    expect(undo).toMatch(/\n- Safety: ok[^\n]*\n(- [^\n]*\n)*- \*\*Confirmed by typing a phrase\*\*, asked because: the burn stopped after act-1: undoing it may bring the burn back; type undo act-1 to make it\n/);
  });
});

// A responder's drill (bad-flag): the kill switch, then the rollback a minute later; the burn stopped. The kill
// switch's undo passed with one Enter ("✓ Its safety checks pass") and the burn came back; the postmortem credited
// the rollback alone.
describe('undoing a kill switch made together with a rollback the burn stopped after', () => {
  let h: DrillHarness;
  let asked: NonNullable<CockpitView['confirmation']>;

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    advice = h.drill.session.view().recommendations[0]?.text;
    asked = await declined(h, { type: 'action.undo', action: 'act-1' });
  }, 120_000);
  afterAll(() => h.cleanup());
  let advice: string | undefined;

  // The advice named the newest change alone: `checkout_v2 set to off … ago: the burn has stopped`.
  it('the advice names both changes the burn stopped after', () => {
    expect(advice).toMatch(/^.+ \d+m ago, with .+ \d+m ago \(made together: the SLO cannot tell which\): the burn has stopped/);
    expect(advice).toMatch(/^checkout_v2 set to off \d+m ago, with the rollback to :41 \d+m ago \(made together/);
  });

  it('asks for the undo typed, naming both changes', () => {
    expect(asked.typeToConfirm).toBe('undo act-1');
    expect(asked.typeReason).toBe('the burn stopped after act-1 and act-2, made together (the SLO cannot tell which): undoing it may bring the burn back; type undo act-1 to make it');
  });

  it('the postmortem credits both with the stop', async () => {
    const { md } = await exportsOf(h);
    expect(md).toMatch(/### 1\. .* — `flags\.set` \(succeeded; the burn stopped after it and act-2, made together: the SLO cannot tell which\)/);
    expect(md).toMatch(/### 2\. .* — `deploys\.rollback` \(succeeded; the burn stopped after it and act-1, made together: the SLO cannot tell which\)/);
  });
});

// A responder's drill (bad-deploy): the rollback worked, the page cleared, and 15 minutes later its undo, typed
// through, put :42 back. The burn came back at 16x with no advice for 13 minutes (the 1h window had drained under
// the page), no `↩` target, and the postmortem said "Whether checkout-api:41 was a cause is not known".
describe('undoing a rollback that worked, after its page cleared', () => {
  let h: DrillHarness;
  let back: CockpitView;
  let rising: CockpitView;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(14 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.pass(3 * 60_000);
    back = h.drill.session.view();
    await h.pass(3 * 60_000);
    rising = h.drill.session.view();
    // Rolled back again (act-3) once the burn had gone on under :42 for a window: the burn stops.
    await h.pass(7 * 60_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.pass(10 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('advises the rollback again, ahead of a page, and points at its target', () => {
    expect(back.recommendations[0]?.text).toMatch(/^Not paged again yet: Rollback recommended: checkout-api:42 deployed \dm before the burn came back; target :41/);
    expect(back.deploys.data?.filter((row) => row.rollbackTarget).map((row) => row.revision)).toEqual(['checkout-api:41']);
    // Once the 5m window is over the 1h: its evidence said "availability recovering: 10.1x on 1h and 16.1x on 5m" under "▲ BURNING".
    expect(rising.recommendations[0]?.evidence).toContainEqual(expect.stringMatching(/^availability burning \(its trigger cleared\): \d+\.\dx on 1h and \d+\.\dx on 5m/));
  });

  it('the postmortem passes no verdict on the build the undo left', async () => {
    const { md } = await exportsOf(h);
    expect(md).not.toMatch(/Whether checkout-api:41 was a cause/);
    expect(md).toMatch(/### 2\. Undo act-1: .* \(succeeded; the burn had stopped, and came back after it\)/);
  });
});
