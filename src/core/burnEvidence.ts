import { SHORT_WINDOW_MS } from './burnRate';
import type { BurnEvidence } from './burnNow';
import { estimatedOnset } from './changeCorrelation';
import { POLL_MS, type BurnSamples } from './changeWindow';
import type { ActionState, TriggerState } from './incidentState';
import type { TriggerRule } from './triggers';
import { sloStatus } from './sloStatus';

/**
 * One trigger's evidence for the recommendation, its burns read through `burnOn`. `known`: the
 * trigger as an incident's timeline has it (when it first fired, and its windows then); without
 * it the burn is seen firing `now` (a snapshot of no incident), its start estimated from the
 * windows now. `notBefore`: the previous incident's resolve, before which nothing is dated.
 */
export function burnEvidenceOf(
  rule: TriggerRule,
  fired: boolean,
  burnOn: (windowMs: number) => number | null,
  at: { readonly now: number; readonly notBefore?: number; readonly known?: TriggerState; readonly dataSince?: number; readonly before?: WindowsBefore; readonly olderBurn?: boolean },
): BurnEvidence {
  const { longMs, shortMs } = rule;
  const burn = {
    slo: rule.slo,
    fired,
    threshold: rule.burnRate,
    longMs,
    shortMs,
    longBurn: burnOn(longMs),
    shortBurn: burnOn(shortMs),
    // What the errors do now, when the SLO's shortest window is shorter than the trigger's own.
    ...(SHORT_WINDOW_MS < shortMs ? { newest: { windowMs: SHORT_WINDOW_MS, burn: burnOn(SHORT_WINDOW_MS) } } : {}),
  };
  const { known, now, notBefore, dataSince } = at;
  if (known === undefined) return { ...burn, onsetAt: now, seenFiring: true, beganBy: estimatedOnset(now, burn, notBefore, dataSince) };
  const firedAt = Date.parse(known.firstFiredAt);
  const first = known.firstBurns;
  // Paged only after the first action: its windows then held that action's effect too.
  const before = at.before !== undefined && at.before.at < firedAt ? datedBefore(rule, at.before, at) : {};
  return {
    ...burn,
    onsetAt: firedAt,
    ...(known.seenFiring ? { seenFiring: true } : {}),
    ...(known.firedCount > 1 ? { firedAgainAt: Date.parse(known.lastFiredAt) } : {}),
    ...(first === undefined || at.olderBurn === true ? {} : { beganBy: estimatedOnset(firedAt, { longMs, shortMs, longBurn: first.long, shortBurn: first.short }, notBefore, dataSince) }),
    ...before,
  };
}

type BurnSample = { readonly at: number; readonly burn: number | null };

/** How far under the long window's burn the 5m one may be as a trigger fired, and how far it then rises, for a new burn. */
const UNDER_LONG = 0.5;
const RISEN = 1.5;
/** How far apart a trigger's firing and the 5m reading of its poll may be recorded. */
const SAME_POLL_MS = 1_000;

/**
 * Whether the 5m burn, read as the trigger fired at under half its long window's, rose by half again within a window
 * after: the long windows hold an older burn (a previous incident's, resolved while its window drained, bounds nothing),
 * and date nothing of the one going on now, through this trigger or another of the SLO (`olderBurn`). The incident after
 * one so resolved dated its burn 38 minutes back into the first one's, and said "no deploy or flag change in the 12h
 * before" of the deploy made 87 s before its first look.
 */
export function windowsHoldOlderBurn(trigger: TriggerState, fiveMinute: readonly BurnSample[]): boolean {
  const firedAt = Date.parse(trigger.firstFiredAt);
  // The reading the trigger fired beside (its windows are read in the same poll), not one from before the burn.
  const first = fiveMinute.findLast((s) => s.burn !== null && s.at <= firedAt + SAME_POLL_MS && s.at >= firedAt - POLL_MS);
  if (trigger.firstBurns === undefined || first === undefined || first.burn! >= UNDER_LONG * trigger.firstBurns.long) return false;
  return fiveMinute.some((s) => s.burn !== null && s.at > first.at && s.at <= first.at + SHORT_WINDOW_MS && s.burn >= Math.max(1, RISEN * first.burn!));
}

/** When the responders' changes (a rollback, a flag change) that ran began, epoch ms. */
export function changeStarts(actions: readonly ActionState[]): number[] {
  return actions.flatMap((a) => (a.status === 'succeeded' && a.startedAt !== undefined && (typeof a.facts?.targetRevision === 'string' || typeof a.facts?.flag === 'string') ? [Date.parse(a.startedAt)] : []));
}

/**
 * The SLOs whose windows hold an older burn than the one going on (windowsHoldOlderBurn, on any of their triggers), read
 * from the 5m burn as it rose by itself: before the responders' first change (what a change did is madeWorse's to say).
 * The cockpit and `cockpit status` read it alike.
 */
export function slosOverOlderBurn(triggers: readonly TriggerState[], fiveMinute: BurnSamples, actions: readonly ActionState[]): ReadonlySet<string> {
  const firstChange = Math.min(...changeStarts(actions));
  return new Set(triggers.filter((t) => windowsHoldOlderBurn(t, (fiveMinute.get(t.slo) ?? []).filter((s) => s.at < firstChange))).map((t) => t.slo));
}

/**
 * An SLO none of whose triggers fired, that burns now (core/sloStatus.ts: a rule's short window
 * over its threshold, or the newest window over 1x and over every longer one, rising) at a pace
 * some rule pages for if it lasts: its evidence, marked `unpaged`, on the most severe rule whose
 * short window is over its threshold, else on the rule with the shortest windows. A responder saw `▲ BURNING … 5m 14.0x  1h 1.6x` and
 * no recommendation about the 2-minute-old deploy for the 54 minutes a 1h/5m page takes at 8%.
 */
