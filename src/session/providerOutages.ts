import { COCKPIT_ACTOR } from '../core/cockpitActor';
import type { NewEvent } from '../core/events';
import { roughDuration } from '../core/roughDuration';
import type { Observation } from '../plugins/scheduler';

/** Failed polls in a row before an outage is recorded: one may be a blip the next poll mends. */
const FAILURES_TO_RECORD = 2;

const clock = (at: Date) => `${at.toISOString().slice(11, 19)} UTC`;

/**
 * When a panel's provider stops answering and when it answers again, as notes on the timeline
 * (tag `provider`): the screen said `✖ ERROR` for minutes while Prometheus was down, and the
 * postmortem had no trace of it (nor of a recovery check that could not judge meanwhile).
 */
export class ProviderOutages {
  /** Since when each panel's provider has failed, once recorded. */
  private readonly down = new Map<string, Date>();

  observe(observation: Observation<unknown>, now: Date): NewEvent | undefined {
    const panel = observation.key.startsWith('slo:') ? 'slo' : observation.key;
    const since = this.down.get(panel);
    if (since === undefined && observation.failures >= FAILURES_TO_RECORD && observation.error !== undefined) {
      const from = observation.failedAt ?? now;
      this.down.set(panel, from);
      return note(`The ${panel} provider stopped answering (${observation.failures} polls in a row, the last at ${clock(from)}): ${observation.error.message}`);
    }
    if (since !== undefined && observation.failures === 0) {
      this.down.delete(panel);
      return note(`The ${panel} provider answers again, after ${roughDuration(Math.max(0, now.getTime() - since.getTime()))} without an answer`);
    }
    return undefined;
  }
}

function note(text: string): NewEvent {
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text, tag: 'provider' } };
}
