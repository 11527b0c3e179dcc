import { burnRate } from './burnRate';

/**
 * Stretches of an incident with no SLO sample: the provider did not answer (Prometheus down), or
 * the cockpit was not running. The budget count holds the burn read before a gap through it
 * (core/metrics.ts), so a 19x burn read just before a three-minute outage was counted for those
 * three minutes although the errors had stopped; the postmortem has to say where its figures
 * stand on no data.
 */

/**
 * Samples are recorded once a minute by default: more than two and a half minutes between two
 * means at least two recordings are missing, not a poll that came late.
 */
export const SLO_GAP_MS = 150_000;

export interface SloGap {
  readonly slo: string;
  readonly windowMs: number;
  /** The last sample before the gap, and the next after it (or the end of the count). */
  readonly from: number;
  readonly to: number;
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
    if (before !== undefined && at - before.at > SLO_GAP_MS) this.push(key, { slo, windowMs, from: before.at, to: at, heldBurn: before.burn });
    this.last.set(key, { at, burn: burnRate(errorRatio, objective) });
  }

  /**
   * The gaps in one window's samples up to `end` (the resolution, or the last event), the stretch
   * after its last sample included when that is a gap too.
   */
  of(slo: string, windowMs: number, end: number): SloGap[] {
    const key = keyOf(slo, windowMs);
    const within = (this.gaps.get(key) ?? []).filter((gap) => gap.from < end).map((gap) => (gap.to > end ? { ...gap, to: end } : gap));
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
