/**
 * Whether a burn outlived a change: from the change's end until the next change (or now), the 5m
 * window never fell under 1x on an SLO, and it was read a whole 5m window after the change (the
 * log records it once a minute: with a poll more, the postmortem missed what the screen said). A
 * rollback the burn outlived moved away from a revision the evidence no longer blames (a bad-flag
 * drill's wrong rollback left ":42 bad" on the deploys panel to the end). Only history that
 * reaches back to the change judges it: the screen keeps two hours, and a burn that came back
 * long after a rollback that worked is no burn that outlived it. Pure.
 */
import { SHORT_WINDOW_MS } from './burnRate';
import { burnText } from './burnNow';
import { formatDuration } from './duration';
import type { ActionState } from './incidentState';
import { burnBefore, changeEnd, flatUntilNext, POLL_MS, riseBase, steadyBefore, windowFullFrom, type BurnSamples } from './changeWindow';
import { stoppedBy, undoneWhileStopped, wentOnPastNext } from './stoppedBy';

export { burnBefore, riseBase, steadyBefore, windowFullFrom, type BurnSamples } from './changeWindow';

export function burnWentOnAfter(changedAt: number, nextChangeAt: number | undefined, history: BurnSamples): boolean {
  const end = nextChangeAt ?? Number.POSITIVE_INFINITY;
  return [...history.values()].some((samples) => {
    if (samples[0] === undefined || samples[0].at > changedAt + POLL_MS) return false;
    const between = samples.filter((s) => s.burn !== null && s.at > changedAt && s.at < end);
    return between.some((s) => s.at >= changedAt + SHORT_WINDOW_MS) && between.every((s) => s.burn! >= 1);
  });
}

/** How many times its burn before a change the burn must reach after it for the change to have made it worse. */
export const WORSE = 3;

/** Whether, on some SLO, the 5m burn after `changedAt` (until the next change) reached WORSE times what it was just before. */
function roseAfter(changedAt: number, nextChangeAt: number | undefined, history: BurnSamples): boolean {
  const end = nextChangeAt ?? Number.POSITIVE_INFINITY;
  return [...history.values()].some((samples) => {
    const before = riseBase(samples, changedAt);
    // Not while the window still fills with a burn begun under 5m before the change: a real rollback
    // whose rollout served the bad build 30s more read "the rollback made it worse (undo it: deploy :43 again)".
    const full = windowFullFrom(samples, changedAt);
    return before !== undefined && samples.some((s) => s.burn !== null && s.at > changedAt && s.at >= full && s.at < end && s.burn >= WORSE * before);
  });
}

/** The most of its burn before a change the 5m burn may be after it for the change to have taken a part of it away. */
export const HELPED = 2 / 3;

/**
 * Whether, on some SLO, every 5m sample a whole window after the change was whole (`end`) and
 * before the next change is at most HELPED of the burn just before it started: it took a part
 * of the burn away. A rollback that took 36x to 20x, a kill switch the responder had made
 * beside the bad build adding the rest, read ":42 likely not the cause (roll forward?)".
 */
function fellAfter(changedAt: number, end: number, nextChangeAt: number | undefined, history: BurnSamples): boolean {
  const until = nextChangeAt ?? Number.POSITIVE_INFINITY;
  return [...history.values()].some((samples) => {
    const before = burnBefore(samples, changedAt);
    const after = samples.filter((s) => s.burn !== null && s.at >= end + SHORT_WINDOW_MS && s.at < until);
    return before !== undefined && after.length > 0 && after.every((s) => s.burn! <= HELPED * before);
  });
}

/**
 * Whether the 5m burn has fallen since a change, so far: on some SLO over 1x before it, its newest
 * reading after it (before the next change) is at most HELPED of that. No whole window need have
 * passed, nor the burn be under 1x: the undo of a kill switch that took 17.4x to 1.3x in five
 * minutes passed with one Enter, its dialog saying "the burn has stopped".
 */
export function fellSoFar(action: ActionState, changes: readonly ActionState[], history: BurnSamples): boolean {
  if (action.startedAt === undefined || action.status !== 'succeeded') return false;
  const startedAt = Date.parse(action.startedAt);
  const next = changes.find((a) => a.startedAt !== undefined && a.startedAt > action.startedAt! && a.status !== 'cancelled')?.startedAt;
  const until = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next);
  return [...history.values()].some((samples) => {
    const before = burnBefore(samples, startedAt);
    const newest = samples.filter((s) => s.burn !== null && s.at > startedAt && s.at < until).at(-1);
    return before !== undefined && newest !== undefined && newest.burn! <= HELPED * before;
  });
}

