import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/plugins/contract';
import { ViewPublisher } from '../../../src/session/viewPublisher';
import type { CockpitView } from '../../../src/session/viewModel';

const filled = { status: 'ok' };
const clock: Clock = { now: () => new Date(), sleep: () => new Promise<void>(() => undefined) };

function publisher() {
  let builds = 0;
  const closing = new AbortController();
  const views = new ViewPublisher(
    () => {
      builds += 1;
      return { deploys: filled, flags: filled, slos: filled, version: builds } as unknown as CockpitView;
    },
    clock,
    closing.signal,
  );
  return { views, builds: () => builds, stop: () => views.stop() };
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
});
