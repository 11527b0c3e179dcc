import { burnRate } from './burnRate';

/**
 * Stretches of an incident no SLO sample measured: the provider did not answer (Prometheus down),
 * or the cockpit was not running. A sample measures the window before it, so a gap between two
 * samples is measured by the one after it, save what lies over a window before it; the budget
 * count (core/budgetCount.ts) counts that stretch, and the tail after the last sample, at the
 * burn read before it. A 19x burn read just before an outage was counted through it although the
 * errors had stopped: the postmortem has to say where its figures stand on no data.
 */

/**
 * The shortest stretch said: samples are recorded once a minute by default, so the tail after
 * the last one is a gap once two recordings are missing; between samples, a stretch no window
 * reached of under half a poll is the poll's own drift.
 */
export const SLO_GAP_MS = 150_000;
const UNMEASURED_MIN_MS = 30_000;

export interface SloGap {
  readonly slo: string;
  readonly windowMs: number;
  /** The stretch no sample measured: from the last sample before it to where the next one's window begins (or the end of the count). */
  readonly from: number;
  readonly to: number;
  /** The next sample after it, if there was one (its window measured the rest of the gap). */
  readonly nextSampleAt?: number;
  /** The burn of the sample before the gap, which the budget count held through it. */
  readonly heldBurn: number | null;
}

interface LastSample {
  readonly at: number;
  readonly burn: number | null;
}

const keyOf = (slo: string, windowMs: number) => `${slo}\u0000${windowMs}`;

export class SloGaps {
  private readonly last = new Map<string, LastSample>();
  private readonly gaps = new Map<string, SloGap[]>();

  add(slo: string, windowMs: number, objective: number, at: number, errorRatio: number | null): void {
    const key = keyOf(slo, windowMs);
    const before = this.last.get(key);
    if (before !== undefined && at - windowMs - before.at > UNMEASURED_MIN_MS) this.push(key, { slo, windowMs, from: before.at, to: at - windowMs, nextSampleAt: at, heldBurn: before.burn });
    this.last.set(key, { at, burn: burnRate(errorRatio, objective) });
  }

  /**
   * The gaps in one window's samples up to `end` (the resolution, or the last event), the stretch
   * after its last sample included when that is a gap too.
   */
  of(slo: string, windowMs: number, end: number): SloGap[] {
    const key = keyOf(slo, windowMs);
    const within = (this.gaps.get(key) ?? []).filter((gap) => gap.from < end).map((gap) => (gap.to > end ? { ...gap, to: end, nextSampleAt: undefined } : gap));
    const last = this.last.get(key);
    if (last !== undefined && end - last.at > SLO_GAP_MS) within.push({ slo, windowMs, from: last.at, to: end, heldBurn: last.burn });
    return within;
  }

  private push(key: string, gap: SloGap): void {
    const list = this.gaps.get(key);
    if (list === undefined) this.gaps.set(key, [gap]);
    else list.push(gap);
  }
}
