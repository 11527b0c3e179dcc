/**
 * Which changes the burn stopped after, and which were made too close before them for the SLO to
 * tell them apart. Pure.
 */
import { SHORT_WINDOW_MS } from './burnRate';
import { burnBefore, changeEnd, flatUntilNext, notFallingUntil, POLL_MS, type BurnSamples } from './changeWindow';
import type { ActionState } from './incidentState';

/** The 5m burn read under 1x between `from` and `until`, and stayed there. */
function fellUnderOne(samples: readonly { readonly at: number; readonly burn: number | null }[], from: number, until: number): boolean {
  const after = samples.filter((s) => s.burn !== null && s.at >= from && s.at < until);
  const first = after.findIndex((s) => s.burn! < 1);
  return first >= 0 && after.slice(first).every((s) => s.burn! < 1);
}

/**
 * The changes that ran after which the burn stopped: every SLO over 1x just before it read under
 * 1x after it took effect, and stayed there until the next change. The postmortem named the rollback that fixed a
 * two-bad-builds drill only as "(succeeded)", beside the first one's "the burn went on after it".
 * A change made within a 5m window and a poll before one of them is credited with it: a kill
 * switch turned a minute before a rollback read "(succeeded)" alone, and its undo passed with one
 * Enter (the burn came back). Never one in `notCredited` (the burn came back or rose after it: the
 * redeploy of the bad build, 4 minutes before the rollback that stopped the burn again, read "made
 * together"), nor one the burn read too high after for it to have stopped it (`notAStop`).
 */
export function stoppedBy(actions: readonly ActionState[], history: BurnSamples, notCredited: ReadonlySet<string> = new Set(), whileFalling: Map<string, ActionState> = new Map()): Map<string, string[]> {
  const stopped = new Set<string>();
  // A rollback or a flag change: a command run after the rollback (a health check) took its credit. Not one whose check
  // failed (ECS never started the rollback's deployment: the postmortem said the burn stopped "after flags.set (act-2) and
  // deploys.rollback (act-3)", the rollback's own section "(succeeded, then its check failed)").
  const changes = actions.filter((a) => (typeof a.facts?.currentRevision === 'string' || typeof a.facts?.flag === 'string') && a.verification?.outcome !== 'failed');
  changes.forEach((action, i) => {
    const end = changeEnd(action);
    if (action.status !== 'succeeded' || end === undefined) return;
    const startedAt = Date.parse(action.startedAt!);
    const next = changes.slice(i + 1).find((a) => a.startedAt! > action.startedAt!)?.startedAt;
    const until = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next);
    const burning = [...history.values()].filter((samples) => burnBefore(samples, startedAt) !== undefined);
    if (burning.length > 0 && burning.every((samples) => fellUnderOne(samples, end, until))) stopped.add(action.id);
  });
  const made = changes.filter((a) => a.status === 'succeeded' && changeEnd(a) !== undefined);
  const together = (a: ActionState, b: ActionState) => a !== b && Math.abs(Date.parse(a.startedAt!) - Date.parse(b.startedAt!)) <= SHORT_WINDOW_MS + POLL_MS;
  const credited = new Map<string, string[]>();
  for (const id of stopped) {
    const action = made.find((a) => a.id === id)!;
    // Not a change taken back before it (a forced rollback the burn rose after, undone: the postmortem credited it with the stop).
    const undone = (a: ActionState) => actions.some((u) => u.undoes === a.id && u.status === 'succeeded' && u.startedAt! <= action.startedAt!);
    // Nor one the burn had not begun to fall after when the next change came (`flatUntilNext`).
    const flat = (a: ActionState) => flatUntilNext(Date.parse(a.startedAt!), changeEnd(a)!, Date.parse(changes.find((b) => b.startedAt! > a.startedAt!)?.startedAt ?? action.startedAt!), history);
    const nextAfter = (a: ActionState) => Date.parse(changes.find((b) => b.startedAt! > a.startedAt!)?.startedAt ?? action.startedAt!);
    const next = changes.find((b) => b.startedAt! > action.startedAt!)?.startedAt;
    const until = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next);
    // Made at the same instant counts as before (an autopilot's kill switch and rollback in one drill second each read "the burn stopped after it").
    const before = made.filter((a) => a.startedAt! <= action.startedAt! && together(a, action) && !undone(a) && !flat(a) && !notCredited.has(a.id) && !notAStop(a, nextAfter(a), history) && !outlasted(a, until, history));
    // Made once the errors had stopped, as the window says: the stop is the earlier one's (a rollback made 2 minutes
    // after the kill switch, the burn at 12.3x ↓ from 16x, read "made together").
    const falling = before.find((a) => a !== action && a.startedAt! < action.startedAt! && stoppedBefore(a, Date.parse(action.startedAt!), history));
    if (falling !== undefined) {
      whileFalling.set(id, falling);
      if (!credited.has(falling.id)) credited.set(falling.id, []);
      continue;
    }
    credited.set(id, before.map((a) => a.id));
    for (const a of before) credited.set(a.id, [...new Set([...(credited.get(a.id) ?? []), id])]);
  }
  // A change made with others and taken back while the burn stayed stopped, a window after the undo, was not needed: the
  // others stopped it (a wrong rollback undone, :42 back and the burn at 0.1x for 14 minutes, still read "made together").
  const needless = new Set([...credited].filter(([id, others]) => others.length > 0 && undoneWhileStopped(id, actions, history)).map(([id]) => id));
  for (const id of needless) credited.delete(id);
  for (const [id, others] of credited) credited.set(id, others.filter((other) => !needless.has(other)));
  return credited;
}

