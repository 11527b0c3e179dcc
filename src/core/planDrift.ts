/** What a plan was made on and what it will do: enough to tell a stale plan from a fresh one. */
export interface PlanBasis {
  readonly summary: string;
  readonly observed?: Readonly<Record<string, string>>;
}

/**
 * What changed between the plan the responder confirmed and a plan made again just before
 * running it, in words ("current revision: checkout-api:42 → checkout-api:41"). Empty: still true.
 */
export function planDrift(confirmed: PlanBasis, now: PlanBasis): string[] {
  const before = confirmed.observed ?? {};
  const after = now.observed ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes = keys.flatMap((key) => (before[key] === after[key] ? [] : [`${key}: ${before[key] ?? 'none'} → ${after[key] ?? 'none'}`]));
  if (changes.length === 0 && confirmed.summary !== now.summary) changes.push(`the plan is now "${now.summary}"`);
  return changes;
}
