import { roughDuration } from './roughDuration';
import type { Recommendation } from './recommendationTypes';
import { STALE_READING_MS } from './stillBurning';

/**
 * The advice, read from an SLO reading its provider has not refreshed for a minute or more, says how old that is first:
 * with Prometheus stopped, the advice read "the burn has stopped (5m 0.1x)" in the present tense for minutes while the
 * errors were back (the panel's title alone gave the data's age). `ageMs`: the last reading's age, when its provider fails.
 */
export function asOfOldReading(advice: readonly Recommendation[], ageMs: number | undefined): readonly Recommendation[] {
  if (ageMs === undefined || ageMs < STALE_READING_MS) return advice;
  return advice.map((r) => ({ ...r, text: `SLO data ${roughDuration(ageMs)} old (no answer since): ${r.text}` }));
}