/**
 * Whether the errors had stopped before `at` (a later change's start), by the 5m window: on every SLO burning before
 * `change`, it was seen falling before `at`, and the first reading under 1x after `at` still covers a stretch before
 * `at` long enough that errors at the burn before `change` would alone have read over HELD_OVER there. A rollback made
 * 2 minutes after the kill switch read "made together: the SLO cannot tell which"; the window under 1x 3 minutes after
 * it says the errors ended before it.
 */
function stoppedBefore(change: ActionState, at: number, history: BurnSamples): boolean {
  const startedAt = Date.parse(change.startedAt!);
  const end = changeEnd(change)!;
  const burning = [...history.values()].filter((samples) => burnBefore(samples, startedAt) !== undefined);
  return (
    burning.length > 0 &&
    burning.every((samples) => {
      // Seen falling before it, a minute or more after the change ended: what a responder then had on screen.
      const seen = samples.filter((s) => s.burn !== null && s.at >= end + POLL_MS && s.at < at).at(-1);
      if (seen === undefined || seen.burn! >= FALLEN * burnBefore(samples, startedAt)!) return false;
      const under = samples.find((s) => s.burn !== null && s.burn < 1 && s.at > at);
      const before = Math.max(0, at + SHORT_WINDOW_MS - RATE_LAG_MS - (under?.at ?? Number.POSITIVE_INFINITY));
      return under !== undefined && (burnBefore(samples, startedAt)! * before) / SHORT_WINDOW_MS > HELD_OVER;
    })
  );
}

/** What the stretch of a window before a change must have read at the burn from before, had the errors gone on, for the window under 1x to say they had stopped. */
const HELD_OVER = 2;
/** How far under its burn before a change the 5m burn must read for it to be seen falling (FLAT's, flatUntilNext). */
const FALLEN = 0.9;

/** Whether the change's undo succeeded and every SLO read under 1x from its end, a whole window and more, until the next change. */
export function undoneWhileStopped(id: string, actions: readonly ActionState[], history: BurnSamples): boolean {
  // One whose check failed took nothing back (an Argo Rollout aborted it): the rollback that worked read "not needed", and its
  // bad build was cleared for the next incident.
  const undo = actions.find((u) => u.undoes === id && u.status === 'succeeded' && u.verification?.outcome !== 'failed');
  const end = undo === undefined ? undefined : changeEnd(undo);
  if (end === undefined) return false;
  const next = actions.find((a) => a !== undo && a.startedAt !== undefined && a.startedAt > undo!.startedAt! && (typeof a.facts?.currentRevision === 'string' || typeof a.facts?.flag === 'string'))?.startedAt;
  const until = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next);
  const series = [...history.values()];
  return series.length > 0 && series.every((samples) => {
    const after = samples.filter((s) => s.burn !== null && s.at > end && s.at < until);
    return after.some((s) => s.at >= end + SHORT_WINDOW_MS + RATE_LAG_MS) && after.every((s) => s.burn! < 1);
  });
}

