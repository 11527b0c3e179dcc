import type { PassedOver } from '../core/nextStep';
import type { IncidentMode, Role } from '../core/events';
import type { IncidentStatus } from '../core/incident';
import type { OpenEnds } from '../core/openEnds';
import type { Recommendation } from '../core/recommendation';
import type { SloStatus } from '../core/sloStatus';
import type { PlannedCall, SafetyVerdict } from '../plugins/contract';
import type { Severity } from '../runbook/schema';

/**
 * What the session publishes to whoever draws it (the TUI, the autopilot, tests): everything
 * already derived, so a renderer formats and never computes. Immutable: a new object per change.
 * Times are ISO strings; ages and durations are milliseconds measured at `now`.
 */
export interface CockpitView {
  /** When this view was built (the session's clock): ages below are relative to it. */
  readonly now: string;
  readonly incident: IncidentView;
  readonly deploys: PanelView<readonly DeployRow[]>;
  readonly flags: PanelView<readonly FlagRow[]>;
  readonly slos: PanelView<readonly SloRow[]>;
  /**
   * What the evidence says to do, one per SLO with a fired trigger ("Flag kill switch recommended:
   * checkout_v2 changed 56m ago, …"), with the evidence in words. Empty when nothing fired.
   */
  readonly recommendations: readonly RecommendationView[];
  readonly steps: readonly StepView[];
  /** Index into `steps` of the step the runbook suggests next (first not done or skipped), or -1. */
  readonly nextStep: number;
  /** The open steps the runbook passes over, and why (core/nextStep.ts). */
  readonly passedOver: PassedOver;
  readonly timeline: TimelineView;
  /**
   * Events done while the shared store could not be reached, queued locally and not recorded yet,
   * in the order they will be uploaded: shown after the timeline, marked pending, never as recorded.
   */
  readonly pending?: readonly PendingEntry[];
  /** The one confirmation waiting for the responder, if any. */
  readonly confirmation?: ConfirmationView;
  readonly running: readonly RunningActionView[];
  /** Reminders that need a human: "Status page not updated for 12m (runbook: after 10m)". */
  readonly reminders: readonly string[];
  /** Things the responder must know about the cockpit itself (read-only, a plugin failed to load, ...). */
  readonly notices: readonly string[];
}

export interface IncidentView {
  readonly id: string;
  readonly service: string;
  readonly owner: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly openedAt: string;
  readonly ageMs: number;
  readonly mode: IncidentMode;
  /** A drill of either kind: the UI shows a loud DRILL banner. */
  readonly drill: boolean;
  readonly environment: string;
  readonly roles: Readonly<Partial<Record<Role, string>>>;
  readonly responder: string;
  /** Another cockpit holds the incident: intents that write are refused. */
  readonly readOnly: boolean;
  /** The other responders with the incident open (a shared store), longest present first. */
  readonly present: readonly PresentView[];
  /**
   * Set while the timeline cannot be written (disk full, I/O error): nothing since `since` is
   * recorded, and the screen must say so louder than anything else.
   */
  readonly notRecording?: { readonly since: string; readonly reason: string; readonly path: string };
  /**
   * Set while the shared store cannot be reached: what the responder does is kept in a local
   * queue (`pending` events there now) and uploaded when it is back.
   */
  readonly recordingLocally?: { readonly since: string; readonly reason: string; readonly queue: string; readonly pending: number };
  /** The newest severity decided here and queued, not recorded yet (`SEV2 ⧗ SEV1`). */
  readonly pendingSeverity?: Severity;
  /** What others record cannot be read now (a watch through a shared store's outage): why; the screen may be behind. */
  readonly watchBehind?: string;
  readonly escalation: readonly string[];
  readonly links: Readonly<Record<string, string>>;
  /** How long it was open, once resolved: the header shows this instead of a growing age. */
  readonly resolvedAfterMs?: number;
  /**
   * Why marking it mitigated or resolved now needs a reason ("availability is burning 14.2x on
   * 5m"); absent when nothing burns. The session asks for the same reason (src/core/stillBurning.ts).
   */
  readonly burning?: string;
  /** The runbook has SLOs and no reading of them came (core/stillBurning.ts `burnNotKnown`): marking it closed takes a reason. */
  readonly burnUnknown?: string;
  /** Runbook steps not done and flag changes still in place: what resolving leaves behind (core/openEnds.ts). */
  readonly openEnds?: OpenEnds;
}