/** How many times its 5m burn before a change the 5m burn must reach after it for the change to be said to have raised it (of a steady burn). */
export const RAISED = 2;

/** A change, as the burn judges it: when it began and ended (ms since the epoch), and whether it still runs. */
export interface TimedChange {
  readonly startedAt: number;
  readonly at: number;
  readonly status: string;
}

/** "5m 16.0x → 35.7x": how far the 5m burn rose after a change. */
export const roseText = (rose: { readonly before: number; readonly after: number }): string => `${formatDuration(SHORT_WINDOW_MS)} ${burnText(rose.before)} → ${burnText(rose.after)}`;

/** A change after which the burn rose: the 5m burn just before it, and the highest in the window (and a poll) after it. */
export interface RiseAfter<A extends TimedChange> {
  readonly action: A;
  readonly before: number;
  readonly after: number;
}

/**
 * The changes after which the 5m burn, over 1x before, reached RAISED times that within a 5m
 * window and a poll (and before the next change), oldest first: what they may have added to the
 * burn. A kill switch that took 16x to 36x beside the bad build was never named: after the
 * rollback took the build's part away, the screen said "no deploy or flag change" was left to
 * explain the rest, and the drill report left it as a follow-up.
 */
export function risesAfter<A extends TimedChange>(actions: readonly A[], samples: readonly { readonly at: number; readonly burn: number | null }[]): RiseAfter<A>[] {
  return actions.flatMap((action, i) => {
    if (action.status === 'running') return [];
    const before = burnBefore(samples, action.startedAt);
    const end = Math.min(action.at + SHORT_WINDOW_MS + POLL_MS, actions[i + 1]?.startedAt ?? Number.POSITIVE_INFINITY);
    const full = windowFullFrom(samples, action.startedAt);
    const after = Math.max(...samples.flatMap((s) => (s.burn !== null && s.at > action.at && s.at >= full && s.at <= end ? [s.burn] : [])));
    // A burn just begun doubles by itself as it fills its window: over one, only three times is a rise.
    const factor = steadyBefore(samples, action.startedAt) ? RAISED : WORSE;
    const base = riseBase(samples, action.startedAt);
    return before !== undefined && base !== undefined && after >= factor * base ? [{ action, before, after }] : [];
  });
}

/**
 * What the burn says of each rollback, to the next change the responders made, by action id:
 * `outlived`, the burn went on after it (the revision it left likely not the cause); `helped`,
 * it went on, but the rollback took a part of it away (the revision it left one of the causes);
 * `worsened`, the burn rose sharply after it (a forced one, to a build that cannot read the
 * schema): that says nothing of whether the revision it left was the cause, and the rollback
 * itself made it worse.
 */
