/** Issue #11: what the scheduler keeps of a failing provider (and a panel shows) is bounded. */
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../../src/core/bounds';
import { ManualClock } from '../../../src/plugins/clock';
import { fail, type Result } from '../../../src/plugins/contract';
import { Scheduler } from '../../../src/plugins/scheduler';

async function observe(poll: () => Promise<Result<number>>) {
  const clock = new ManualClock(0);
  const scheduler = new Scheduler({ clock, random: () => 1 });
  const stop = new AbortController();
  scheduler.add({ key: 'slo', intervalMs: 1_000, poll });
  const seen = new Promise<void>((resolve) => scheduler.subscribe(() => resolve()));
  scheduler.start(stop.signal);
  await clock.advance(0);
  await seen;
  stop.abort();
  return scheduler.observation<number>('slo')!;
}

describe('Scheduler bounds', () => {
  it('a provider error of a megabyte is kept cut to one message, start and end', async () => {
    const message = `upstream said: ${'e'.repeat(1_000_000)} (end)`;
    const observation = await observe(async () => fail('invalid-response', message, `Code${'c'.repeat(10_000)}`));
    expect(observation.error!.kind).toBe('invalid-response');
    expect(observation.error!.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(observation.error!.message).toMatch(/^upstream said: e+ … [\d,]+ characters cut … e+ \(end\)$/);
    expect(observation.error!.code!.length).toBeLessThanOrEqual(100);
  });

  it('so is the message of a provider that throws', async () => {
    const observation = await observe(async () => {
      throw new Error('x'.repeat(1_000_000));
    });
    expect(observation.error!.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});