export interface PresentView {
  readonly responder: string;
  /** When their cockpit opened the incident (ISO). */
  readonly since: string;
  readonly readOnly: boolean;
}

/**
 * One panel's data and how much to trust it. `loading`: no answer yet. `ok`: fresh.
 * `stale`: the last answer is older than the panel's freshness limit. `error`: the latest poll
 * failed (the last good `data`, if any, is still shown). `absent`: the runbook has no such provider.
 */
export interface PanelView<T> {
  readonly status: 'loading' | 'ok' | 'stale' | 'error' | 'absent';
  /** Provider key and plugin, e.g. `deploys (ecs)`. */
  readonly source?: string;
  readonly data?: T;
  /** Age of `data` in ms. */
  readonly ageMs?: number;
  readonly error?: string;
  /** With `error`: how long until the provider is asked again (its backoff). */
  readonly retryInMs?: number;
  /** The data is partial: why (the provider's own words), said beside it. */
  readonly warning?: string;
  /** Absent here because its provider runs in another cockpit (a watch of a sandbox drill): where. */
  readonly elsewhere?: string;
}

export interface DeployRow {
  readonly id: string;
  /** `checkout-api:42` */
  readonly revision: string;
  /** What tells revisions of one service apart: `:42`. */
  readonly shortRevision: string;
  /** The primary image without its registry (`checkout-api:c42d4c3`), `+N` when there are more. */
  readonly artifact: string;
  readonly status: string;
  readonly startedAt?: string;
  readonly ageMs?: number;
  readonly actor?: string;
  readonly current: boolean;
  /** Where the runbook's rollback step would go, as the provider planned it. */
  readonly rollbackTarget: boolean;
  /** The revision a step's undo would deploy again (`U undoes it: deploy checkout-api:42 again`): kept on screen like the target. */
  readonly undoTarget?: true;
  /** An older deploy of what runs now (a rollback re-deployed it): the table marks it `= same`, never a step back. */
  readonly sameAsCurrent?: boolean;
  /** The rollback to this target is blocked by its safety check (shown before the step is run, not only in its dialog). */
  readonly rollbackBlocked?: boolean;
  /**
   * The incident rolled back already: going to this target would be a second rollback, a new
   * decision (the table marks it `↩ again`; `↩ target` beside a rollback that had worked read as
   * the cockpit's next suggestion).
   */
  readonly rollbackAgain?: boolean;
  /** Why the incident knows this revision is bad ("rolled back to checkout-api:41 by alice (act-3) at 02:41Z"). */
  readonly knownBad?: string;
  /**
   * The incident rolled back from this revision and the burn went on: the evidence no longer
   * blames it (`knownBad` says what was done; the panel does not call it bad).
   */
  readonly burnOutlivedRollback?: boolean;
  /**
   * Beside `burnOutlivedRollback`: the later change (not a deploy) after which the burn stopped
   * while the build the rollback went to ran (`flags.set act-2`): this revision is cleared.
   */
  readonly burnStoppedAfter?: string;
  /**
   * The incident rolled back from this revision and the burn rose sharply after it: the rollback
   * made it worse, which says nothing of whether this revision was the cause (not called bad).
   */
  readonly burnRoseAfterRollback?: boolean;
  /**
   * The incident rolled back from this revision and the burn went on, while something else burned
   * that a later change took away (the build it went to, bad too; an earlier change, undone): what
   * the burn went on under (`under checkout-api:42, bad too`). That says nothing either way of this
   * revision: not called bad, nor likely not the cause.
   */
  readonly burnWentOnUnder?: string;
  /**
   * The incident rolled back from this revision too recently for the burn to tell whether it was
   * the cause: when it will have (`by HH:MMZ`, a 5m window after the rollback ended; the panel does
   * not call it bad meanwhile).
   */
  readonly causeShowsBy?: string;
  /**
   * The incident rolled back from this revision and the burn stopped after the rollback and other
   * changes made within a 5m window of it (`flags.set act-2`): which stopped it is not known, so
   * neither is whether this revision was the cause (not called bad).
   */
  readonly stoppedTogetherWith?: string;
  /** The provider rolled this deploy back on its own ("rolled back by ECS: circuit breaker triggered"). */
  readonly automaticRollback?: string;
  /** `expand_only`, `contract`, `destructive`, ... */
  readonly migration?: string;
}