export interface RollbackJudgement {
  readonly outlived: ReadonlyMap<string, ActionState>;
  readonly helped: ReadonlyMap<string, ActionState>;
  readonly worsened: ReadonlyMap<string, ActionState>;
  /** Any change (a flag's too) the burn rose after (`risesAfter`), on the SLO it rose most on: its 5m burn before and after. */
  readonly raised: ReadonlyMap<string, { readonly before: number; readonly after: number }>;
  /**
   * Any change (a flag's too) after which every SLO burning before it fell under 1x, before the
   * next change; and one made within a 5m window and a poll before such a change, the SLO unable
   * to tell which of them stopped it: by action id, the others it was made together with.
   */
  readonly stopped: ReadonlyMap<string, readonly string[]>;
  /**
   * Rollbacks the burn went on after while something else burned that a later change then took
   * away, the burn stopping or falling after it, by action id, with that later change and how it
   * masked the rollback's verdict (`maskedText`): the build the rollback went to, bad too (two bad
   * builds broken at once read `↶ :43 likely not the cause`), or an earlier change of the
   * responder's still standing, undone by it (a kill switch turned 50s before the rollback: the
   * resolve dialog, drill report and postmortem said of the bad build "roll forward?").
   */
  readonly masked: ReadonlyMap<string, ActionState>;
  /**
   * Changes made while the burn had stopped (the 5m window under 1x just before) after which it
   * came back over 1x within a 5m window and a poll, before the next change: a kill switch turned
   * after the rollback had worked read "(succeeded)" alone in the postmortem.
   */
  readonly broughtBack: ReadonlySet<string>;
  /**
   * Rollbacks the burn outlived until a later change, not a deploy's, stopped it while the build
   * they went to still ran, by action id, with that change: the build they left is cleared of the
   * burn, and the one they went to ran clean. A bad-flag drill's wrong rollback, the kill switch
   * then stopping the burn under :41, left ":42 is known bad" blocking its undo, and "either :42 is
   * not the cause or :41 is as bad (roll back further?)" in the resolve dialog and the postmortem.
   */
  readonly cleared: ReadonlyMap<string, ActionState>;
  /**
   * Flag changes (not undos) the burn went on after, not falling, until the next change: a kill
   * switch made against the advice read "(succeeded)" alone, left off with no word that it had not
   * helped, while a needless rollback was said so.
   */
  readonly flagsOutlived: ReadonlyMap<string, ActionState>;
  /**
   * Changes (not undos) made after the burn had stopped: every SLO's 5m window under 1x just before,
   * one of them over 1x earlier. A second rollback made then (to :40) marked the build that had run
   * clean `⊗ :43 bad`, and nothing said an older build was left running.
   */
  readonly afterTheStop: ReadonlySet<string>;
  /**
   * Changes undone while the burn stayed stopped, every SLO under 1x a whole window after the undo: not needed, and what
   * they moved away from ran clean again. A rollback made with the kill switch and undone, :42 running with the burn at
   * 0.1x, still read `⊗ :42 bad` on the deploys panel, and the postmortem's Mitigated row credited an undone flag change.
   */
  readonly undoneClean: ReadonlySet<string>;
  /**
   * Changes made while the burn already fell after an earlier one as a stop would empty its window, by action id, with
   * that earlier change: the stop is its, not theirs. A rollback made 2 minutes after the kill switch, the burn at 12.3x
   * ↓ from 16x, read "made together: the SLO cannot tell which", and "whether checkout-api:42 was a cause is not known".
   */
  readonly madeWhileFalling: ReadonlyMap<string, ActionState>;
}

export const NO_JUDGEMENT: RollbackJudgement = { outlived: new Map(), helped: new Map(), worsened: new Map(), raised: new Map(), stopped: new Map(), masked: new Map(), broughtBack: new Set(), cleared: new Map(), flagsOutlived: new Map(), afterTheStop: new Set(), undoneClean: new Set(), madeWhileFalling: new Map() };

/** The rollbacks whose build they moved away from ran clean: made after the burn had stopped, or undone while it stayed stopped (knownBad.ts). */
export function leftClean(judged: Pick<RollbackJudgement, 'afterTheStop' | 'undoneClean' | 'madeWhileFalling'>): { has(id: string): boolean } {
  // Made while the burn fell after another change, the errors already over: the build it left ran without them (the panel
  // read `⊗ :42 bad`, and its undo was blocked as "known bad", beside "not shown to be a cause").
  return { has: (id) => judged.afterTheStop.has(id) || judged.undoneClean.has(id) || judged.madeWhileFalling.has(id) };
}

/** The rollbacks after which the burn rose, or came back once it had stopped: the build each went to is bad too (knownBad.ts). */
export function madeItWorse(judged: Pick<RollbackJudgement, 'worsened' | 'broughtBack'>): { has(id: string): boolean } {
  return { has: (id) => judged.worsened.has(id) || judged.broughtBack.has(id) };
}

