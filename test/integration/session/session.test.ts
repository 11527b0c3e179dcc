import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { openHarness, START, type Harness } from '../../support/sessionHarness';
import { describeEvent } from '../../../src/core/describeEvent';
import { TestWorld } from '../../support/testWorld';

const MIN = 60_000;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const dataOf = (events: StoredEvent[], kind: string) => events.filter((e) => e.kind === kind).map((e) => e.data as Record<string, unknown>);


/** Errors of 8% since the test world's deploy an hour ago: each window holds its share of them. */
const SINCE_THE_DEPLOY = (_slo: string, windowMs: number) => 0.08 * Math.min(1, (60 * 60_000) / windowMs);

describe('IncidentSession against test providers and a real JSONL store', () => {
  it('opens the incident, polls every provider, and records what it observed', async () => {
    harness = await openHarness();
    const view = harness.session.view();
    expect(view.incident).toMatchObject({ service: 'checkout-api', owner: 'commerce-platform', severity: 'SEV2', status: 'open', responder: 'alice', drill: false });
    expect(view.deploys.status).toBe('ok');
    expect(view.deploys.data?.map((d) => [d.revision, d.current, d.rollbackTarget])).toEqual([
      ['checkout-api:42', true, false],
      ['checkout-api:41', false, true],
      ['checkout-api:40', false, false],
    ]);
    expect(view.flags.data?.map((f) => `${f.key}=${f.variant}`)).toEqual(['checkout_v2=on', 'express_pay=off']);
    expect(view.slos.data?.[0]?.windows.map((w) => w.burnRate)).toEqual([0.2, 0.2, 0.2, 0.2].map((b) => expect.closeTo(b, 6)));
    expect(view.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['confirm-impact:pending', 'disable-flag:pending', 'rollback:pending', 'page-db:pending', 'burn-normal:pending']);
    const events = await harness.events();
    expect(events[0]!.kind).toBe('incident.opened');
    expect(dataOf(events, 'deploy.observed').map((d) => d.revision)).toEqual(['checkout-api:40', 'checkout-api:41', 'checkout-api:42']);
    // Seen at open: observed, never logged as a change made during the incident.
    expect(dataOf(events, 'flag.observed').map((d) => `${String(d.key)}:${String(d.to)}`)).toEqual(['checkout_v2:on', 'express_pay:off']);
    expect(dataOf(events, 'flag.changed')).toEqual([]);
    // the short window, then each longer window's first answer once (what dates the impact's start in the postmortem)
    const slo = dataOf(events, 'slo.observed');
    expect(slo[0]).toEqual(expect.objectContaining({ slo: 'availability', windowMs: 5 * MIN, errorRatio: 0.001 }));
    expect(new Set(slo.map((d) => d.windowMs)).size).toBe(slo.length);
    expect(events.filter((e) => e.kind === 'slo.observed').every((e) => e.actor === 'cockpit')).toBe(true);
  });

  it('records every responder intent and shows it in the view', async () => {
    harness = await openHarness();
    const { session } = harness;
    expect(await session.dispatch({ type: 'role.assign', role: 'commander', person: 'alice' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'severity.change', to: 'SEV2' })).toEqual({ ok: false, reason: 'the severity is SEV2 already' });
    expect(await session.dispatch({ type: 'severity.change', to: 'SEV1', reason: 'checkout down in EU' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'note', text: '5xx since 01:54' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'note', text: '   ' })).toEqual({ ok: false, reason: 'a note needs text' });
    expect(await session.dispatch({ type: 'step.complete', step: 'confirm-impact' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'step.skip', step: 'page-db', reason: 'DBA already on it' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'step.skip', step: 'page-db', reason: 'again' })).toEqual({ ok: false, reason: 'step page-db is already skipped' });
    expect(await session.dispatch({ type: 'comms.sent', channel: '#incidents', message: 'investigating' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'incident.mitigated', summary: 'flag off' })).toEqual({ ok: true });
    expect(await session.dispatch({ type: 'incident.resolved' })).toEqual({ ok: true });
    const view = session.view();
    expect(view.incident).toMatchObject({ severity: 'SEV1', roles: { commander: 'alice' }, status: 'resolved' });
    expect(view.steps.find((s) => s.id === 'page-db')).toMatchObject({ status: 'skipped', skipReason: 'DBA already on it' });
    // Resolved: no step is next (the panel names those left undone).
    expect(view.nextStep).toBe(-1);
    const kinds = (await harness.kinds()).filter((k) => !k.endsWith('.observed'));
    expect(kinds).toEqual(['incident.opened', 'role.assigned', 'severity.changed', 'note', 'step.completed', 'step.skipped', 'comms.sent', 'incident.mitigated', 'incident.resolved']);
    const last = view.timeline.entries(view.timeline.length - 1, view.timeline.length)[0];
    expect(last).toMatchObject({ kind: 'incident.resolved', actor: 'alice' });
  });

  it('runs a step through plan → confirm → execute → verify, with the service name typed for a dangerous action on a live incident', async () => {
    harness = await openHarness();
    const { session, world } = harness;
    expect(await session.dispatch({ type: 'step.run', step: 'rollback' })).toEqual({ ok: true });
    const confirmation = (await session.until((v) => v.confirmation !== undefined, { timeoutMs: MIN })).confirmation!;
    expect(confirmation).toMatchObject({ name: 'deploys.rollback', summary: 'Roll back checkout-api:42 → checkout-api:41', typeToConfirm: 'checkout-api', typeReason: 'dangerous action on a live incident' });
    expect(confirmation.calls).toEqual([{ kind: 'api', operation: 'UpdateService', args: { taskDefinition: 'checkout-api:41' } }]);
    expect(await session.dispatch({ type: 'confirm', action: confirmation.action })).toEqual({ ok: false, reason: 'type `checkout-api` exactly to confirm' });
    expect(await session.dispatch({ type: 'confirm', action: confirmation.action, typed: 'checkout' })).toMatchObject({ ok: false });
    expect(world.calls).toEqual([]);
    expect(await session.dispatch({ type: 'confirm', action: confirmation.action, typed: 'checkout-api' })).toEqual({ ok: true });
    await session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: 5 * MIN });
    expect(world.calls).toEqual(['rollback:checkout-api:41', 'verify:checkout-api:41']);
    const events = await harness.events();
    const lifecycle = events.filter((e) => e.kind.startsWith('action.') || e.kind.startsWith('verify.') || (e.kind.startsWith('step.') && (e.data as { step?: string }).step === 'rollback'));
    expect(lifecycle.map((e) => e.kind)).toEqual(['step.started', 'action.planned', 'action.confirmed', 'action.started', 'action.succeeded', 'verify.passed', 'step.completed']);
    expect(dataOf(events, 'action.confirmed')[0]).toMatchObject({ typed: true });
    // the rollback's effect shows up: deploys are polled again at once
    await harness.advance(0);
    expect(session.view().deploys.data?.[0]).toMatchObject({ revision: 'checkout-api:41', current: true });
  });

  it('a blocked rollback cannot be confirmed without the override phrase, and the override is recorded', async () => {
    harness = await openHarness();
    harness.world.safety = { level: 'blocked', reasons: ['checkout-api:42 ran a contract migration'], phrase: 'override contract migration' };
    await harness.session.dispatch({ type: 'step.run', step: 'rollback' });
    const confirmation = (await harness.session.until((v) => v.confirmation !== undefined, { timeoutMs: MIN })).confirmation!;
    expect(confirmation).toMatchObject({ typeToConfirm: 'override contract migration', typeReason: 'blocked: checkout-api:42 ran a contract migration' });
    expect(await harness.session.dispatch({ type: 'confirm', action: confirmation.action, typed: 'checkout-api' })).toMatchObject({ ok: false });
    expect(harness.world.calls).toEqual([]);
    expect(await harness.session.dispatch({ type: 'confirm', action: confirmation.action, typed: 'override contract migration' })).toEqual({ ok: true });
    await harness.session.until((v) => v.steps.find((s) => s.id === 'rollback')?.status === 'done', { timeoutMs: MIN });
    expect(dataOf(await harness.events(), 'action.confirmed')).toEqual([expect.objectContaining({ typed: true, override: true })]);
  });

  it('the autopilot confirms what is safe and never overrides a safety block', async () => {
    harness = await openHarness({ autopilot: true, mode: 'drill-sandbox' });
    expect(await harness.session.runStep('disable-flag')).toBe('succeeded');
    harness.world.safety = { level: 'blocked', reasons: ['contract migration'], phrase: 'override' };
    expect(await harness.session.runStep('rollback')).toBe('cancelled');
    expect(harness.world.calls).toEqual(['set:checkout_v2=off']);
    expect(dataOf(await harness.events(), 'action.cancelled')).toEqual([{ action: 'act-2', reason: 'autopilot never overrides a safety block (blocked: contract migration)' }]);
  });

  it('a flag change the incident made is recorded with its author when the flag source names nobody', async () => {
    harness = await openHarness({ mode: 'drill-sandbox' });
    await harness.session.dispatch({ type: 'step.run', step: 'disable-flag' });
    const { action } = (await harness.session.until((v) => v.confirmation !== undefined, { timeoutMs: MIN })).confirmation!;
    await harness.session.dispatch({ type: 'confirm', action });
    await harness.session.until((v) => v.steps[1]!.status === 'done', { timeoutMs: MIN });
    await harness.advance(10_000);
    const changed = dataOf(await harness.events(), 'flag.changed');
    expect(changed).toEqual([expect.objectContaining({ key: 'checkout_v2', to: 'off', by: 'alice' })]);
  });

  // A real flagd file edited by hand while the incident was open kept the metadata of an earlier change (the cockpit's own
  // kill switch, 23m before): the timeline dated the flip before the cockpit's own look at the old value, by root.
  it('a flip whose provider metadata predates the look before it is dated by the look, and nobody is named', async () => {
    harness = await openHarness();
    await harness.advance(30_000);
    const stale = new Date(START - 23 * MIN).toISOString();
    harness.world.flags = harness.world.flags.map((f) => (f.key === 'checkout_v2' ? { ...f, defaultVariant: 'off', changedAt: stale, changedBy: 'root' } : f));
    await harness.advance(30_000);
    const changed = (await harness.events()).filter((e) => e.kind === 'flag.changed');
    expect(changed.map((e) => e.data)).toEqual([{ key: 'checkout_v2', from: 'on', to: 'off', state: 'ENABLED' }]);
    // The panel says so too: `changed 24m ago by root` stood beside the flip the cockpit had just seen.
    const row = harness.session.view().flags.data?.find((f) => f.key === 'checkout_v2');
    expect(row).not.toHaveProperty('changedBy', 'root');
    expect(row?.changedAgoMs).toBeLessThan(MIN);
  });

  it('refuses mutating actions in a drill on real providers unless the provider is a drill target', async () => {
    harness = await openHarness({ mode: 'drill-real' });
    expect(await harness.session.runStep('disable-flag')).toBe('refused');
    expect(harness.world.calls).toEqual([]);
    expect(dataOf(await harness.events(), 'action.cancelled')[0]!.reason).toMatch(/^refused: this is a drill on real providers and `flags` is not a drill target/);
    expect(await harness.session.runStep('page-db')).toBe('succeeded');
    expect(harness.world.calls).toEqual(['run:./scripts/db-health.sh --service checkout-api']);
  });

  it('declining a confirmation records it and leaves the step to run again', async () => {
    harness = await openHarness();
    await harness.session.dispatch({ type: 'step.run', step: 'disable-flag' });
    const { action } = (await harness.session.until((v) => v.confirmation !== undefined, { timeoutMs: MIN })).confirmation!;
    expect(await harness.session.dispatch({ type: 'cancel', action })).toEqual({ ok: true });
    await harness.session.until((v) => v.confirmation === undefined && v.steps[1]!.detail !== undefined, { timeoutMs: MIN });
    expect(harness.session.view().steps[1]).toMatchObject({ status: 'pending' });
    expect(dataOf(await harness.events(), 'action.cancelled')).toEqual([{ action, reason: 'declined by the responder' }]);
  });

  it('a verify step passes only after 10 minutes of good observations', async () => {
    harness = await openHarness();
    const { session } = harness;
    await session.dispatch({ type: 'step.run', step: 'burn-normal' });
    await harness.advance(9 * MIN);
    expect(session.view().steps.find((s) => s.id === 'burn-normal')).toMatchObject({ status: 'running', verify: expect.stringMatching(/^availability 5m burn 0\.20x < 1x, held 9m of 10m$/) });
    await harness.advance(MIN);
    expect(session.view().steps.find((s) => s.id === 'burn-normal')!.status).toBe('done');
    expect(dataOf(await harness.events(), 'verify.passed')).toEqual([{ step: 'burn-normal', summary: 'availability 5m burn under 1x for 10m (held 10m, now 0.20x)' }]);
    // The cockpit verified, not alice who started the check: one actor on screen and in the log (and so in every export).
    expect((await harness.events()).filter((e) => e.kind === 'verify.passed').map((e) => e.actor)).toEqual(['cockpit']);
    const timeline = session.view().timeline;
    const onScreen = timeline.entries(0, timeline.length).filter((e) => e.kind === 'verify.passed' || e.kind === 'step.started');
    expect(onScreen.map((e) => `${e.kind} ${e.actor}`)).toEqual(['step.started alice', 'verify.passed cockpit']);
  });

  it('records the 5m burn the moment it crosses 1x, not up to a minute later (a check counts its hold from that poll)', async () => {
    harness = await openHarness();
    const { session, world } = harness;
    world.ratio = () => 0.02;
    await harness.advance(MIN);
    const start = Date.parse(session.view().now);
    world.ratio = () => 0.001;
    await harness.advance(MIN / 2);
    const shortSamples = (await harness.events()).filter((e) => e.kind === 'slo.observed' && e.data.windowMs === 5 * MIN).map((e) => Date.parse(e.at) - start);
    // Recorded 30 s after the last one, where the once-a-minute cadence would have waited.
    expect(shortSamples.at(-1)).toBe(MIN / 2);
    await harness.advance(MIN / 2);
    const after = (await harness.events()).filter((e) => e.kind === 'slo.observed' && e.data.windowMs === 5 * MIN).map((e) => Date.parse(e.at) - start);
    // Still under 1x: back to the cadence, counted from the crossing.
    expect(after.at(-1)).toBe(MIN / 2);
  });

  it('a check run again after it failed says so on the log: a watcher and a resumed cockpit see it run, not the old failure', async () => {
    harness = await openHarness();
    const { session, world } = harness;
    world.ratio = () => 0.02;
    await session.dispatch({ type: 'step.run', step: 'burn-normal' });
    world.sloFailure = 'connection refused';
    await harness.advance(8 * MIN);
    expect(session.view().steps.find((s) => s.id === 'burn-normal')!.status).toBe('failed');
    world.sloFailure = undefined;
    await harness.advance(MIN);
    await session.dispatch({ type: 'step.run', step: 'burn-normal' });
    await harness.advance(MIN);
    expect(session.view().steps.find((s) => s.id === 'burn-normal')!.status).toBe('running');
    const kinds = (await harness.events()).filter((e) => e.kind === 'step.started' || e.kind === 'verify.failed').map((e) => e.kind);
    expect(kinds).toEqual(['step.started', 'verify.failed', 'step.started']);
    // The log alone (a watcher, a resume) no longer holds the failure as the step's verdict.
    const folded = fold(await harness.events());
    if (!folded.ok) throw new Error(folded.reason);
    expect(folded.state.steps.find((s) => s.id === 'burn-normal')).toMatchObject({ status: 'in-progress' });
    expect(folded.state.steps.find((s) => s.id === 'burn-normal')).not.toHaveProperty('check');
  });

  it('a verify step waits while burning and fails visibly when the data goes stale', async () => {
    harness = await openHarness();
    const { session, world } = harness;
    world.ratio = () => 0.02; // burn 4
    await session.dispatch({ type: 'step.run', step: 'burn-normal' });
    await harness.advance(5 * MIN);
    // The answer from the moment the check started was still 0.2x: the 4x after it is a reset.
    expect(session.view().steps.find((s) => s.id === 'burn-normal')).toMatchObject({ status: 'running', verify: 'availability 5m burn 4.00x ≥ 1x: waiting for it to fall (reset: burn went to 4.00x at 02:00)' });
    world.sloFailure = 'connection refused';
    await harness.advance(3 * MIN);
    const step = session.view().steps.find((s) => s.id === 'burn-normal')!;
    expect(step).toMatchObject({ status: 'failed', verify: expect.stringMatching(/^SLO data is \dm\d*s? old \(stale\): cannot verify$/) });
    expect(session.view().slos).toMatchObject({ status: 'error', error: 'connection refused' });
    expect(dataOf(await harness.events(), 'verify.failed')).toHaveLength(1);
  });

  it('fires triggers with a rollback recommendation (the deploy is the newest change before the burn), and clears them', async () => {
    harness = await openHarness();
    const { session, world } = harness;
    world.ratio = SINCE_THE_DEPLOY;
    await harness.advance(30_000);
    const fired = session.view();
    // One SLO, one recommendation, its fired trigger the evidence. The test world's deploys went
    // out an hour before the start (1h0m30s before the trigger: "1h", whole units) and its flags report no change time.
    expect(fired.recommendations).toHaveLength(1);
    expect(fired.recommendations[0]).toMatchObject({ kind: 'rollback', slo: 'availability', text: expect.stringMatching(/^Rollback recommended: checkout-api:42 deployed 1h before the trigger fired/) });
    expect(fired.recommendations[0]!.evidence).toEqual(expect.arrayContaining(['availability burning 16.0x on 1h and 16.0x on 5m (trigger > 14.4)']));
    expect(fired.slos.data?.[0]?.status).toBe('burning');
    expect(fired.slos.data?.[0]?.firedTriggers.map((t) => t.label)).toEqual(['14.4x on 1h+5m']);
    world.ratio = () => 0.001;
    await harness.advance(30_000);
    expect(session.view().recommendations).toEqual([]);
    expect(session.view().slos.data?.[0]?.status).toBe('ok');
    const events = await harness.events();
    expect(dataOf(events, 'trigger.fired').map((d) => d.trigger)).toHaveLength(1);
    expect(dataOf(events, 'trigger.cleared').map((d) => d.trigger)).toHaveLength(1);
    // And the readings it cleared on, which fall between the minute's recorded samples.
    expect(dataOf(events, 'trigger.cleared')[0]).toMatchObject({ threshold: 14.4, longBurn: expect.closeTo(16, 5), shortBurn: expect.closeTo(0.2, 5) });
    // The trigger keeps its windows as it fired: what the burn's start is estimated from.
    expect(dataOf(events, 'trigger.fired')[0]).toMatchObject({ longBurn: expect.closeTo(16, 5), shortBurn: expect.closeTo(16, 5) });
    // Judged quiet at the opening, it fired while the cockpit watched: a detection of its own.
    expect(dataOf(events, 'trigger.fired')[0]).not.toHaveProperty('atFirstLook');
  });

  it('a trigger firing the first time the cockpit reads its windows is recorded as fired before the cockpit looked', async () => {
    const world = new TestWorld();
    world.ratio = SINCE_THE_DEPLOY;
    harness = await openHarness({ world });
    await harness.advance(30_000);
    const [fired] = (await harness.events()).filter((e) => e.kind === 'trigger.fired');
    expect(fired?.data).toMatchObject({ trigger: 'availability:1h/5m>14.4', atFirstLook: true });
    // The postmortem read "Detected (first trigger fired) … 0s since opening" of a burn paged for long before.
    expect(describeEvent(fired!)).toBe("Trigger availability:1h/5m>14.4 fired: availability burning at 16.0x (already firing at the cockpit's first look)");
    // The panel says when it was seen, the recommendation likewise.
    expect(harness.session.view().slos.data?.[0]?.firedTriggers[0]?.seen).toBe(true);
    expect(harness.session.view().recommendations[0]?.text).toMatch(/before the trigger was seen firing/);
  });

  it('a burn whose 6h window is full of errors predates the hour-old deploy: no rollback of it is recommended', async () => {
    harness = await openHarness();
    harness.world.ratio = () => 0.08; // burn 16 on every window, 6h included
    await harness.advance(30_000);
    expect(harness.session.view().recommendations[0]).toMatchObject({ kind: 'no-explaining-change' });
  });

  it('marked mitigated while it still burns (a reason given), the recommendation stays; once nothing burns, it goes', async () => {
    // A responder marked order-worker mitigated at 16.2x: the rollback recommended vanished with the mark.
    harness = await openHarness();
    const { session, world } = harness;
    world.ratio = SINCE_THE_DEPLOY;
    await harness.advance(30_000);
    expect(await session.dispatch({ type: 'incident.mitigated', summary: 'queue drained', reason: 'consumers paused' })).toEqual({ ok: true });
    await harness.advance(30_000);
    expect(session.view().incident.status).toBe('mitigated');
    expect(session.view().recommendations[0]).toMatchObject({ kind: 'rollback', text: expect.stringMatching(/^Rollback recommended: checkout-api:42/) });
    world.ratio = () => 0.001;
    await harness.advance(30_000);
    expect(session.view().recommendations).toEqual([]);
  });

  it('reminds the responder to update the status page once the runbook says so', async () => {
    harness = await openHarness();
    await harness.advance(11 * MIN);
    expect(harness.session.view().reminders).toEqual(['Status update due in #incidents: open 11m, runbook asks after 10m']);
    expect(dataOf(await harness.events(), 'note').filter((n) => n.tag === 'reminder')).toHaveLength(1);
    await harness.session.dispatch({ type: 'comms.sent', channel: '#incidents', message: 'rolled back' });
    expect(harness.session.view().reminders).toEqual([]);
  });

  it('a provider that fails degrades its panel only', async () => {
    const world = new TestWorld();
    // Burning (16x on every window): the advice is read from the SLO.
    world.ratio = () => 0.08;
    harness = await openHarness({ world });
    await harness.advance(31_000);
    expect(harness.session.view().recommendations.length).toBeGreaterThan(0);
    harness.world.sloFailure = 'Prometheus unreachable';
    await harness.advance(31_000);
    const view = harness.session.view();
    expect(view.slos).toMatchObject({ status: 'error', error: 'Prometheus unreachable' });
    expect(view.slos.data).toBeDefined();
    expect(view.deploys.status).toBe('ok');
    expect(view.flags.status).toBe('ok');
    // The outage is on the timeline, and so is its end: the postmortem had no trace of either.
    await harness.advance(60_000);
    // The advice, from the last reading, says how old it is first (helper-139: "the burn has stopped" of a reading 3m old).
    const advice = harness.session.view().recommendations;
    expect(advice.length).toBeGreaterThan(0);
    for (const r of advice) expect(r.text).toMatch(/^SLO data 1m\d*s? old \(no answer since\): \S/);
    harness.world.sloFailure = undefined;
    await harness.advance(120_000);
    const notes = dataOf(await harness.events(), 'note').filter((n) => n.tag === 'provider').map((n) => n.text);
    expect(notes).toEqual([expect.stringMatching(/^The slo provider stopped answering \(no answer since \S+ UTC; failing since \S+ UTC, \d+ polls in a row\): Prometheus unreachable$/), expect.stringMatching(/^The slo provider answers again, after \d+m\S* without an answer$/)]);
  });

  // A cockpit whose Prometheus never answered was marked mitigated and resolved with one key each, nothing said.
  it('with no SLO reading at all, marking it mitigated takes a reason, and records no burn', async () => {
    const world = new TestWorld();
    world.sloFailure = 'Prometheus unreachable';
    harness = await openHarness({ world });
    await harness.advance(31_000);
    expect(harness.session.view().slos.data).toBeUndefined();
    expect(harness.session.view().incident.burnUnknown).toBe('the burn is not known: the SLO provider has given no reading');
    expect(await harness.session.dispatch({ type: 'incident.mitigated' })).toEqual({ ok: false, reason: 'the burn is not known: the SLO provider has given no reading: say why you mark it mitigated' });
    expect(await harness.session.dispatch({ type: 'incident.mitigated', reason: 'errors gone in the service logs' })).toEqual({ ok: true });
    expect(dataOf(await harness.events(), 'incident.mitigated')).toEqual([{ reason: 'errors gone in the service logs' }]);
  });

  // After Prometheus came back, the panel said "✖ ERROR" with a 5m burn 4 minutes old for 30s more: that window was still backing off.
  it('once the SLO provider answers again, every window still backing off is asked at once', async () => {
    harness = await openHarness();
    harness.world.sloFailure = 'Prometheus unreachable';
    await harness.advance(5 * MIN);
    harness.world.sloFailure = undefined;
    const sloTasks = () => [...harness!.session.viewInputs().observations].filter(([key]) => key.startsWith('slo:')).map(([, o]) => o);
    for (let waited = 0; waited < 2 * MIN && sloTasks().every((o) => o.failures > 0); waited += 1000) await harness.advance(1000);
    expect(sloTasks().some((o) => o.failures === 0)).toBe(true);
    await harness.advance(1000);
    expect(sloTasks().filter((o) => o.failures > 0)).toEqual([]);
  });

  // Quitting does not wait for the running action (10 virtual minutes of verification): were it
  // to, the virtual clock would never get there and the test would time out.
  /** A drill whose rollback is being verified (for 10 virtual minutes): its confirmation. */
  const verifyingRollback = async () => {
    const opened = await openHarness({ mode: 'drill-sandbox' });
    harness = opened;
    opened.world.rollbackVerifyMs = 10 * MIN;
    await opened.session.dispatch({ type: 'step.run', step: 'rollback' });
    const { confirmation } = await opened.session.until((v) => v.confirmation !== undefined, { timeoutMs: MIN });
    await opened.session.dispatch({ type: 'confirm', action: confirmation!.action });
    await opened.session.until((v) => v.running[0]?.phase === 'verifying', { timeoutMs: MIN });
    return { harness: opened, confirmation: confirmation! };
  };

  it('quits while an action is verified: the change goes on unwatched, and the log says the responder quit', { timeout: 60_000 }, async () => {
    const { harness, confirmation } = await verifyingRollback();
    expect(harness.session.view().running[0]).toMatchObject({ name: 'deploys.rollback', cancellable: true });
    await harness.session.dispatch({ type: 'quit' });
    const events = await harness.events();
    expect(events.slice(-2).map((e) => e.kind)).toEqual(['action.succeeded', 'action.unwatched']);
    expect(events.at(-1)!.data).toEqual({ action: confirmation!.action, reason: `the responder quit while ${confirmation!.action} (${confirmation!.summary}) was running` });
  });

  // A hostile play-test: `kill -TERM` and `kill -HUP` were recorded as "the responder quit", in the postmortem too.
  it('closed by a signal while an action is verified: the log says what stopped it', { timeout: 60_000 }, async () => {
    const { harness, confirmation } = await verifyingRollback();
    await harness.session.close('the cockpit was stopped by SIGTERM');
    const events = await harness.events();
    expect(events.at(-1)!.data).toEqual({ action: confirmation!.action, reason: `the cockpit was stopped by SIGTERM while ${confirmation!.action} (${confirmation!.summary}) was running` });
  });

  // A responder's drill: `q` sent with the confirming Enter quit with no question while the plan was checked again, and
  // the log said "refused: could not check that the plan is still true before running it: the ECS request was cancelled".
  it('is running from its confirmation on: quit while its plan is checked again records that nothing was changed', { timeout: 60_000 }, async () => {
    harness = await openHarness({ mode: 'drill-sandbox' });
    await harness.session.dispatch({ type: 'step.run', step: 'rollback' });
    const { confirmation } = await harness.session.until((v) => v.confirmation !== undefined, { timeoutMs: MIN });
    harness.world.replanHangs = true;
    await harness.session.dispatch({ type: 'confirm', action: confirmation!.action });
    const { running } = await harness.session.until((v) => v.running.length > 0, { timeoutMs: MIN });
    expect(running).toEqual([expect.objectContaining({ action: confirmation!.action, phase: 'executing' })]);
    await harness.session.dispatch({ type: 'quit' });
    const events = await harness.events();
    expect(events.at(-1)).toMatchObject({ kind: 'action.cancelled', data: { action: confirmation!.action, reason: `the responder quit before ${confirmation!.action} (${confirmation!.summary}) was made: nothing was changed` } });
    expect(events.some((e) => e.kind === 'action.started')).toBe(false);
    expect(harness.world.calls.filter((c) => c.startsWith('rollback:'))).toEqual([]);
  });

  // The grace for work in flight is a real timer; a recovery check cannot reach a verdict once the
  // pollers stop, so quitting does not wait it out (with the timer faked and never run, close
  // resolves only if nothing waits for it).
  it('quits during a recovery check without waiting for the grace: the watch ends as the work stops', { timeout: 30_000 }, async () => {
    harness = await openHarness();
    const { session, world } = harness;
    world.ratio = () => 0.02;
    await session.dispatch({ type: 'step.run', step: 'burn-normal' });
    await harness.advance(MIN);
    expect(session.view().steps.find((s) => s.id === 'burn-normal')!.status).toBe('running');
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      await session.dispatch({ type: 'quit' });
    } finally {
      vi.useRealTimers();
    }
    expect((await harness.events()).map((e) => e.kind)).not.toContain('verify.passed');
  });

  it('a wait on the view (`until`) ends when the session closes, and one started after it closed ends at once', async () => {
    harness = await openHarness();
    const waiting = expect(harness.session.until(() => false, { timeoutMs: 60 * MIN })).rejects.toThrow('the session closed before the condition was reached');
    await harness.session.dispatch({ type: 'quit' });
    await waiting;
    await expect(harness.session.until(() => false, { timeoutMs: MIN })).rejects.toThrow('the session closed');
    // A condition that already holds still answers.
    await expect(harness.session.until(() => true, { timeoutMs: MIN })).resolves.toBeDefined();
  });

  it('runStep has the guards of dispatch: a step already done is skipped, nothing runs once the session closes', async () => {
    harness = await openHarness();
    expect(await harness.session.runStep('confirm-impact')).toBe('succeeded');
    expect(await harness.session.runStep('confirm-impact')).toBe('skipped');
    await expect(harness.session.runStep('no-such-step')).rejects.toThrow('no step no-such-step');
    await harness.session.dispatch({ type: 'quit' });
    expect(await harness.session.runStep('page-db')).toBe('refused');
    expect(harness.world.calls).toEqual([]);
  });

  it('step.cancel stops watching a step\'s verification; `cancel` is for actions only', async () => {
    harness = await openHarness();
    const verdict = harness.session.runStep('burn-normal');
    await harness.session.settled();
    expect(await harness.session.dispatch({ type: 'cancel', action: 'burn-normal' })).toEqual({ ok: false, reason: 'nothing to cancel for burn-normal' });
    expect(await harness.session.dispatch({ type: 'step.cancel', step: 'burn-normal' })).toEqual({ ok: true });
    expect(await verdict).toBe('failed');
    expect(await harness.session.dispatch({ type: 'step.cancel', step: 'burn-normal' })).toEqual({ ok: false, reason: 'step burn-normal is not being verified' });
  });
});

