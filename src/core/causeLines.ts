import { roughDuration } from './roughDuration';
import type { Cause } from './changeCorrelation';
import type { RecommendationInput } from './recommendationTypes';

/** What the cause's evidence lines read of the burn: its onset, how it is named, and when it had begun by. */
export interface CauseContext {
  readonly input: RecommendationInput;
  readonly onsetAt: number;
  /** `the trigger fired`, or `the trigger was seen firing` (firedWords). */
  readonly fired: string;
  /** When the burn had begun by (its windows as the trigger first fired, or before the first action). */
  readonly began: number;
}

/** The cause in words, as an evidence line. */
export function causeLine(context: CauseContext, cause: Cause): string {
  const { input, onsetAt, fired } = context;
  if (cause.kind === 'flag') {
    const line = `${cause.flag.key} changed ${roughDuration(input.now - cause.flag.changedAt)} ago, ${roughDuration(onsetAt - cause.flag.changedAt)} before ${fired}`;
    // Changed again since (the kill switch): say so, or the panel reads as if that old change were the flag's latest.
    const since = input.flagChanges.filter((f) => f.key === cause.flag.key && f.changedAt > cause.flag.changedAt).sort((a, b) => b.changedAt - a.changedAt)[0];
    if (since === undefined) return line;
    const to = since.state === 'DISABLED' ? ' (disabled)' : since.variant === undefined ? '' : ` to ${since.variant ?? 'its code default'}`;
    return `${line} (the change the burn began with); changed again ${roughDuration(input.now - since.changedAt)} ago${to}${since.by ? ` by ${since.by}` : ''}`;
  }
  if (cause.kind === 'deploy') return `${cause.deploy.deploy.revision} deployed ${roughDuration(input.now - cause.deploy.at)} ago, ${roughDuration(onsetAt - cause.deploy.at)} before ${fired}`;
  return `no deploy or flag change ${cause.ranCleanBy === undefined ? `in the ${roughDuration(cause.recentMs)} before ${fired}` : sincePrevious(context)}`;
}

/**
 * Where the changes a new burn may answer to begin and end: the previous incident's resolve, and
 * the firing ("since … was resolved" stood beside a deploy made after the firing).
 */
export function sincePrevious(context: CauseContext): string {
  const previous = context.input.previousIncident!;
  return `after ${previous.id} was resolved at ${new Date(previous.resolvedAt).toISOString().slice(11, 16)}Z with its burn over, before ${context.fired}`;
}

/**
 * The newest flag change before the burn was seen, beside the deploy named its cause (`deployAt`):
 * older than the deploy, or after it but after the burn had begun (a flag flipped 10m after the bad
 * build read "is older" beside it).
 */
export function lastFlagLine(context: CauseContext, deployAt: number): string {
  const { input, onsetAt, began } = context;
  const before = input.flagChanges.filter((f) => f.changedAt <= onsetAt).sort((a, b) => b.changedAt - a.changedAt)[0];
  if (before === undefined) return 'no flag changed before the burn';
  const ago = roughDuration(input.now - before.changedAt);
  // "Before the burn": beside the responder's own kill switch, `the last flag change, checkout_v2, is older (6d ago)` read as
  // if the flags panel's `changed 24m ago by root` had not happened.
  if (before.changedAt <= deployAt) return `the last flag change before the burn, ${before.key}, is older (${ago} ago)`;
  return `the last flag change before the burn was seen, ${before.key} (${ago} ago), came after the burn had begun (${roughDuration(input.now - began)} ago, from its windows)`;
}