export function judgeRollbacks(actions: readonly ActionState[], history: BurnSamples): RollbackJudgement {
  const outlived = new Map<string, ActionState>();
  const helped = new Map<string, ActionState>();
  const worsened = new Map<string, ActionState>();
  const flagsOutlived = new Map<string, ActionState>();
  const changes = actions.filter((a) => a.startedAt !== undefined && a.status !== 'cancelled');
  const back = broughtBack(changes, history);
  changes.forEach((action, i) => {
    // The burn came back after it, having stopped: no burn went on through it (a rollback forced through its block after
    // the kill switch worked read "Whether checkout-api:42 was a cause is not known: the burn went on while act-3's change stood").
    if (back.has(action.id)) return;
    const end = changeEnd(action);
    // An undo puts back what ran before a change: no verdict on the build it went to (the undo of the
    // rollback that worked read "Whether checkout-api:41 was a cause is not known", and hid the ↩ target).
    const rollback = typeof action.facts?.currentRevision === 'string';
    if ((!rollback && typeof action.facts?.flag !== 'string') || action.undoes !== undefined || action.status !== 'succeeded' || end === undefined) return;
    const next = changes.slice(i + 1).find((a) => a.startedAt! > action.startedAt!)?.startedAt;
    const nextAt = next === undefined ? undefined : Date.parse(next);
    const startedAt = Date.parse(action.startedAt!);
    if (roseAfter(startedAt, nextAt, history)) {
      if (rollback) worsened.set(action.id, action);
    } else if (burnWentOnAfter(end, nextAt, history) || flatUntilNext(startedAt, end, nextAt, history) || wentOnPastNext(action, startedAt, end, nextAt, history)) {
      const fell = fellAfter(startedAt, end, nextAt, history);
      if (rollback) (fell ? helped : outlived).set(action.id, action);
      else if (!fell) flagsOutlived.set(action.id, action);
    }
  });
  const raised = raisedBy(changes, history);
  const madeWhileFalling = new Map<string, ActionState>();
  const stopped = stoppedBy(changes, history, new Set([...back, ...raised.keys()]), madeWhileFalling);
  const masked = new Map<string, ActionState>();
  for (const [id, action] of outlived) {
    const tookAway = changes.find((later) => later.startedAt! > action.startedAt! && (helped.has(later.id) || stopped.has(later.id)) && masks(later, action, changes));
    if (tookAway === undefined) continue;
    outlived.delete(id);
    masked.set(id, tookAway);
  }
  const undoneClean = new Set(changes.filter((a) => a.undoes === undefined && undoneWhileStopped(a.id, actions, history)).map((a) => a.id));
  return { outlived, helped, worsened, raised, stopped, masked, broughtBack: back, cleared: clearedBy(outlived, changes, stopped), flagsOutlived, afterTheStop: madeAfterTheStop(changes, history), undoneClean, madeWhileFalling };
}

/** The outlived rollbacks a later change then stopped the burn after, no deploy moved in between (`cleared`). */
function clearedBy(outlived: ReadonlyMap<string, ActionState>, changes: readonly ActionState[], stopped: ReadonlyMap<string, readonly string[]>): Map<string, ActionState> {
  const cleared = new Map<string, ActionState>();
  for (const [id, rollback] of outlived) {
    const later = changes.filter((a) => a.startedAt! > rollback.startedAt!);
    const moved = later.findIndex((a) => typeof a.facts?.currentRevision === 'string');
    const stopper = (moved === -1 ? later : later.slice(0, moved)).find((a) => stopped.has(a.id) && (stopped.get(a.id) ?? []).length === 0);
    if (stopper !== undefined) cleared.set(id, stopper);
  }
  return cleared;
}

/** Whether `later` took away what burned during `rollback`'s judgement: the build it went to, or an earlier change it undid. */
function masks(later: ActionState, rollback: ActionState, changes: readonly ActionState[]): boolean {
  if (later.facts?.currentRevision === rollback.facts?.targetRevision) return true;
  const undone = later.undoes === undefined ? undefined : changes.find((a) => a.id === later.undoes);
  return undone !== undefined && undone.startedAt! < rollback.startedAt!;
}

/** What the burn went on under after a masked rollback: "under checkout-api:42, bad too", "while act-1's change stood (act-3 undid it)". */
export function maskedText(rollback: ActionState, by: ActionState): string {
  return by.undoes === undefined ? `under ${String(rollback.facts?.targetRevision)}, bad too` : `while ${by.undoes}'s change stood (${by.id} undid it)`;
}

/**
 * The revisions this incident rolled back from too recently for the burn to tell whether they
 * were the cause: until a 5m window (and a poll) has passed since the rollback ended, by revision,
 * with when it will have. Calling one "bad" then was the responder's guess shown as a verdict (a
 * bad-flag drill's wrong rollback read `⊗ :42 bad` for five minutes, then `likely not the cause`).
 * Not one the burn stopped after, alone (`stopped`): that verdict is in (a bad-deploy drill's panel
 * said `:42 the cause? the 5m burn tells by 02:39Z` for two minutes beside "the burn has stopped").
 */
