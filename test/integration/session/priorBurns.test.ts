import { afterEach, expect, it } from 'vitest';
import { SHORT_WINDOW_MS } from '../../../src/core/burnRate';
import { openHarness, START, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const MIN = 60_000;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

/**
 * A cockpit opened on a burn that began half an hour ago drew its last hour as `···········█`:
 * Prometheus had the burn, the sparkline had only its own first look. The hour before it is asked
 * once, after the first look, for the sparkline alone.
 */
it('the sparkline shows the hour before the first look, as the SLO provider answers for it; checks and recommendations keep to what was observed', async () => {
  const world = new TestWorld();
  const asked: number[] = [];
  world.ratio = (_slo, windowMs, at) => {
    if (windowMs === SHORT_WINDOW_MS) asked.push(at.getTime());
    return at.getTime() > START - 30 * MIN ? 0.08 : 0.001;
  };
  harness = await openHarness({ world });
  const view = await harness.session.until((v) => (v.slos.data?.[0]?.sparkline.filter((bar) => bar !== null).length ?? 0) >= 11, { timeoutMs: 60_000 });
  const bars = view.slos.data![0]!.sparkline;
  // 5m a bar: the first half hour at 0.2x, the second at 16x (the newest bar holds the first look too).
  expect(bars.slice(1, 6).map((bar) => bar?.toFixed(1))).toEqual(['0.2', '0.2', '0.2', '0.2', '0.2']);
  expect(bars.slice(7).map((bar) => bar?.toFixed(1))).toEqual(['16.0', '16.0', '16.0', '16.0', '16.0']);
  // Asked once each, 5m apart, back to 55m before the first look.
  const before = asked.filter((at) => at < START).sort((a, b) => a - b);
  expect(before).toEqual(Array.from({ length: 11 }, (_, i) => START - 55 * MIN + i * 5 * MIN));
  // Only the cockpit's own observations are the burn history a recovery check or a recommendation reads.
  expect(harness.session.viewInputs().burnHistory.get('availability')?.every((sample) => sample.at >= START)).toBe(true);
});

it('a provider that cannot answer for the past leaves those bars unsampled, and the panel as it was', async () => {
  const world = new TestWorld();
  world.ratio = (_slo, _windowMs, at) => {
    if (at.getTime() < START) throw new Error('no such data');
    return 0.08;
  };
  harness = await openHarness({ world });
  const view = await harness.session.until((v) => v.slos.status === 'ok', { timeoutMs: 60_000 });
  await harness.session.settled();
  expect(harness.session.view().slos.data![0]!.sparkline.filter((bar) => bar !== null)).toHaveLength(1);
  expect(view.slos.error).toBeUndefined();
});
