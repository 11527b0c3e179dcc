import { afterEach, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import type { NewEvent } from '../../../src/core/events';
import { DISPLAY_WINDOWS_MS } from '../../../src/core/burnRate';
import { buildView, sloTaskKey, type ViewInputs } from '../../../src/session/buildView';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { chainOf, OPENED } from '../../unit/core/chainOf';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

/** The view a cockpit builds from `events` alone (nothing running, no live verdicts), with `overrides` of its inputs. */
async function viewFromLog(events: readonly NewEvent[], overrides: (inputs: ViewInputs) => Partial<ViewInputs> = () => ({})) {
  harness = await openHarness();
  const folded = fold(chainOf([OPENED, ...events]));
  if (!folded.ok) throw new Error(folded.reason);
  const inputs = harness.session.viewInputs();
  return (more: Partial<ViewInputs> = {}) =>
    buildView({ ...inputs, state: folded.state, running: [], verifying: new Map(), verifyFailures: new Map(), interrupted: new Set(), ...overrides(inputs), ...more });
}

/**
 * A responder resumed a drill whose rollback an Argo Rollout had aborted: the step read `✖ FAILED`
 * with the AnalysisRun's reason before quitting, and `○ to do` after (the live failures are not
 * replayed). What the log recorded, the step shows.
 */
/** A rollback an Argo Rollout aborted: the call succeeded, its check failed. */
const abortedRollback: NewEvent[] = [
  { kind: 'step.started', data: { step: 'rollback' } },
  { kind: 'action.planned', data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
  { kind: 'action.started', data: { action: 'act-1' } },
  { kind: 'action.succeeded', data: { action: 'act-1', summary: 'Rolled back to the template of svc:41 (now revision 43)' } },
  { kind: 'verify.failed', data: { action: 'act-1', step: 'rollback', summary: 'AnalysisRun svc-43 Failed (RolloutAborted)' } },
];

it('a step whose action\'s check failed stays failed, with why, when the view is built from the log alone', async () => {
  const view = await viewFromLog(abortedRollback);
  expect(view().steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'failed', detail: 'AnalysisRun svc-43 Failed (RolloutAborted)' });
});

it('a step whose forced rollback failed its check stays failed when a second attempt is declined (it read `○ to do`)', async () => {
  const view = await viewFromLog([
    ...abortedRollback,
    { kind: 'action.planned', data: { action: 'act-2', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:40' } } },
    { kind: 'action.cancelled', data: { action: 'act-2', reason: 'declined at confirmation' } },
  ]);
  expect(view().steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'failed', detail: 'AnalysisRun svc-43 Failed (RolloutAborted) (last attempt not run: declined at confirmation)' });
});

it('a recovery check that failed stays failed, with why, when the view is built from the log alone (it read `○ to do … started`)', async () => {
  const view = await viewFromLog([
    { kind: 'step.started', data: { step: 'burn-normal' } },
    { kind: 'verify.failed', data: { step: 'burn-normal', summary: 'no SLO data for 3m: availability did not answer' } },
  ]);
  expect(view().steps.find((step) => step.id === 'burn-normal')).toMatchObject({ status: 'failed', detail: 'no SLO data for 3m: availability did not answer' });
});

/**
 * A responder's bad-flag drill: the rollback :42 → :41 did not stop the burn (the flag was the
 * cause), and the deploys panel went on saying `⊗ :42 bad` to the end.
 */
it('a revision rolled back from, whose rollback the burn outlived, is not called bad; one whose rollback stopped it is', async () => {
  const start = Date.parse('2026-11-22T02:31:07.000Z');
  const deploy = (n: number, current: boolean) => ({ id: `d-${n}`, revision: `svc:${n}`, artifacts: [`img:${n}`], status: 'successful' as const, labels: {}, current });
  const view = await viewFromLog(
    [
      { kind: 'action.planned', at: new Date(start + 60_000).toISOString(), data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
      { kind: 'action.started', at: new Date(start + 60_000).toISOString(), data: { action: 'act-1' } },
      { kind: 'action.succeeded', at: new Date(start + 120_000).toISOString(), data: { action: 'act-1', summary: 'Rolled back' } },
      { kind: 'verify.passed', at: new Date(start + 120_000).toISOString(), data: { action: 'act-1', summary: 'svc runs svc:41' } },
    ],
    (inputs) => ({
      now: new Date(start + 900_000),
      observations: new Map(inputs.observations).set('deploys', { key: 'deploys', value: [deploy(41, true), deploy(42, false), deploy(40, false)], observedAt: new Date(start + 900_000), failures: 0 }),
      sources: { ...inputs.sources, deploys: { key: 'deploys', plugin: 'ecs', intervalMs: 30_000 } },
      rollbackPreview: { status: 'planned', step: 'rollback', current: 'svc:41', target: 'svc:40', verdict: { level: 'ok', reasons: [] }, at: start + 800_000 },
    }),
  );
  const samples = (burn: number) => Array.from({ length: 12 }, (_, i) => ({ at: start + 120_000 + (i + 1) * 60_000, burn }));
  const row = (burn: number) => view({ burnHistory: new Map([['availability', samples(burn)]]) }).deploys.data?.find((r) => r.revision === 'svc:42');
  expect(row(16)).toMatchObject({ knownBad: expect.stringContaining('rolled back to svc:41'), burnOutlivedRollback: true });
  expect(row(0.4)).not.toHaveProperty('burnOutlivedRollback');
  expect(row(0.4)).not.toHaveProperty('causeShowsBy');
  // Two minutes after the rollback the burn cannot tell yet: the rollback is said, not a verdict.
  const early = (burn: number) => view({ now: new Date(start + 240_000), burnHistory: new Map([['availability', samples(burn).slice(0, 2)]]) }).deploys.data?.find((r) => r.revision === 'svc:42');
  expect(early(16)).toMatchObject({ knownBad: expect.stringContaining('rolled back to svc:41'), causeShowsBy: 'by 02:39Z' });
  expect(early(16)).not.toHaveProperty('burnOutlivedRollback');
  // No further rollback is pointed at once the burn went on after one (`↩ again :40` pointed further back),
  // nor after it worked: the advice is no rollback (`↩ again :40` read as an invitation to roll back further).
  const target = (burn: number) => view({ burnHistory: new Map([['availability', samples(burn)]]) }).deploys.data?.find((r) => r.rollbackTarget)?.revision;
  expect([target(16), target(0.4)]).toEqual([undefined, undefined]);
  // Resolving says the older build still runs, and why that may be wrong: nothing asked to roll forward.
  const ends = (burn: number) => view({ burnHistory: new Map([['availability', samples(burn)]]) }).incident.openEnds?.changes;
  expect(ends(16)).toEqual([expect.stringMatching(/^svc:41 still runs: rolled back from svc:42 at 02:32 UTC .*: either svc:42 is not the cause \(roll forward\?\) or svc:41 is as bad \(roll back further\?\)$/)]);
  // No burn to judge it by (no trigger fired): the older build still runs all the same (it had been left out).
  expect(ends(0.4)).toEqual(['svc:41 still runs: rolled back from svc:42 at 02:32 UTC (deploys.rollback act-1 by alice)']);
  // The burn rose after it (16x before, 60x after): :42 is not called bad, no further target is pointed at, and resolving says the rollback made it worse.
  const rising = view({ burnHistory: new Map([['availability', [{ at: start - 60_000, burn: 16 }, { at: start, burn: 16 }, ...samples(60)]]]) });
  expect(rising.deploys.data?.find((r) => r.revision === 'svc:42')).toMatchObject({ knownBad: expect.stringContaining('rolled back to svc:41'), burnRoseAfterRollback: true });
  expect(rising.deploys.data?.find((r) => r.revision === 'svc:42')).not.toHaveProperty('causeShowsBy');
  expect(rising.deploys.data?.find((r) => r.rollbackTarget)).toBeUndefined();
  expect(rising.incident.openEnds?.changes).toEqual([expect.stringMatching(/^svc:41 still runs: rolled back from svc:42 at 02:32 UTC .*the burn rose after it: the rollback made it worse \(undo it: deploy svc:42 again\)$/)]);
});

/**
 * moto (a history from DescribeServices alone): once :41's rollout drained :42's deployment, the
 * panel showed `● current :41` alone; the bad build and its mark were gone for the rest of the incident.
 */
it('a revision rolled back from that the provider no longer lists stays on the panel, as last seen, said so', async () => {
  const start = Date.parse('2026-11-22T02:31:07.000Z');
  const deploy = (n: number, current: boolean, startedAt: string) => ({ id: `d-${n}`, revision: `svc:${n}`, artifacts: [`img:${n}`], status: 'successful' as const, labels: {}, current, startedAt });
  const view = await viewFromLog(
    [
      { kind: 'deploy.observed', at: new Date(start).toISOString(), data: { id: 'd-42', revision: 'svc:42', status: 'successful', startedAt: '2026-11-22T01:30:00.000Z', actor: 'dave', current: true } },
      { kind: 'action.planned', at: new Date(start + 60_000).toISOString(), data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
      { kind: 'action.started', at: new Date(start + 60_000).toISOString(), data: { action: 'act-1' } },
      { kind: 'action.succeeded', at: new Date(start + 120_000).toISOString(), data: { action: 'act-1', summary: 'Rolled back' } },
    ],
    (inputs) => ({
      now: new Date(start + 180_000),
      observations: new Map(inputs.observations).set('deploys', { key: 'deploys', value: [deploy(41, true, '2026-11-22T02:32:07.000Z'), deploy(40, false, '2026-11-20T02:00:00.000Z')], observedAt: new Date(start + 180_000), failures: 0 }),
      sources: { ...inputs.sources, deploys: { key: 'deploys', plugin: 'ecs', intervalMs: 30_000 } },
    }),
  );
  const rows = view().deploys.data ?? [];
  expect(rows.map((r) => r.revision)).toEqual(['svc:41', 'svc:42', 'svc:40']);
  expect(rows[1]).toMatchObject({ status: 'successful', artifact: 'no longer listed', actor: 'dave', knownBad: expect.stringContaining('rolled back to svc:41'), current: false });
});

/** The payments flag file has no change stamp: a kill switch read `changed 1m ago`, without who. */
it('a flag a responder set, whose provider does not say who changed it, is said to be theirs', async () => {
  const at = new Date('2026-11-22T02:33:07.000Z');
  const view = await viewFromLog(
    [
      { kind: 'action.planned', data: { action: 'act-1', name: 'flags.set', summary: 'Set checkout_v2 to off', calls: [], facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' } } },
      { kind: 'action.started', actor: 'alice', data: { action: 'act-1' } },
      { kind: 'action.succeeded', data: { action: 'act-1', summary: 'set' } },
      { kind: 'flag.changed', data: { key: 'checkout_v2', from: 'on', to: 'off', state: 'ENABLED' } },
    ],
    (inputs) => ({ now: at, sources: { ...inputs.sources, flags: { key: 'flags', plugin: 'flagd', intervalMs: 30_000 } } }),
  );
  const flag = (variant: string) => ({ key: 'checkout_v2', state: 'ENABLED' as const, variants: ['on', 'off'], defaultVariant: variant });
  const rowFor = (variant: string) =>
    view({ observations: new Map([['flags', { key: 'flags', value: [flag(variant)], observedAt: at, failures: 0 }]]) }).flags.data?.find((row) => row.key === 'checkout_v2');
  expect(rowFor('off')).toMatchObject({ changedBy: 'alice' });
  // Turned back on by someone else since: not alice's any more.
  expect(rowFor('on')).not.toHaveProperty('changedBy');
});

/** Prometheus down at resolve: the dialog said `availability is burning 31.8x on 5m` as if it were now. */
it('a burn read from SLO data gone stale says how old it is', async () => {
  const view = await viewFromLog([]);
  const inputs = harness!.session.viewInputs();
  const now = inputs.now.getTime();
  const observedAt = new Date(now - 4 * 60_000);
  const observations = new Map(inputs.observations);
  for (const windowMs of DISPLAY_WINDOWS_MS) observations.set(sloTaskKey('availability', windowMs), { key: sloTaskKey('availability', windowMs), value: 0.08, observedAt, failures: 0 });
  expect(view({ observations }).incident.burning).toMatch(/^availability is burning \d+\.\dx on 5m \(as last read, 4m ago\)$/);
  const fresh = new Map([...observations].map(([key, o]) => [key, key.startsWith('slo:') ? { ...o, observedAt: inputs.now } : o]));
  expect(view({ observations: fresh }).incident.burning).toMatch(/^availability is burning \d+\.\dx on 5m$/);
});

/** bob watched alice re-run a rollback whose first check had failed: his step kept `✖ FAILED` with the old words. */
it("a watcher sees a step whose new attempt succeeded and is being verified as being verified in the writer's cockpit, not as the old failure", async () => {
  const view = await viewFromLog([
    ...abortedRollback,
    { kind: 'action.planned', data: { action: 'act-2', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:40' } } },
    { kind: 'action.started', data: { action: 'act-2' } },
    { kind: 'action.succeeded', data: { action: 'act-2', summary: 'Rolled back to svc:40' } },
  ]);
  expect(view({ readOnly: true }).steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'running', detail: "being verified in alice's cockpit" });
});

/** bob's step read `○ to do … started` while alice's confirmation dialog was open: one look behind her. */
it("a watcher sees a planned action as awaiting confirmation in the writer's cockpit; the writer sees its own dialog", async () => {
  const view = await viewFromLog([
    { kind: 'step.started', data: { step: 'rollback' } },
    { kind: 'action.planned', data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back svc from svc:42 to svc:41', calls: [] } },
  ]);
  expect(view({ readOnly: true }).steps.find((step) => step.id === 'rollback')).toMatchObject({
    status: 'awaiting',
    detail: "in alice's cockpit: Roll back svc from svc:42 to svc:41",
  });
  // A teammate on a shared store (bob) sees alice's plan; alice's own step is as before.
  const present = [{ responder: 'alice', readOnly: false, since: '2026-11-22T02:31:00.000Z' }] as unknown as ViewInputs['present'];
  expect(view({ present, responder: 'bob' }).steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'awaiting', detail: "in alice's cockpit: Roll back svc from svc:42 to svc:41" });
  expect(view({ present, responder: 'alice' }).steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'pending', detail: 'started' });
});

/** bob's watch read `○ 4. Burn under 1x for 10m to do` while alice's cockpit said `held 5m30s of 10m`. */
it("a watcher sees a recovery check started and not yet decided as being checked in the writer's cockpit", async () => {
  const view = await viewFromLog([{ kind: 'step.started', data: { step: 'burn-normal' } }]);
  expect(view({ readOnly: true }).steps.find((step) => step.id === 'burn-normal')).toMatchObject({ status: 'running', detail: "being checked in the writer's cockpit" });
  // The writer's own screen goes by its own watch, not by this guess.
  expect(view().steps.find((step) => step.id === 'burn-normal')?.status).toBe('pending');
});

it('a recovery check marked done by hand is done, and says it was overridden, with why', async () => {
  const view = await viewFromLog([
    { kind: 'step.started', data: { step: 'burn-normal' } },
    { kind: 'step.completed', data: { step: 'burn-normal', override: true, reason: 'checked by hand in Grafana' } },
  ]);
  expect(view().steps.find((step) => step.id === 'burn-normal')).toMatchObject({ status: 'done', overridden: 'checked by hand in Grafana' });
});

// A team drill on the shared store: bob ran the rollback step a second time (to :40) while alice and carol watched; his
// screen read `⟳ … RUNNING` and `VERIFYING … 1/6 tasks`, theirs `✓ 3. Roll back … done` for as long as it rolled out.
it('a done step run again in the writer\'s cockpit reads running there on a watch, not done', async () => {
  const verified: NewEvent = { kind: 'verify.passed', data: { action: 'act-1', step: 'rollback', summary: 'svc runs svc:41' } };
  const done: NewEvent = { kind: 'step.completed', data: { step: 'rollback' } };
  const again: NewEvent[] = [
    { kind: 'action.planned', data: { action: 'act-2', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:41', targetRevision: 'svc:40' } } },
    { kind: 'action.started', data: { action: 'act-2' } },
  ];
  const first = abortedRollback.filter((e) => e.kind !== 'verify.failed');
  const view = await viewFromLog([...first, verified, done, ...again], () => ({ readOnly: true }));
  expect(view().steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'running', detail: "running in alice's cockpit" });
  // Its call returned, its check not over: being verified there.
  const returned = await viewFromLog([...first, verified, done, ...again, { kind: 'action.succeeded', data: { action: 'act-2', summary: 'Started a deployment' } }], () => ({ readOnly: true }));
  expect(returned().steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'running', detail: "being verified in alice's cockpit" });
  // Checked: done again.
  const checked = await viewFromLog([...first, verified, done, ...again, { kind: 'action.succeeded', data: { action: 'act-2', summary: 'Started a deployment' } }, { kind: 'verify.passed', data: { action: 'act-2', step: 'rollback', summary: 'svc runs svc:40' } }], () => ({ readOnly: true }));
  expect(checked().steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'done' });
});

// A team drill: alice's cockpit, driving it, was killed mid-rollback; 88s later bob's and carol's watches still read
// `⟳ 3. Roll back … RUNNING` under a frozen clock, and nothing said the drill had nobody driving it.
it("a watch of a drill whose driver is gone says so, and the step that driver ran is interrupted, not running", async () => {
  const running: NewEvent[] = [
    { kind: 'step.started', data: { step: 'rollback' } },
    { kind: 'action.planned', data: { action: 'act-1', name: 'deploys.rollback', step: 'rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'svc:42', targetRevision: 'svc:41' } } },
    { kind: 'action.started', data: { action: 'act-1' } },
    { kind: 'action.succeeded', data: { action: 'act-1', summary: 'Started a deployment' } },
  ];
  const alice = { responder: 'alice', readOnly: false, since: '2026-11-22T02:31:00.000Z', self: false };
  const carol = { responder: 'carol', readOnly: true, since: '2026-11-22T02:32:00.000Z', self: false };
  const view = await viewFromLog(running, () => ({ readOnly: true, watchOnly: true, runbookPath: 'runbooks/checkout-api.yaml' }));
  const driven = view({ present: [alice, carol], presenceKnown: true });
  expect(driven.steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'running', detail: "being verified in alice's cockpit" });
  expect(driven.notices.join('\n')).not.toContain('nobody drives');
  const left = view({ present: [carol], presenceKnown: true });
  expect(left.steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'interrupted', detail: "alice's cockpit stopped while it verified it: its outcome is not known until a cockpit resumes the incident" });
  expect(left.notices[0]).toBe(`nobody drives this drill now: its cockpit stopped or quit, and its world with it; \`cockpit drill runbooks/checkout-api.yaml --incident ${left.incident.id}\` (with this --store) resumes it`);
  // Before the presence board has answered, nobody present says nothing.
  const early = view({ present: [], presenceKnown: false });
  expect(early.steps.find((step) => step.id === 'rollback')?.status).toBe('running');
  expect(early.notices.join('\n')).not.toContain('nobody drives');
});

// A team drill: alice undid the second rollback (act-2) and quit at `0/6 tasks`; the timeline said the undo went unwatched,
// yet every screen read `↺ 3. Roll back … undone by act-2`, a finished undo.
it('a step whose undo was not checked says so beside `undone by`', async () => {
  const rolled: NewEvent[] = [
    ...abortedRollback.filter((e) => e.kind !== 'verify.failed'),
    { kind: 'verify.passed', data: { action: 'act-1', step: 'rollback', summary: 'svc runs svc:41' } },
    { kind: 'step.completed', data: { step: 'rollback' } },
    { kind: 'action.planned', data: { action: 'act-2', name: 'deploys.rollback', undoes: 'act-1', summary: 'Undo act-1', calls: [], facts: { currentRevision: 'svc:41', targetRevision: 'svc:42' } } },
    { kind: 'action.started', data: { action: 'act-2' } },
    { kind: 'action.succeeded', data: { action: 'act-2', summary: 'Started a deployment' } },
  ];
  const quit: NewEvent = { kind: 'action.unwatched', data: { action: 'act-2', reason: 'the responder quit while act-2 was running' } };
  const view = await viewFromLog([...rolled, quit]);
  expect(view().steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'pending', undone: 'act-2', detail: expect.stringMatching(/^act-2's rollout not checked \(Enter checks it\): /) });
  const checked = await viewFromLog([...rolled, { kind: 'verify.passed', data: { action: 'act-2', summary: 'svc runs svc:42' } }]);
  expect(checked().steps.find((step) => step.id === 'rollback')).toMatchObject({ status: 'pending', undone: 'act-2' });
  expect(checked().steps.find((step) => step.id === 'rollback')?.detail).toBeUndefined();
});

// A real rig (moto): the build the previous incident rolled back from, deployed again and burning, read `● current :4 …
// dave` with nothing said until it was no longer current.
it("the current build the previous incident rolled back from is marked bad, with why; the current build otherwise is not", async () => {
  const deploy = (n: number, current: boolean) => ({ id: `d-${n}`, revision: `svc:${n}`, artifacts: [`img:${n}`], status: 'successful' as const, labels: {}, current });
  const opened = (previous: boolean) => {
    const folded = fold(chainOf([{ ...OPENED, data: { ...OPENED.data, ...(previous ? { previousIncident: { id: 'inc-A', resolvedAt: '2026-11-22T00:40:00.000Z', rolledBackFrom: ['svc:42'] } } : {}) } } as NewEvent, { kind: 'trigger.fired', at: '2026-11-22T01:05:00.000Z', data: { trigger: 't', slo: 'availability', burnRate: 15 } }]));
    if (!folded.ok) throw new Error(folded.reason);
    return folded.state;
  };
  const rowOf = async (previous: boolean) => {
    const view = await viewFromLog([], (inputs) => ({
      state: opened(previous),
      observations: new Map(inputs.observations).set('deploys', { key: 'deploys', value: [deploy(42, true), deploy(41, false)], observedAt: new Date('2026-11-22T01:06:00.000Z'), failures: 0 }),
    }));
    return view().deploys.data?.find((r) => r.revision === 'svc:42');
  };
  expect(await rowOf(true)).toMatchObject({ current: true, knownBad: 'rolled back by inc-A, the previous incident' });
  await harness?.cleanup();
  expect(await rowOf(false)).not.toHaveProperty('knownBad');
});