export interface FlagRow {
  readonly key: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly variant: string | null;
  readonly variants: readonly string[];
  readonly changedAt?: string;
  readonly changedAgoMs?: number;
  readonly changedBy?: string;
}

export interface SloWindowBurn {
  /** `5m`, `30m`, `1h`, `6h` */
  readonly window: string;
  readonly errorRatio: number | null;
  /** null: no data (no traffic), never shown as zero. */
  readonly burnRate: number | null;
  /** The SLO's data covers only this much of the window (a Prometheus younger than it): the burn is over that. */
  readonly dataMs?: number;
}

export interface SloRow {
  readonly name: string;
  /** Percent good over the period, as the runbook writes it (99.5). */
  readonly objective: number;
  /** Burning, recovering (short windows back under the triggers, a long one still over), ok or no data. */
  readonly status: SloStatus;
  readonly windows: readonly SloWindowBurn[];
  /** The short window's burn over the last hour in 5m spans, oldest first; null where nothing was sampled. */
  readonly sparkline: readonly (number | null)[];
  /** Fraction of the period's budget left (may be negative), null without data. */
  readonly budgetRemaining: number | null;
  /** How much of the period the SLO's data covers, when less than all of it: `budgetRemaining` is then at most what is left. */
  readonly budgetDataMs?: number;
  /** "budget gone in 3h" at the short window's burn, the rate now; null without data, or when that is past the budget's period. */
  readonly exhaustionMs: number | null;
  readonly firedTriggers: readonly FiredTriggerView[];
}

export interface FiredTriggerView {
  readonly id: string;
  /** "14.4x on 1h+5m" */
  readonly label: string;
  /** Since this firing (a trigger that cleared and fired again is a new firing). */
  readonly firedAgoMs: number;
  /** How many times it fired in this incident: 2 or more is "again". */
  readonly firings: number;
  /** Firing already at the cockpit's first look (`atFirstLook`): when it fired is not known, only when it was seen. */
  readonly seen?: true;
  /** Its long window holds only this much data: it fired on minutes, not on the window it names. */
  readonly longDataMs?: number;
}

/** `awaiting`: planned in another cockpit (the writer's, a teammate's), its confirmation open there. */
/** `started`: a step with nothing to run (a look, a call), begun and the responder's to finish with `d`. */
export type StepStatusView = 'pending' | 'started' | 'awaiting' | 'running' | 'done' | 'skipped' | 'failed' | 'interrupted' | 'unwatched';

/** A recommendation as the screen shows it: with the step whose `U` does the undo it asks for, or whose Enter makes the change it asks for. */
export type RecommendationView = Recommendation & {
  /** 1-based, as the runbook panel numbers its steps. */
  readonly undoStep?: number;
  /** 1-based: the open step that runs the rollback or the flag change the advice asks for. */
  readonly runStep?: number;
  /** Enter on that step checks this change first (StepView `checksFirst`). */
  readonly runChecksFirst?: string;
};

export interface StepView {
  readonly id: string;
  readonly title: string;
  readonly hint?: string;
  readonly phase: 'first_actions' | 'recovery';
  readonly status: StepStatusView;
  readonly skipReason?: string;
  /** Done by hand although its action never ran: which action, and the responder's reason. */
  readonly manual?: { readonly action: string; readonly reason: string };
  /** A recovery check marked done by hand: why (an overridden check read `✓ done` beside a burning SLO). */
  readonly overridden?: string;
  /** `flags.set` for a step with `run:`; the plan is shown before it runs. */
  readonly action?: string;
  /** A `verify:` step's condition ("availability burn < 1x for 10m"): Enter starts the check, `d` overrides it. */
  readonly check?: string;
  /** For `verify:` steps: "burn 0.40x < 1x, held 4m of 10m", or why it cannot pass (stale data). */
  readonly verify?: string;
  /** "interrupted — check the provider" after a crash mid-action; failure message otherwise. */
  readonly detail?: string;
  /** Its plan, made now, is blocked by its safety check (`detail` says why). */
  readonly blocked?: true;
  /** To do, and what its change would make is so already (its flag serves that): why it is nothing to do, never next. */
  readonly inEffect?: string;
  /** The last lines its last action printed (a `command.run`): shown under the step where it was run. */
  readonly output?: { readonly lines: readonly string[]; readonly more: boolean };
  /** It takes back an earlier step (the runbook's `reverses`): which, and whether the incident did that one. */
  readonly reverses?: { readonly step: string; readonly done: boolean };
  /** The change its action made can be taken back (`U`): that action, and what the undo would do. */
  readonly undo?: { readonly action: string; readonly summary: string };
  /** The change its action made was taken back: by which action (`act-3`). */
  readonly undone?: string;
  /** Enter on it checks this change first (an undo nobody watched to its end), rather than running the step. */
  readonly checksFirst?: string;
  /** Its change stands and `U` cannot take it back: why (its undo failed its check: an Argo Rollout aborted it). */
  readonly undoRefused?: string;
}

