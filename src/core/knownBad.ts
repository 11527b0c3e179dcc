import type { KnownBadRevision } from './actions';
import { compareText } from './compareText';
import type { IncidentState } from './incident';

export type { KnownBadRevision } from './actions';

/** Deploy states after which a revision no longer runs by choice. */
const NOT_RUNNING = new Set(['failed', 'rolled-back', 'rolling-back', 'stopped']);

const clockTime = (iso: string): string => `${iso.slice(11, 16)}Z`;

/**
 * What this incident has learnt is bad: every revision one of its rollbacks moved away from (the
 * plan's `currentRevision`; not one that failed), and the revision that was running when the first trigger
 * fired. Providers add what they know themselves (ECS's own rollbacks).
 */
export function knownBadRevisions(state: IncidentState): KnownBadRevision[] {
  const bad = new Map<string, Omit<KnownBadRevision, 'revision'>>();
  for (const action of state.actions) {
    const from = action.facts?.currentRevision;
    const to = action.facts?.targetRevision;
    if (typeof from !== 'string' || typeof to !== 'string' || action.startedAt === undefined || bad.has(from)) continue;
    // A rollback that failed, or whose check failed (an Argo Rollout aborted it), moved nothing:
    // "rolled back to :41" would tell of a rollback that did not happen.
    if (action.status === 'failed' || action.verification?.outcome === 'failed') continue;
    const by = action.startedBy === undefined ? action.id : `${action.startedBy} (${action.id})`;
    bad.set(from, { why: `rolled back to ${to} by ${by} at ${clockTime(action.startedAt)}`, rolledBack: true });
  }
  const onset = burnOnset(state);
  // Before anything the incident did: its own rollback's deploy never counts as the burn's revision.
  const firstAction = state.actions.flatMap((a) => (a.startedAt ? [a.startedAt] : [])).sort()[0];
  const before = onset !== undefined && firstAction !== undefined && firstAction < onset ? firstAction : onset;
  const atOnset = before === undefined ? undefined : revisionRunningAt(state, before);
  if (atOnset !== undefined && !bad.has(atOnset)) bad.set(atOnset, { why: `running when the first trigger fired (${clockTime(onset!)})` });
  return [...bad].map(([revision, known]) => ({ revision, ...known }));
}

/** When the first trigger fired: the burn's onset as the incident saw it. */
export function burnOnset(state: IncidentState): string | undefined {
  const fired = Object.values(state.triggers).map((t) => t.firstFiredAt);
  return fired.length === 0 ? undefined : fired.reduce((a, b) => (a <= b ? a : b));
}

/** The revision of the newest deploy started before `at` that had not been stopped or rolled back. */
function revisionRunningAt(state: IncidentState, at: string): string | undefined {
  const started = Object.values(state.deploys).filter((d) => d.startedAt !== undefined && d.startedAt < at && !NOT_RUNNING.has(d.status));
  started.sort((a, b) => compareText(b.startedAt!, a.startedAt!));
  return started[0]?.revision;
}
