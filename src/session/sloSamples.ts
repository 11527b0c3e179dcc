import { BurnHistory } from '../core/burnHistory';
import { burnRate, SHORT_WINDOW_MS } from '../core/burnRate';
import type { StoredEvent } from '../core/events';
import type { BurnSample } from '../core/verifyCondition';

/** How much short-window burn history is kept, for sparklines and verify steps. */
const BURN_HISTORY_MS = 2 * 3_600_000;

/**
 * The short-window burn of each SLO over the last two hours, and when each SLO was last put on
 * the timeline: what the observation recorder needs of the past. It is filled from the log as the
 * incident opens (`remember`, during the store's one pass over it), then live.
 */
export class SloSamples {
  private readonly histories = new Map<string, BurnHistory>();
  private readonly lastRecorded = new Map<string, number>();
  /** The burn of the last sample recorded, per SLO (null: no traffic). */
  private readonly lastRecordedBurn = new Map<string, number | null>();

  /** A recorded `slo.observed` (replayed or live) adds its burn to the history. */
  remember(event: StoredEvent): void {
    if (event.kind !== 'slo.observed' || event.data.windowMs !== SHORT_WINDOW_MS) return;
    const at = Date.parse(event.at);
    const burn = burnRate(event.data.errorRatio, event.data.objective);
    this.recordedAt(event.data.slo, at, burn);
    this.add(event.data.slo, { at, burn });
  }

  add(slo: string, sample: BurnSample): void {
    let history = this.histories.get(slo);
    if (history === undefined) {
      history = new BurnHistory(BURN_HISTORY_MS);
      this.histories.set(slo, history);
    }
    history.add(sample);
  }

  /** When the SLO was last recorded on the timeline (ms), if ever. */
  lastRecordedAt(slo: string): number | undefined {
    return this.lastRecorded.get(slo);
  }

  recordedAt(slo: string, at: number, burn: number | null): void {
    this.lastRecorded.set(slo, at);
    this.lastRecordedBurn.set(slo, burn);
  }

  /**
   * Whether `burn` is on the other side of 1x from the last one recorded: the moment a burn stops
   * (or starts again) goes on the timeline then, not up to a minute later. A recovery check counts
   * its hold from the first poll under 1x, and the postmortem's "burn stopped" came 30 s after it.
   */
  crossesOne(slo: string, burn: number | null): boolean {
    const last = this.lastRecordedBurn.get(slo);
    return burn !== null && last !== undefined && last !== null && last < 1 !== burn < 1;
  }

  /** Samples per SLO, oldest first. */
  view(): ReadonlyMap<string, readonly BurnSample[]> {
    return new Map([...this.histories].map(([slo, history]) => [slo, history.samples()]));
  }
}
