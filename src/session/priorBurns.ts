import { burnRate, SHORT_WINDOW_MS } from '../core/burnRate';
import type { BurnSample } from '../core/verifyCondition';
import type { Logger } from '../plugins/contract';
import type { Observation } from '../plugins/scheduler';
import type { Runbook } from '../runbook/schema';
import type { LiveProvider } from './providers';
import { sloTaskKey } from './viewInputs';

/** The sparkline's span and bar: an hour, 5m a bar (sloRows.ts). */
const PRIOR_SPAN_MS = 3_600_000;

/**
 * The short-window burn of the hour before the cockpit's first look, asked of the SLO provider
 * once (Prometheus keeps it): the sparkline's bars for that hour read `·` (nothing sampled) on
 * every open, though the burn that brought the responder here was in them. For the sparkline
 * alone: checks, triggers and recommendations go by what this cockpit observed and recorded.
 */
export class PriorBurns {
  private readonly samples = new Map<string, readonly BurnSample[]>();
  /** When a short window first answered: the hour before it is asked for. */
  private firstLook: number | undefined;
  private asked = false;

  constructor(
    private readonly deps: {
      readonly runbook: Runbook;
      readonly provider: LiveProvider | undefined;
      /** Every panel's first look is over: start-up's own requests come first. */
      readonly firstLooksDone: () => boolean;
      readonly signal: AbortSignal;
      readonly changed: () => void;
      readonly log: Logger;
    },
  ) {}

  /** Once a short window has answered and every first look is over: asks for the hour before that answer, once. */
  observed(observation: Observation<unknown>): void {
    if (this.asked || this.deps.provider === undefined) return;
    const shortWindow = this.deps.runbook.slos.some((slo) => observation.key === sloTaskKey(slo.name, SHORT_WINDOW_MS));
    if (shortWindow && observation.failures === 0 && observation.observedAt !== undefined) this.firstLook ??= observation.observedAt.getTime();
    if (this.firstLook === undefined || !this.deps.firstLooksDone()) return;
    this.asked = true;
    this.fill(this.firstLook).catch((error: unknown) => this.deps.log.warn('could not read the burn before the first look', { error: String(error) }));
  }

  /** Per SLO, oldest first. */
  view(): ReadonlyMap<string, readonly BurnSample[]> {
    return this.samples;
  }

  private async fill(firstLook: number): Promise<void> {
    const slo = this.deps.provider?.instance.slo;
    if (slo === undefined) return;
    const times = Array.from({ length: PRIOR_SPAN_MS / SHORT_WINDOW_MS - 1 }, (_, i) => firstLook - (PRIOR_SPAN_MS - SHORT_WINDOW_MS * (i + 1)));
    for (const spec of this.deps.runbook.slos) {
      // One at a time: gentle on the provider, and one abort listener on the session's signal, not eleven.
      const burns: BurnSample[] = [];
      for (const at of times) {
        const answer = await slo.errorRatio({ name: spec.name, errorRatio: spec.error_ratio }, SHORT_WINDOW_MS, new Date(at), this.deps.signal);
        if (this.deps.signal.aborted) return;
        // A point the provider could not answer stays unsampled (`·`), as before.
        if (answer.ok) burns.push({ at, burn: burnRate(answer.value, spec.objective) });
      }
      this.samples.set(spec.name, burns);
      this.deps.changed();
    }
  }
}
