import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/plugins/contract';
import { ViewPublisher } from '../../../src/session/viewPublisher';
import type { CockpitView } from '../../../src/session/viewModel';

const filled = { status: 'ok' };
const clock: Clock = { now: () => new Date(), sleep: () => new Promise<void>(() => undefined) };

/** `filledFrom`: the number of changes after which the panels have their first answers. */
function publisher(filledFrom = 0) {
  let builds = 0;
  let changes = 0;
  const closing = new AbortController();
  const views = new ViewPublisher(
    () => {
      builds += 1;
      const slos = changes >= filledFrom ? filled : { status: 'loading' };
      return { deploys: filled, flags: filled, slos, version: builds } as unknown as CockpitView;
    },
    clock,
    closing.signal,
  );
  const changed = () => {
    changes += 1;
    views.changed();
  };
  return { views, changed, builds: () => builds, stop: () => views.stop() };
}

let stop = () => {};
afterEach(() => stop());

describe('ViewPublisher', () => {
  it('builds no view for a change nobody is subscribed to, and builds the latest when asked', () => {
    const p = publisher();
    stop = p.stop;
    for (let i = 0; i < 100; i += 1) p.views.changed();
    expect(p.builds()).toBe(0);
    expect((p.views.view() as unknown as { version: number }).version).toBe(1);
    p.views.view();
    expect(p.builds()).toBe(1);
    p.views.changed();
    expect((p.views.view() as unknown as { version: number }).version).toBe(2);
  });

  it('publishes one view for a burst of changes to a subscriber', async () => {
    const p = publisher();
    stop = p.stop;
    const seen: unknown[] = [];
    p.views.subscribe((view) => seen.push((view as unknown as { version: number }).version));
    for (let i = 0; i < 10; i += 1) p.views.changed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(1);
    p.views.changed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(2);
  });

  it('while the panels fill, a burst of changes builds one view, and the filled one is published at once', async () => {
    const p = publisher(3);
    stop = p.stop;
    const seen: unknown[] = [];
    p.views.subscribe((view) => seen.push(view.slos.status));
    // An answer recorded as five events: the panels are filled from the third on.
    for (let i = 0; i < 5; i += 1) p.changed();
    expect(p.builds()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.builds()).toBe(1);
    expect(seen).toEqual(['ok']);
  });

  it('while the panels fill, a view is published after a short wait even if they never fill', async () => {
    const p = publisher(Number.POSITIVE_INFINITY);
    stop = p.stop;
    const seen: unknown[] = [];
    p.views.subscribe((view) => seen.push(view.slos.status));
    for (let i = 0; i < 5; i += 1) p.changed();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(seen).toEqual(['loading']);
  });
});
