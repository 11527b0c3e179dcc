/**
 * What the drill report says of the right mitigation when no verified one stands: made and never
 * checked, made and undone, or never made; and which of several verified changes it credits. Pure.
 */
import { formatDuration } from './duration';
import type { EventOf, StoredEvent } from './events';

export interface MitigationRule {
  readonly action: 'rollback' | 'flag';
  readonly flag?: string;
  /** For flags: the variant set, or `DISABLED`. */
  readonly variant?: string;
  readonly verdict: 'right' | 'wrong' | 'risky';
  readonly why: string;
}

/** What "Right mitigation" says when the right change was made and its check never passed. */
export function unverifiedMitigation(made: EventOf<'action.succeeded'> | undefined, since: (event: StoredEvent | undefined) => number | null): string | undefined {
  const at = since(made);
  return made === undefined || at === null ? undefined : `not verified: ${made.data.action} made it ${formatDuration(at)} in, and its check never passed`;
}

/** What "Right mitigation" says when the right change was made and then undone: nothing of it stands. */
export function undoneMitigation(made: EventOf<'action.succeeded'> | undefined, undone: ReadonlyMap<string, string>, events: readonly StoredEvent[], since: (event: StoredEvent | undefined) => number | null): string | undefined {
  const at = since(made);
  if (made === undefined || at === null) return undefined;
  const undo = undone.get(made.data.action)!;
  const undoneAt = since(events.find((e) => e.kind === 'action.succeeded' && e.data.action === undo));
  return `none stands: ${made.data.action} made it ${formatDuration(at)} in, and ${undo} undid it${undoneAt === null ? '' : ` at ${formatDuration(undoneAt)}`}`;
}

/**
 * "Right changes verified: act-1 at 10m9s, act-2 at 29m; the mitigation is act-2's, the last before the recovery checks
 * passed." `afterTheStop`: the changes made after the burn had stopped, credited with nothing.
 */
export function rightChangesLine(verified: readonly EventOf<'verify.passed'>[], credited: EventOf<'verify.passed'>, recovered: boolean, since: (event: StoredEvent | undefined) => number | null, afterTheStop: ReadonlySet<string>): string {
  const late = (e: EventOf<'verify.passed'>) => afterTheStop.has(e.data.action!);
  const listOf = (changes: readonly EventOf<'verify.passed'>[]) => changes.map((e) => `${e.data.action} at ${formatDuration(since(e)!)}`).join(', ');
  // Not among the right ones: a needless second rollback was listed there, and as "not the recommended change" below.
  const inTime = verified.filter((e) => !late(e));
  const after = verified.filter(late);
  const right = inTime.length === 0 ? 'Right changes verified: none while the burn went on' : `Right change${inTime.length === 1 ? '' : 's'} verified: ${listOf(inTime)}`;
  const needless = after.length === 0 ? '' : `; ${listOf(after)} came after the burn had stopped (not needed, credited with nothing)`;
  const passedOver = verified.some((e) => late(e) && e.seq > credited.seq);
  const which = passedOver ? 'the last made while the burn went on' : recovered ? 'the last before the recovery checks passed' : 'the newest (no recovery check passed)';
  return `${right}${needless}; the mitigation is ${credited.data.action}'s, ${which}.`;
}

/** `never made: a rollback (:42 is the cause …)`: the report listed manual steps not done, not the rollback the drill was about. */
export function neverMade(rules: readonly MitigationRule[]): string {
  const right = rules.filter((rule) => rule.verdict === 'right').map((rule) => `${rule.action === 'rollback' ? 'a rollback' : `${rule.flag ?? 'a flag'} ${rule.variant === undefined || rule.variant === 'DISABLED' ? 'turned off' : `set to ${rule.variant}`}`} (${rule.why})`);
  return right.length === 0 ? 'never' : `never made: ${right.join(', or ')}`;
}