describe('walking runbooks/checkout-api.yaml end to end against test providers', () => {
  it('puts every step, action and verification on the timeline', async () => {
    harness = await openHarness({ autopilot: true, mode: 'drill-sandbox' });
    const { session } = harness;
    harness.world.ratio = () => 0.08;
    await harness.advance(30_000);
    expect(session.view().recommendations).toHaveLength(1);
    for (const step of ['confirm-impact', 'disable-flag', 'rollback', 'page-db']) expect(await session.runStep(step)).toBe('succeeded');
    harness.world.ratio = () => 0.0005;
    const verify = session.runStep('burn-normal');
    await harness.advance(11 * MIN);
    expect(await verify).toBe('passed');
    await session.dispatch({ type: 'incident.mitigated' });
    await session.dispatch({ type: 'incident.resolved' });
    await session.settled();

    expect(session.view().steps.every((s) => s.status === 'done')).toBe(true);
    expect(harness.world.calls).toEqual(['set:checkout_v2=off', 'rollback:checkout-api:41', 'verify:checkout-api:41', 'run:./scripts/db-health.sh --service checkout-api']);
    const events = await harness.events();
    const perStep = (step: string) => events.filter((e) => (e.data as { step?: string }).step === step).map((e) => e.kind);
    expect(perStep('confirm-impact')).toEqual(['step.completed']);
    for (const step of ['disable-flag', 'rollback']) {
      expect(perStep(step)).toEqual(['step.started', 'action.planned', 'verify.passed', 'step.completed']);
    }
    expect(perStep('page-db')).toEqual(['step.started', 'action.planned', 'verify.passed', 'step.completed']);
    expect(perStep('burn-normal')).toEqual(['step.started', 'verify.passed', 'step.completed']);
    const lifecycle = (action: string) => events.filter((e) => (e.data as { action?: string }).action === action).map((e) => e.kind);
    expect(lifecycle('act-1')).toEqual(['action.planned', 'action.confirmed', 'action.started', 'action.succeeded', 'verify.passed']);
    expect(lifecycle('act-2')).toEqual(['action.planned', 'action.confirmed', 'action.started', 'action.succeeded', 'verify.passed']);
    // a read-only diagnostic is confirmed too in a sandbox drill (its command runs on this machine), and its output is on the timeline
    expect(lifecycle('act-3')).toEqual(['action.planned', 'action.confirmed', 'action.started', 'action.output', 'action.succeeded', 'verify.passed']);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['trigger.fired', 'trigger.cleared', 'incident.mitigated', 'incident.resolved']));
  });
});