export interface TimelineEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly kind: string;
  /** One line, already redacted, for humans. */
  readonly text: string;
  /**
   * How many consecutive events of this kind the line stands for (observations the cockpit makes
   * every minute, `slo.observed`): the newest's text, so the responder's own actions stay on screen.
   */
  readonly repeats?: number;
}

/** A queued event, not recorded yet: no seq until its upload commits. */
export interface PendingEntry extends Omit<TimelineEntry, 'seq'> {
  readonly id: string;
  /** The step a step event is of: its step shows it marked, pending (`d` pressed again while queued recorded it twice). */
  readonly step?: string;
  /** A severity decided while queued: the top bar shows it beside the recorded one. */
  readonly severity?: string;
}

/**
 * The timeline grows only at the end and entries never change, so a renderer can window it:
 * `entries(start, end)` is cheap at any length (100k events), and `length` tells how many exist.
 */
export interface TimelineView {
  /** Lines (a run of observations is one line). */
  readonly length: number;
  /** Events recorded: what the header counts; absent, the lines are the events. */
  readonly events?: number;
  entries(start: number, end: number): readonly TimelineEntry[];
}

export interface ConfirmationView {
  readonly action: string;
  readonly step?: string;
  /** An undo: the action whose change it takes back, and that action's step. */
  readonly undoes?: { readonly action: string; readonly step?: string };
  /** `deploys.rollback` */
  readonly name: string;
  readonly summary: string;
  readonly calls: readonly PlannedCall[];
  readonly safety: SafetyVerdict;
  /**
   * What the responder must type to confirm, when anything: the service name for a risky action
   * in production, the safety verdict's phrase for a version jump or a blocked rollback.
   */
  readonly typeToConfirm?: string;
  /** Why typing is required: "rollback jumps 3 revisions", "production, dangerous action". */
  readonly typeReason?: string;
  /** Of a blocked plan's `typeReason`, what its block's reasons (listed above the phrase) do not say: said when the whole is too long for the dialog. */
  readonly typeReasonBeyondBlock?: string;
  /** A mitigation other than the one the evidence recommends: that recommendation, said in the dialog. */
  readonly recommendedInstead?: string;
  /** The first plan was refused as stale, just before it ran: what changed (the dialog came back with another verdict, unexplained). */
  readonly replanned?: string;
  /** A teammate's attempt on the same step, in their dialog or made since this plan (two dialogs of one change said nothing of each other). */
  readonly teammate?: string;
  /** Planned once the incident was resolved: the change is made after the resolution (the postmortem lists it among the others). */
  readonly afterResolve?: string;
  /** An undo the advice asks for: that advice (it read "⚠ Not the recommended change" beside it, or nothing). */
  readonly asked?: string;
  /**
   * The undo of a rollback the burn went on after until another change stopped it: the clean-up the
   * incident's open ends suggest, as they say it (it read "⚠ Not the recommended change: … the burn
   * has stopped", a "don't" for a right clean-up).
   */
  readonly cleanUp?: string;
  /**
   * The step's change was taken back: running it again puts it back. What it did then ("act-1 made
   * this change, and act-2 undid it: the burn rose after it (5m 15.9x → 36.5x)").
   */
  readonly redoes?: string;
}

export interface RunningActionView {
  readonly action: string;
  readonly name: string;
  readonly step?: string;
  readonly summary: string;
  readonly phase: 'executing' | 'verifying';
  /** "tasks 3/6 running, rollout IN_PROGRESS" */
  readonly progress?: string;
  readonly done?: number;
  readonly total?: number;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly cancellable: boolean;
  /** Last lines of streamed output (redacted). */
  readonly outputTail: readonly string[];
}