/** How late a 5m rate may lag the errors it counts: half a scrape interval of a minute. */
const RATE_LAG_MS = POLL_MS / 2;

/**
 * Whether the 5m burn read 1x or more a whole window after a change ended (before `until`): had the change stopped the
 * errors, the window would have emptied by then. The undo of a forced rollback ended 2-8 minutes before the burn
 * stopped, the kill switch after it (3x read 5m38s after the undo); the postmortem's Summary credited the kill switch
 * alone, its Actions "made together: the SLO cannot tell which".
 */
function outlasted(change: ActionState, until: number, history: BurnSamples): boolean {
  const emptied = changeEnd(change)! + SHORT_WINDOW_MS + RATE_LAG_MS;
  return [...history.values()].some((samples) => samples.some((s) => s.burn !== null && s.burn >= 1 && s.at > emptied && s.at < until));
}

/**
 * Whether the burn outlasted a change's window before it first stopped after it: it went on after the change, though a
 * later one came before the window could tell (a kill switch 72 s after a rollback's rollout ended; the rollback, checked
 * late, read "whether the burn stopped after it is not known" and `⊗ :42 bad` for good, the burn stopped after the kill).
 */
function outlastedBeforeStop(change: ActionState, history: BurnSamples): boolean {
  const end = changeEnd(change);
  if (end === undefined) return false;
  return [...history.values()].some((samples) => {
    const stop = samples.find((s) => s.burn !== null && s.burn < 1 && s.at > end)?.at ?? Number.POSITIVE_INFINITY;
    return outlasted(change, stop, new Map([['', samples]]));
  });
}

/**
 * A change the next came too soon after for the window to judge (a kill switch 72 s after a rollback's rollout ended),
 * the burn not falling before it, and still burning a whole window after the change: it went on after it. Checked late,
 * the rollback read "whether the burn stopped after it is not known" and `⊗ :42 bad` for good, the kill switch the fix.
 */
export function wentOnPastNext(action: ActionState, startedAt: number, end: number, nextAt: number | undefined, history: BurnSamples): boolean {
  return nextAt !== undefined && notFallingUntil(startedAt, end, nextAt, history) && outlastedBeforeStop(action, history);
}


/**
 * Whether the 5m burn, half a window or more after a change and before the next, read higher than
 * the errors from before it could still hold had the change stopped the burn (the window losing a
 * fifth of them each minute): the change did not stop it. The undo of a forced rollback took 138x
 * to 21.5x in 4m33s, the kill switch 5 minutes later stopped the rest, and the postmortem said the
 * two were "made together: the SLO cannot tell which".
 */
function notAStop(change: ActionState, nextChangeAt: number, history: BurnSamples): boolean {
  const changedAt = Date.parse(change.startedAt!);
  const end = changeEnd(change)!;
  return [...history.values()].some((samples) => {
    const before = burnBefore(samples, changedAt);
    if (before === undefined) return false;
    // The highest 5m burn in the window before it (at least the last one read): what the window could hold of errors from before the change.
    const held = Math.max(before, ...samples.filter((s) => s.burn !== null && s.at > changedAt - SHORT_WINDOW_MS && s.at <= changedAt).map((s) => s.burn!));
    return samples.some((s) => {
      if (s.burn === null || s.at < end + SHORT_WINDOW_MS / 2 || s.at >= nextChangeAt) return false;
      const left = Math.max(0, 1 - (s.at - end) / SHORT_WINDOW_MS);
      return s.burn > STOP_MARGIN * held * left + 1;
    });
  });
}

/** How much more than the errors from before a change a window may hold after it for the change to have stopped the burn (a burn rising as it was made). */
const STOP_MARGIN = 1.25;
