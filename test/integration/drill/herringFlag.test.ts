import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's drill: the bad build deployed 20m before, a flag flipped 10m before (a red herring),
 * no page yet. The advice named the build; once the kill switch was turned (the wrong change) the
 * evidence said `checkout_v2 changed 15m ago, 10m before the burn was seen (the change the burn began
 * with)`, and after the rollback that worked the advice credited the flag (`checkout_v2 set to off
 * 13m ago: the burn fell …`). The burn's start, estimated from its windows before anyone acted, stands.
 */
const FILE = 'test/fixtures/scenarios/herring-flag.yaml';
const advice = (view: CockpitView) => view.recommendations[0];

describe('a wrong kill switch, then the rollback, on a burn no trigger paged for yet', () => {
  let h: DrillHarness;
  const seen: Record<string, { text: string; evidence: readonly string[] } | undefined> = {};

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(60_000);
    seen.before = advice(h.drill.session.view());
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.until((v) => v.running.length === 0, 60_000);
    await h.pass(8 * 60_000);
    seen.afterFlag = advice(h.drill.session.view());
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => v.running.length === 0, 10 * 60_000);
    // Minute by minute while the burn falls: the 6h/30m rule's evidence took over from the 1h/5m's, and its 30m
    // window, not yet full of the burn before the first action, dated it at that action (a re-test saw the flag credited).
    for (let minute = 0; minute < 6; minute += 1) {
      await h.pass(60_000);
      falling.push(advice(h.drill.session.view()));
    }
    seen.afterRollback = advice(h.drill.session.view());
  }, 120_000);
  const falling: (typeof seen)[string][] = [];
  afterAll(() => h.cleanup());

  it('names the build before anyone acts', () => {
    expect(seen.before?.text).toMatch(/^Not paged yet: Rollback recommended: checkout-api:42 deployed 20m before the burn was seen/);
    // The flag flipped after the build, but after the burn had begun: not "older" (it read so).
    expect(seen.before?.evidence).toContainEqual(expect.stringMatching(/^the last flag change before the burn was seen, checkout_v2 \(1\dm ago\), came after the burn had begun \(\d+m ago, from its windows\)$/));
  });

  it('after the kill switch, still dates the burn before the flag and points back at the build', () => {
    expect(seen.afterFlag?.evidence.join('\n')).not.toMatch(/checkout_v2 changed[^\n]*the change the burn began with/);
    expect(seen.afterFlag?.text).toMatch(/Rollback recommended: checkout-api:42 deployed/);
    // And says the kill switch did not stop it (a re-test: the advice went back to the rollback, unsaid).
    expect(seen.afterFlag?.evidence[0]).toMatch(/^checkout_v2 set to off \d+m ago did not stop it$/);
  });

  it('while the burn falls after the rollback, credits it, never the flag', () => {
    for (const seenThen of falling) {
      expect(seenThen?.text).toMatch(/^Rolled back to :41/);
      expect(seenThen?.evidence.join('\n')).not.toMatch(/the change the burn began with/);
    }
  });

  it('credits the rollback, not the flag, with the fall', () => {
    expect(seen.afterRollback?.text).toMatch(/^Rolled back to :41 \d+m ago: the burn has stopped/);
    expect(seen.afterRollback?.evidence).toContainEqual(expect.stringMatching(/^availability stopped burning: 0\.\dx on 5m, \d+\.\dx on 1h: no trigger has fired/));
  });
});

// The same, the page coming after the kill switch: the trigger's first windows held the kill switch's
// effect too, and the burn was dated from the first change made on it.
describe('a wrong kill switch on a burn its trigger pages for only after it', () => {
  let h: DrillHarness;
  let afterPage: { text: string; evidence: readonly string[] } | undefined;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8').replace('error_ratio: 0.1\n', 'error_ratio: 0.15\n') });
    await h.pass(60_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.until((v) => v.running.length === 0, 60_000);
    await h.until((v) => (v.slos.data?.[0]?.firedTriggers.length ?? 0) > 0, 30 * 60_000);
    await h.pass(60_000);
    afterPage = advice(h.drill.session.view());
  }, 120_000);
  afterAll(() => h.cleanup());

  it('dates the burn before the flag, and points at the build', () => {
    expect(afterPage?.evidence.join('\n')).not.toMatch(/checkout_v2 changed[^\n]*the change the burn began with/);
    expect(afterPage?.text).toMatch(/Rollback recommended: checkout-api:42 deployed/);
  });
});
