import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/plugins/scheduler';
import { ProviderOutages } from '../../../src/session/providerOutages';

const at = (minute: number) => new Date(Date.parse('2026-12-04T21:36:00.000Z') + minute * 60_000);
const failing = (key: string, failures: number, minute: number): Observation<unknown> => ({ key, value: 0.01, observedAt: at(-1), failures, error: { kind: 'unreachable', message: 'connect ECONNREFUSED 127.0.0.1:9095' }, failedAt: at(minute) });
const answering = (key: string, minute: number): Observation<unknown> => ({ key, value: 0.01, observedAt: at(minute), failures: 0 });

describe('ProviderOutages: a provider that stops answering, and answers again, is on the timeline', () => {
  it('records one note after two failed polls in a row, and one when it answers again', () => {
    // Prometheus down 21:36–21:39: the postmortem had no trace of it.
    const outages = new ProviderOutages();
    expect(outages.observe(answering('slo:availability:300000', -1), at(-1))).toBeUndefined();
    expect(outages.observe(failing('slo:availability:300000', 1, 0), at(0))).toBeUndefined();
    expect(outages.observe(failing('slo:availability:300000', 2, 0.5), at(0.5))).toEqual({
      kind: 'note',
      actor: 'cockpit',
      data: { text: 'The slo provider stopped answering (no answer since 21:35:00 UTC; failing since 21:36:00 UTC, 2 polls in a row): connect ECONNREFUSED 127.0.0.1:9095', tag: 'provider' },
    });
    // Another window of the same SLO, failing too: the same outage, said once.
    expect(outages.observe(failing('slo:availability:3600000', 3, 1), at(1))).toBeUndefined();
    // Counted from its last answer (21:35:00): not from when the outage was recorded, nor from the first failed poll (21:36:00).
    expect(outages.observe(answering('slo:availability:300000', 4.2), at(4.2))).toMatchObject({ data: { text: 'The slo provider answers again, after 5m without an answer', tag: 'provider' } });
    expect(outages.observe(answering('slo:availability:3600000', 4.5), at(4.5))).toBeUndefined();
    // A blip of one failed poll says nothing.
    expect(outages.observe(failing('deploys', 1, 5), at(5))).toBeUndefined();
    expect(outages.observe(answering('deploys', 5.5), at(5.5))).toBeUndefined();
  });

  // A cockpit whose ECS never answered said "The deploys provider stopped answering".
  it('one that never answered in this cockpit has not answered, rather than stopped', () => {
    const outages = new ProviderOutages();
    outages.observe(failing('deploys', 1, 0), at(0));
    expect(outages.observe(failing('deploys', 2, 0.5), at(0.5))?.data).toMatchObject({ text: 'The deploys provider has not answered since the cockpit opened (since 21:36:00 UTC, 2 polls in a row): connect ECONNREFUSED 127.0.0.1:9095' });
  });
});
