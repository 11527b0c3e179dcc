/**
 * A drill's score as the parts it is made of: what each is worth and what this drill earned of it
 * (a penalty is worth nothing and earns less). The report's findings name the parts that were
 * not earned in full: a responder read `score 90/100` with no finding to say where ten points went.
 */
export interface ScorePart {
  readonly what: string;
  readonly earned: number;
  readonly worth: number;
}

export interface ScoreInput {
  readonly recovered: boolean;
  readonly checksPassed: boolean;
  readonly times: readonly { readonly what: string; readonly ms: number | null; readonly targetMs: number; readonly worth: number }[];
  /** No risky or wrong change tried, no safety block overridden. */
  readonly clean: boolean;
  /** The verdicts of judged changes that ran: a wrong one costs 15, a risky one 10. */
  readonly ran: readonly { readonly verdict: 'risky' | 'wrong' }[];
  readonly overrides: readonly string[];
  /** Steps marked done without running their action. */
  readonly markedByHand: number;
}

export function scoreParts(input: ScoreInput): ScorePart[] {
  return [
    { what: 'the world recovered', earned: input.recovered ? 40 : 0, worth: 40 },
    { what: 'recovery checks passed', earned: input.checksPassed ? 10 : 0, worth: 10 },
    ...input.times.map((time) => ({ what: time.what, earned: timely(time.ms, time.targetMs, time.worth), worth: time.worth })),
    { what: 'a clean run', earned: input.clean ? 10 : 0, worth: 10 },
    // Named by kind: the findings above name each action once (a line each).
    ...input.ran.map((judged) => ({ what: `a ${judged.verdict} change run`, earned: judged.verdict === 'wrong' ? -15 : -10, worth: 0 })),
    ...input.overrides.map(() => ({ what: 'a safety block overridden', earned: -10, worth: 0 })),
    ...(input.markedByHand > 0 ? [{ what: `${input.markedByHand} step(s) marked done without running`, earned: -2 * input.markedByHand, worth: 0 }] : []),
  ];
}

/** The sum of the parts, within 0 and `max`. */
export function scoreOf(parts: readonly ScorePart[], max: number): number {
  return Math.max(0, Math.min(max, Math.round(parts.reduce((sum, part) => sum + part.earned, 0))));
}

/**
 * `Score 85/100, short of full points on: first action 5 of 10, a clean run 0 of 10`; nothing for a full score. It read
 * `Score 75/100: recovery checks passed 0 of 10, first action 5 of 10, …`, as if those parts were all of the 100.
 */
export function scoreLine(parts: readonly ScorePart[], max: number): string | undefined {
  const short = parts.filter((part) => part.earned < part.worth);
  if (short.length === 0) return undefined;
  const said = short.map((part) => (part.worth === 0 ? `${part.earned} for ${part.what}` : `${part.what} ${part.earned} of ${part.worth}`));
  return `Score ${scoreOf(parts, max)}/${max}, short of full points on: ${said.join(', ')}`;
}

/** Full points within the target, half within twice the target, none after or never. */
function timely(actual: number | null, target: number, points: number): number {
  if (actual === null) return 0;
  if (actual <= target) return points;
  return actual <= 2 * target ? points / 2 : 0;
}
