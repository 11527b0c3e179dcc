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
  /**
   * Since when each panel's provider has failed (its first failed poll), its last answer before, and whether that is
   * recorded. "After 4m without an answer" was counted from the first failed poll: the answer before it was a poll earlier.
   */
  private readonly failing = new Map<string, { readonly since: Date; readonly lastAnswer?: Date; recorded: boolean }>();
  /** Panels whose provider has answered in this cockpit: one that never has did not "stop" answering. */
  private readonly answered = new Set<string>();

  observe(observation: Observation<unknown>, now: Date): NewEvent | undefined {
    // How far back the SLO data goes is no panel's: a Prometheus that refuses the subquery (a
    // query-range limit) leaves the budget counted over the whole period, as without it.
    if (observation.key.startsWith('slo-data:')) return undefined;
    const panel = observation.key.startsWith('slo:') ? 'slo' : observation.key;
    const outage = this.failing.get(panel);
    if (observation.failures === 0) {
      this.answered.add(panel);
      this.failing.delete(panel);
      // Counted from its last answer: not from when the outage was recorded, nor from the first poll that failed.
      const unanswered = (outage?.lastAnswer ?? outage?.since)?.getTime() ?? now.getTime();
      return outage?.recorded ? note(`The ${panel} provider answers again, after ${roughDuration(Math.max(0, now.getTime() - unanswered))} without an answer`) : undefined;
    }
    if (observation.error === undefined) return undefined;
    const lastAnswer = this.answered.has(panel) ? observation.observedAt : undefined;
    const current = outage ?? { since: observation.failedAt ?? now, ...(lastAnswer === undefined ? {} : { lastAnswer }), recorded: false };
    this.failing.set(panel, current);
    if (current.recorded || observation.failures < FAILURES_TO_RECORD) return undefined;
    current.recorded = true;
    const before = current.lastAnswer === undefined ? '' : `no answer since ${clock(current.lastAnswer)}; `;
    const what = this.answered.has(panel) ? `stopped answering (${before}failing since ${clock(current.since)}` : `has not answered since the cockpit opened (since ${clock(current.since)}`;
    return note(`The ${panel} provider ${what}, ${observation.failures} polls in a row): ${observation.error.message}`);
  }
}

function note(text: string): NewEvent {
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text, tag: 'provider' } };
}
