import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate a typo most likely meant, if one is close enough to be worth suggesting.
 * "Close" scales with length so that short keys do not match everything.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = input.toLowerCase();
  const best = closest(lower, candidates.map((c) => c.toLowerCase()));
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  const budget = Math.max(1, Math.floor(Math.max(input.length, best.length) / 3));
  const away = distance(lower, best);
  if (away > budget) return undefined;
  // Two names as close as each other: a guess is a coin toss, and can be the opposite of what
  // was meant (`of`: lint suggested "on" for a kill switch's "off").
  const tied = candidates.some((c) => c.toLowerCase() !== best && distance(lower, c.toLowerCase()) === away);
  return tied ? undefined : candidates[index];
}
