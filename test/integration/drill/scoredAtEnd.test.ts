import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index';
import { drillController, startDrill } from '../../../src/cli/drillRunner';
import { useSandboxAwsCredentials } from '../../../src/sandbox/awsSandboxCredentials';
import { builtinScenario } from '../../../src/sandbox/scenarioBuiltins';
import { CHECKOUT_RUNBOOK, loadCheckout, quietLog } from '../../support/sessionHarness';
import { ScaledClock } from '../../../src/sandbox/drillClock';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/** Issue #15: the score is recorded once, when the drill ends, from the final state. */

const MIN = 60_000;
let harness: DrillHarness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe('the drill screen scores once, at quit', () => {
  it('resolving early records no score; what happens after it counts; quit records exactly one', async () => {
    // The autopilot policy answers the rollback's confirmation; the quit and resolve go through the screen's controller.
    harness = await openDrill('bad-deploy', { autopilot: true });
    const controller = drillController(harness.drill);
    // Resolved while still burning (with reasons): the old screen scored here, a 10-ish/100 for good.
    expect(await controller.dispatch({ type: 'incident.mitigated', reason: 'rolling back now' })).toEqual({ ok: true });
    expect(await controller.dispatch({ type: 'incident.resolved', reason: 'early' })).toEqual({ ok: true });
    await harness.until((v) => v.incident.status === 'resolved');
    expect((await harness.events()).filter((e) => e.kind === 'drill.scored')).toEqual([]);

    expect(await controller.dispatch({ type: 'incident.reopen', reason: 'still burning' })).toEqual({ ok: true });
    expect(await harness.runStep('rollback')).toBe('succeeded');
    expect(await harness.runStep('burn-normal')).toBe('passed');
    await controller.dispatch({ type: 'quit' });
    const scored = (await harness.events()).filter((e) => e.kind === 'drill.scored');
    expect(scored).toHaveLength(1);
    const details = scored[0]!.data as unknown as { score: number; details: { verdict: string; recoveryChecksPassed: boolean } };
    expect(details.details).toMatchObject({ verdict: 'recovered', recoveryChecksPassed: true });
    expect(details.score).toBeGreaterThanOrEqual(70);
  }, 120_000);
});

describe('a drill quit while its rollback is being checked', () => {
  it('records the check left unwatched first: the score is the last event, from the final state', async () => {
    harness = await openDrill('bad-deploy', { autopilot: true });
    const controller = drillController(harness.drill);
    const rollback = harness.drill.session.runStep('rollback');
    await harness.until((v) => v.running[0]?.phase === 'verifying');
    await controller.dispatch({ type: 'quit' });
    await rollback;
    const kinds = (await harness.events()).map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['action.unwatched', 'drill.scored']);
  }, 60_000);
});

describe('a drill quit before it was on screen', () => {
  it('is not scored: its quit closes it with no drill.scored', async () => {
    harness = await openDrill('bad-deploy', { autopilot: true });
    await drillController(harness.drill, () => false).dispatch({ type: 'quit' });
    const kinds = (await harness.events()).map((e) => e.kind);
    expect(kinds).not.toContain('drill.scored');
    expect(kinds[0]).toBe('incident.opened');
  }, 60_000);
});

describe('a held drill clock', () => {
  it('stands at the scenario start until begin(), and its sleepers wait for it', async () => {
    const start = Date.parse('2026-11-22T02:30:00Z');
    const clock = new ScaledClock(start, 1000, true);
    let woke = false;
    const sleeping = clock.sleep(5 * MIN, new AbortController().signal).then(() => {
      woke = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(clock.now().getTime()).toBe(start);
    expect(woke).toBe(false);
    clock.begin();
    await sleeping;
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(start + 5 * MIN);
  });

  it('a held sleeper can be aborted', async () => {
    const clock = new ScaledClock(0, 1, true);
    const stop = new AbortController();
    const sleeping = clock.sleep(MIN, stop.signal);
    stop.abort(new Error('closed'));
    await expect(sleeping).rejects.toThrow('closed');
  });
});

describe('an interactive drill\'s clock', () => {
  it('holds at the scenario start through start-up, and runs from begin() (the first frame)', async () => {
    useSandboxAwsCredentials();
    const scenario = builtinScenario('bad-deploy');
    if (!scenario?.ok) throw new Error('bad-deploy');
    const dataDir = await mkdtemp(join(tmpdir(), 'cockpit-held-clock-'));
    const started = await startDrill({
      runbook: await loadCheckout(),
      runbookPath: CHECKOUT_RUNBOOK,
      plugins: builtinPlugins,
      scenario: scenario.loaded.scenario,
      speed: { kind: 'scaled', factor: 600 },
      holdClock: true,
      autopilot: false,
      dataDir,
      responder: 'tester',
      log: quietLog,
    });
    if (!started.ok) throw new Error(started.message);
    const { drill } = started;
    try {
      const start = scenario.loaded.scenario.start;
      // Start-up took real time; at 600x even 100 ms would be a minute of drill time. None passed.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(Date.parse(drill.session.view().now)).toBe(start);
      drill.begin();
      await drill.session.until((view) => Date.parse(view.now) > start, { timeoutMs: 10 * MIN });
      expect(Date.parse(drill.session.view().now)).toBeGreaterThan(start);
    } finally {
      await drill.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