export function unpagedBurn(
  rules: readonly TriggerRule[],
  burnOn: (windowMs: number) => number | null,
  at: { readonly now: number; readonly notBefore?: number; readonly seenSince?: number; readonly dataSince?: number; readonly before?: WindowsBefore },
): BurnEvidence | undefined {
  if (rules.length === 0 || sloStatus(rules, burnOn) !== 'burning') return undefined;
  // Its readings fire a rule now: the page is on its way to the timeline (the screen read "Not paged yet" beside it for a moment).
  if (rules.some((r) => (burnOn(r.longMs) ?? 0) > r.burnRate && (burnOn(r.shortMs) ?? 0) > r.burnRate)) return undefined;
  const over = rules.filter((r) => (burnOn(r.shortMs) ?? 0) > r.burnRate).sort((a, b) => b.burnRate - a.burnRate)[0];
  const fastest = [...rules].sort((a, b) => a.shortMs - b.shortMs)[0]!;
  // Rising at a pace no rule would page for if it lasted (a steady 2x under a 6x rule) is no reason
  // for advice: "Rollback recommended" stood for hours beside a mild burn.
  const pace = burnOn(fastest.shortMs) ?? 0;
  if (over === undefined && !rules.some((r) => pace > r.burnRate)) return undefined;
  const rule = over ?? fastest;
  const { seenSince, before, ...estimate } = at;
  // Seen since the cockpit's first 5m sample of this burn: "deployed 9m before the burn was seen"
  // grew to 26m while the drill ran, read against now.
  return { ...burnEvidenceOf(rule, false, burnOn, estimate), ...(seenSince === undefined ? {} : { onsetAt: Math.min(seenSince, at.now) }), ...datedBefore(rule, before, estimate), unpaged: true };
}

/** An SLO's windows as read just before the incident's first action (IncidentState.windowsBeforeActing). */
export interface WindowsBefore {
  readonly at: number;
  readonly burnOn: (windowMs: number) => number | null;
  /** The SLO's rules: the burn is dated on the one its evidence was read on then (datedBefore). */
  readonly rules: readonly TriggerRule[];
}

/**
 * The burn's start from its windows before anyone acted, when they held it already: an action mixes
 * its own effect into them (a kill switch's fall read as a later start, and the flag flipped 10m
 * after the bad build became "the change the burn began with"). Nothing when it was not burning then.
 */
function datedBefore(rule: TriggerRule, before: WindowsBefore | undefined, bound: { readonly notBefore?: number; readonly dataSince?: number }): Pick<BurnEvidence, 'beganBy' | 'windowsReadAt'> {
  if (before === undefined) return {};
  // Dated by the rule the evidence was read on then (the most severe whose short window was over its threshold, else the
  // fastest): the 6h/30m rule's evidence took over as the burn fell after the rollback, and its windows dated the burn at
  // the first action (its 30m window not full yet); a 6h window's baseline errors date a young burn hours early.
  const rules = before.rules.length > 0 ? before.rules : [rule];
  const over = rules.filter((r) => (before.burnOn(r.shortMs) ?? 0) > r.burnRate).sort((a, b) => b.burnRate - a.burnRate)[0];
  const dating = over ?? [...rules].sort((a, b) => a.shortMs - b.shortMs)[0]!;
  const shortBurn = before.burnOn(dating.shortMs);
  if (shortBurn === null || shortBurn < 1) return {};
  const windows = { longMs: dating.longMs, shortMs: dating.shortMs, longBurn: before.burnOn(dating.longMs), shortBurn };
  return { beganBy: estimatedOnset(before.at, windows, bound.notBefore, bound.dataSince), windowsReadAt: before.at };
}

/** When the burn now under way was first sampled at 1x or more on the 5m window (samples oldest first); none while it is under 1x. */
export function burningSince(samples: readonly { readonly at: number; readonly burn: number | null }[]): number | undefined {
  let since: number | undefined;
  for (let i = samples.length - 1; i >= 0; i -= 1) {
    const { at, burn } = samples[i]!;
    if (burn === null) continue;
    if (burn < 1) break;
    since = at;
  }
  return since;
}

/**
 * An unpaged burn a responder's change stopped: the burn last sampled at 1x or more, from its
 * first such sample, when a change was started while it burned (`changesAt`) and the 5m window
 * reads under 1x now. Its evidence then stands, so the advice says what stopped it and to mark
 * it mitigated: after the rollback that worked the recommendation line went blank (no page had
 * fired, and the burn no longer counted).
 */
export function stoppedAfterChange(
  rules: readonly TriggerRule[],
  burnOn: (windowMs: number) => number | null,
  samples: readonly { readonly at: number; readonly burn: number | null }[],
  changesAt: readonly number[],
  at: { readonly now: number; readonly notBefore?: number; readonly dataSince?: number; readonly before?: WindowsBefore },
): BurnEvidence | undefined {
  const fastest = [...rules].sort((a, b) => a.shortMs - b.shortMs)[0];
  const short = burnOn(SHORT_WINDOW_MS);
  if (fastest === undefined || short === null || short >= 1) return undefined;
  const lastBurning = samples.findLastIndex((s) => s.burn !== null && s.burn >= 1);
  if (lastBurning < 0) return undefined;
  const since = burningSince(samples.slice(0, lastBurning + 1))!;
  const actedOn = changesAt.some((t) => t >= since && t <= samples[lastBurning]!.at);
  const { before, ...estimate } = at;
  return actedOn ? { ...burnEvidenceOf(fastest, false, burnOn, estimate), onsetAt: since, ...datedBefore(fastest, before, estimate), unpaged: true } : undefined;
}