export function rollbacksBeingJudged(actions: readonly ActionState[], now: number, stopped: RollbackJudgement['stopped'] = new Map()): ReadonlyMap<string, number> {
  const judged = new Map<string, number>();
  // Revisions a rollback from which stopped the burn alone: the verdict is in, for every later rollback from them too
  // (rolled back from again after an undo put it back, the panel asked `:42 the cause?` of a build already shown bad).
  const shown = new Set<string>();
  for (const action of actions) {
    const from = action.facts?.currentRevision;
    if (typeof from !== 'string' || typeof action.facts?.targetRevision !== 'string' || action.startedAt === undefined || judged.has(from) || shown.has(from)) continue;
    if (action.status === 'failed' || action.status === 'cancelled' || action.verification?.outcome === 'failed') continue;
    if (stopped.get(action.id)?.length === 0) {
      shown.add(from);
      continue;
    }
    const until = judgedBy(action);
    if (until > now) judged.set(from, until);
  }
  return judged;
}

/**
 * When the 5m burn can tell whether a change stopped the burn: a whole window (and a poll) after
 * the change was whole; never while its check still runs (its rollout going on). The deploys panel
 * and the advice judge a rollback by this one clock: for a minute the panel said `:42 the cause?
 * the 5m burn tells by 02:43Z` beside advice that already said `rolling back to :41 did not stop it`.
 */
export function judgedBy(action: ActionState): number {
  const checking = action.status === 'succeeded' && action.verification === undefined;
  const end = checking ? undefined : changeEnd(action);
  return end === undefined ? Number.POSITIVE_INFINITY : end + SHORT_WINDOW_MS + POLL_MS;
}

/** The changes that ran (succeeded) the burn rose after, by action id, on the SLO it rose most on. */
function raisedBy(changes: readonly ActionState[], history: BurnSamples): Map<string, { before: number; after: number }> {
  // A change that failed or was cancelled changed nothing the burn could answer to.
  const timed = changes.filter((action) => action.status === 'succeeded').map((action) => ({ action, startedAt: Date.parse(action.startedAt!), at: changeEnd(action) ?? Date.parse(action.startedAt!), status: 'done' }));
  const raised = new Map<string, { before: number; after: number }>();
  for (const samples of history.values()) {
    for (const { action, before, after } of risesAfter(timed, samples)) {
      const known = raised.get(action.action.id);
      if (known === undefined || after / before > known.after / known.before) raised.set(action.action.id, { before, after });
    }
  }
  return raised;
}

function madeAfterTheStop(changes: readonly ActionState[], history: BurnSamples): Set<string> {
  const made = changes.filter((a) => a.undoes === undefined && (typeof a.facts?.currentRevision === 'string' || typeof a.facts?.flag === 'string'));
  return new Set(
    made.flatMap((action) => {
      const at = Date.parse(action.startedAt!);
      const before = [...history.values()].map((samples) => samples.filter((s) => s.burn !== null && s.at <= at));
      const read = before.filter((samples) => samples.length > 0);
      const stopped = read.length > 0 && read.every((samples) => samples.at(-1)!.burn! < 1) && read.some((samples) => samples.some((s) => s.burn! >= 1));
      return stopped ? [action.id] : [];
    }),
  );
}

function broughtBack(changes: readonly ActionState[], history: BurnSamples): Set<string> {
  const back = new Set<string>();
  changes.forEach((action, i) => {
    if (action.status !== 'succeeded' || (typeof action.facts?.currentRevision !== 'string' && typeof action.facts?.flag !== 'string')) return;
    const startedAt = Date.parse(action.startedAt!);
    const next = changes.slice(i + 1).find((a) => a.startedAt! > action.startedAt!)?.startedAt;
    const until = Math.min(next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next), startedAt + SHORT_WINDOW_MS + POLL_MS);
    for (const samples of history.values()) {
      const before = samples.filter((s) => s.burn !== null && s.at <= startedAt).at(-1);
      if (before !== undefined && before.burn! < 1 && samples.some((s) => s.burn !== null && s.at > startedAt && s.at <= until && s.burn >= 1)) back.add(action.id);
    }
  });
  return back;
}
