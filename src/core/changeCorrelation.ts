import type { Deploy } from './deploys';

/**
 * Which change the burn started with: the newest deploy or flag change that happened before the
 * burn's onset and recently enough to be its cause. "The closer to the onset, the likelier the
 * cause" is the heuristic every on-call engineer applies first; it is only a heuristic, so the
 * recommendation states the times it used.
 */

/** A feature flag's last change, as the flags provider or the timeline knows it. */
export interface FlagChange {
  readonly key: string;
  /** ms since the epoch. */
  readonly changedAt: number;
  readonly by?: string;
  /** The variant it serves now (`on`), or null when it has no default. */
  readonly variant?: string | null;
  readonly state?: 'ENABLED' | 'DISABLED';
}

export interface DatedDeploy {
  readonly deploy: Deploy;
  /** ms since the epoch the deploy started. */
  readonly at: number;
}

export type Cause =
  | { readonly kind: 'deploy'; readonly deploy: DatedDeploy; readonly lastFlag?: FlagChange }
  | { readonly kind: 'flag'; readonly flag: FlagChange; readonly lastDeploy?: DatedDeploy }
  | {
      readonly kind: 'none';
      readonly lastDeploy?: DatedDeploy;
      readonly lastFlag?: FlagChange;
      readonly recentMs: number;
      /** Set when a recent change was passed over because it was made by then: it ran with the burn stopped. */
      readonly ranCleanBy?: number;
    };

/**
 * How far before the onset a change still counts as recent, in long windows of the trigger: the
 * long window had to fill before the trigger fired, and the cockpit may have seen the trigger only
 * when it was opened, some time after it first fired.
 */
export const RECENT_LONG_WINDOWS = 2;

/** Deploys that took traffic (anything but pending), with a start time, newest first. */
export function datedDeploys(deploys: readonly Deploy[]): DatedDeploy[] {
  return deploys
    .flatMap((deploy) => {
      const at = deploy.startedAt === undefined ? Number.NaN : Date.parse(deploy.startedAt);
      return deploy.status !== 'pending' && Number.isFinite(at) ? [{ deploy, at }] : [];
    })
    .sort((a, b) => b.at - a.at);
}

/** The newest of `items` at or before `onsetAt`. */
function newestBefore<T>(items: readonly T[], at: (item: T) => number, onsetAt: number): T | undefined {
  let newest: T | undefined;
  for (const item of items) {
    if (at(item) <= onsetAt && (newest === undefined || at(item) > at(newest))) newest = item;
  }
  return newest;
}

/**
 * The change the burn most likely started with. A flag wins only when it changed after the last
 * deploy before the onset; on a tie the deploy wins (it changed more). Changes after the onset
 * (the responder's own rollback or kill switch among them) cannot have caused it, nor changes made
 * by `ranCleanBy` (the resolve of the service's previous incident, its burn over: what ran then
 * ran clean; its own rollback was recommended for rolling back when the errors came back).
 */
export function causeOf(onsetAt: number, longMs: number, deploys: readonly Deploy[], flags: readonly FlagChange[], ranCleanBy?: number): Cause {
  const recentMs = RECENT_LONG_WINDOWS * longMs;
  const lastDeploy = newestBefore(datedDeploys(deploys), (d) => d.at, onsetAt);
  const lastFlag = newestBefore(flags, (f) => f.changedAt, onsetAt);
  const recent = (at: number) => onsetAt - at <= recentMs;
  const candidate = (at: number) => recent(at) && (ranCleanBy === undefined || at > ranCleanBy);
  if (lastFlag && candidate(lastFlag.changedAt) && (lastDeploy === undefined || lastFlag.changedAt > lastDeploy.at)) {
    return { kind: 'flag', flag: lastFlag, ...(lastDeploy ? { lastDeploy } : {}) };
  }
  if (lastDeploy && candidate(lastDeploy.at)) return { kind: 'deploy', deploy: lastDeploy, ...(lastFlag ? { lastFlag } : {}) };
  const passedOver = [lastDeploy?.at, lastFlag?.changedAt].some((at) => at !== undefined && recent(at));
  return { kind: 'none', recentMs, ...(lastDeploy ? { lastDeploy } : {}), ...(lastFlag ? { lastFlag } : {}), ...(passedOver && ranCleanBy !== undefined ? { ranCleanBy } : {}) };
}

/** `checkout-api:42` → `:42`; a revision without a family stays as it is. */
export function shortRevision(revision: string): string {
  const colon = revision.lastIndexOf(':');
  return colon === -1 ? revision : revision.slice(colon);
}

/**
 * When a burn seen only as window averages (no incident, no trigger history: `cockpit status`)
 * began: had it burned at the short window's rate since it began, the long window's average says
 * it began `long × longBurn / shortBurn` ago. One short window later, so a change made just as the
 * burn began is not lost to the noise of the estimate. A long window reaching back before
 * `notBefore` (the resolve of the service's previous incident) may hold that incident's errors,
 * and dates nothing: `now`, as with no estimate. Clamped to the resolve, it cleared every change
 * since as made "after the burn had begun"; read as it was, an hour's window holding the first
 * outage dated a burn 6 minutes back, before the deploy it followed. `dataSince`: when the SLO's
 * data surely began (`SloCapability.dataSince`).
 */
export function estimatedOnset(
  now: number,
  burn: { readonly longMs: number; readonly shortMs: number; readonly longBurn: number | null; readonly shortBurn: number | null },
  notBefore?: number,
  dataSince?: number,
): number {
  const { shortMs, longBurn, shortBurn } = burn;
  // A window reaching back before the SLO's data holds only the data: a Prometheus started ten
  // minutes before read "began by 09:06Z", hours before its first sample, and cleared the deploy.
  const longMs = dataSince === undefined ? burn.longMs : Math.min(burn.longMs, now - dataSince);
  if (longBurn === null || shortBurn === null || shortBurn <= 0 || longMs <= 0) return now;
  const estimate = Math.min(now, now - longMs * Math.min(1, longBurn / shortBurn) + shortMs);
  return notBefore !== undefined && now - longMs < notBefore ? now : estimate;
}
