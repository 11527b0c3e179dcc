import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CockpitView } from '../../src/session/viewModel';
import { AFTER_INTENT_MS, pacedController, WORLD_FRAME_MS } from '../../src/ui/pacedController';
import { FakeController } from './fakeController';
import { incidentView } from './fixtures';

/** Views told apart by their incident id. */
const viewNo = (n: number): CockpitView => {
  const base = incidentView();
  return { ...base, incident: { ...base.incident, id: `view ${n}` } };
};
const titleOf = (view: CockpitView) => view.incident.id;

let clock = 0;
beforeEach(() => {
  vi.useFakeTimers();
  clock = 1_000_000;
});
afterEach(() => {
  vi.useRealTimers();
});

/** Advances the paced controller's clock and the timers together. */
const advance = (ms: number) => {
  clock += ms;
  vi.advanceTimersByTime(ms);
};

function setUp() {
  const inner = new FakeController(viewNo(0));
  const paced = pacedController(inner, WORLD_FRAME_MS, () => clock);
  const shown: string[] = [];
  paced.subscribe((view) => shown.push(titleOf(view)));
  return { inner, paced, shown };
}

describe('pacedController: what the screen is handed of the session\'s views', () => {
  it('shows a view after a quiet spell at once', () => {
    const { inner, paced, shown } = setUp();
    expect(titleOf(paced.view())).toBe('view 0');
    inner.push(viewNo(1));
    expect(shown).toEqual(['view 1']);
    expect(titleOf(paced.view())).toBe('view 1');
    advance(5 * WORLD_FRAME_MS);
    inner.push(viewNo(2));
    expect(shown).toEqual(['view 1', 'view 2']);
    paced.stop();
  });

  it('shows a burst at most once a frame, always ending on the last view, and the snapshot stays put between', () => {
    const { inner, paced, shown } = setUp();
    inner.push(viewNo(1));
    // Nine more views, 10 ms apart: a 120x drill's pace.
    for (let n = 2; n <= 10; n += 1) {
      advance(10);
      inner.push(viewNo(n));
      if (n < 10) expect(titleOf(paced.view())).toBe(shown.at(-1));
    }
    advance(WORLD_FRAME_MS);
    expect(shown.length).toBeLessThanOrEqual(3);
    expect(shown[0]).toBe('view 1');
    expect(shown.at(-1)).toBe('view 10');
    expect(titleOf(paced.view())).toBe('view 10');
    // Nothing more is pending.
    advance(10 * WORLD_FRAME_MS);
    expect(shown.at(-1)).toBe('view 10');
    paced.stop();
  });

  it('shows every view as it comes while the responder\'s last intent is recent', async () => {
    const { inner, paced, shown } = setUp();
    inner.push(viewNo(1));
    await paced.dispatch({ type: 'step.run', step: 'rollback' });
    expect(inner.dispatched).toEqual([{ type: 'step.run', step: 'rollback' }]);
    for (let n = 2; n <= 5; n += 1) {
      advance(10);
      inner.push(viewNo(n));
    }
    expect(shown).toEqual(['view 1', 'view 2', 'view 3', 'view 4', 'view 5']);
    // Once the intent is old, the pace is back.
    advance(AFTER_INTENT_MS);
    inner.push(viewNo(6));
    advance(10);
    inner.push(viewNo(7));
    expect(shown.at(-1)).toBe('view 6');
    advance(WORLD_FRAME_MS);
    expect(shown.at(-1)).toBe('view 7');
    paced.stop();
  });

  it('stop() leaves the session and drops the pending frame: no timer outlives the screen', () => {
    const { inner, paced, shown } = setUp();
    inner.push(viewNo(1));
    advance(10);
    inner.push(viewNo(2));
    expect(vi.getTimerCount()).toBe(1);
    paced.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(inner.subscribers).toBe(0);
    advance(10 * WORLD_FRAME_MS);
    expect(shown).toEqual(['view 1']);
  });
});
