import type { PlannedCall, SafetyVerdict } from './actions';
import type { ProviderError } from './result';
import type { Severity } from './runbookModel';
import type { Decided } from './lateDecision';
import type { EarlierBad, EventDataByKind, EventOf, IncidentMode, OpenedStep, PreviousIncident, Role } from './events';

/**
 * What the fold of an incident's events (incident.ts) produces: the incident's state, its parts,
 * and the state right after \`incident.opened\`.
 */
export type StepStatus = 'pending' | 'in-progress' | 'done' | 'skipped';

export interface StepState extends OpenedStep {
  readonly status: StepStatus;
  readonly startedAt?: string;
  /** Who started it last: on a shared store, a recovery check is watched in that responder's cockpit. */
  readonly startedBy?: string;
  readonly finishedAt?: string;
  readonly reason?: string;
  /** Marked done by hand although its action never succeeded: which action, and why. */
  readonly manual?: { readonly action: string; readonly reason: string };
  /** A recovery check marked done by hand (`step.completed` with `override`): why. Never drawn as a check that passed. */
  readonly overridden?: string;
  /** A recovery check's last verdict (`verify.passed`/`verify.failed` naming the step alone). */
  readonly check?: { readonly outcome: 'passed' | 'failed'; readonly at: string; readonly summary: string };
  /** Its change was taken back by this action (an undo): the step is to do again, and not done. */
  readonly undoneBy?: string;
  /** A recovery check whose cockpit closed while it watched (a `check-left` note): when. Until it is started again, nobody watches it. */
  readonly watchLeftAt?: string;
}

/** `interrupted`: its cockpit stopped mid-action and its lease expired (`action.interrupted`); how far it got is unknown. */
export type ActionStatus = 'planned' | 'confirmed' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** How much streamed output the state keeps per action (the full output stays in the log). */
export const OUTPUT_TAIL_CHARS = 4_000;

export interface ActionState {
  readonly id: string;
  readonly name: string;
  readonly step?: string;
  /** The action whose change this one takes back (the responder's undo). */
  readonly undoes?: string;
  readonly summary: string;
  readonly calls: readonly PlannedCall[];
  readonly safety?: SafetyVerdict;
  /** The plan's facts (a rollback's current/target revision, a flag's before/after), as recorded. */
  readonly facts?: Readonly<Record<string, unknown>>;
  readonly status: ActionStatus;
  readonly plannedAt: string;
  /** Whose cockpit planned it (the actor of `action.planned`): on a shared store, where it waits for its confirmation. */
  readonly plannedBy?: string;
  readonly confirmedAt?: string;
  readonly confirmedBy?: string;
  /** Confirmed though its dialog said it was not the recommended change: why it said so. */
  readonly confirmedAgainst?: string;
  /** Why its confirmation asked for a typed phrase, where no safety block did (`action.confirmed`'s `typedBecause`). */
  readonly typedBecause?: string;
  readonly startedAt?: string;
  /** Who started it (the actor of `action.started`): on a shared store, whose cockpit runs it. */
  readonly startedBy?: string;
  /** Whose cockpit checks it again after nobody watched it (the actor of `action.watched`). */
  readonly watchedBy?: string;
  readonly finishedAt?: string;
  readonly outcome?: string;
  readonly error?: ProviderError;
  /** Set with status `interrupted`: whose cockpit stopped, and when its lease expired. */
  readonly interrupted?: { readonly responder: string; readonly leaseExpiredAt: string };
  readonly outputTail: string;
  readonly outputChars: number;
  /** When it last printed: the last sign of life of an action whose cockpit stopped (it ran until then, at least). */
  readonly lastOutputAt?: string;
  /**
   * How the check of its effect last ended (`verify.passed`/`verify.failed` naming it), or
   * `unwatched` while the change goes on with nobody watching (`summary`: why).
   */
  /** `at`: when the change took effect; `seenAt`, when that was later than it (a check re-run after a resume saw it late). */
  readonly verification?: { readonly outcome: 'passed' | 'failed' | 'unwatched'; readonly at: string; readonly summary: string; readonly seenAt?: string; /** Unwatched because its cockpit's lease expired. */ readonly leaseExpired?: true };
}

/**
 * A deploy as last observed (images and labels stay on the timeline, not in the state);
 * `observedAt`: when it was first seen as it is now (seeing it again unchanged changes nothing).
 */
/**
 * A deploy as last observed. `formerly`: what the same deploy (its id: a Kubernetes ReplicaSet) was
 * before it was seen under another revision (reused by a rollback: :42's became :44), and until when:
 * the deploy that ran when the trigger fired is found under its name then, not the reused one's.
 */
export type DeployState = Omit<EventDataByKind['deploy.observed'], 'artifacts' | 'labels'> & { readonly observedAt: string; readonly formerly?: readonly FormerDeploy[] };

export interface FormerDeploy {
  readonly revision: string;
  readonly status: string;
  readonly startedAt?: string;
  /** When it was first seen under its next revision. */
  readonly until: string;
}

export interface FlagState {
  readonly key: string;
  readonly variant: string | null;
  readonly state?: 'ENABLED' | 'DISABLED';
  readonly changedAt: string;
  /**
   * Where `changedAt` comes from: the provider's record of the change, the cockpit seeing the
   * variant change between two polls, or only the cockpit's first sighting of the flag (no
   * change is known then, and none may be blamed on it).
   */
  readonly changeTime: 'reported' | 'observed' | 'first-seen';
  readonly by?: string;
  readonly changes: number;
  /**
   * When it changed before the last change, newest first, at most EARLIER_FLAG_CHANGES: the
   * responder's kill switch must not hide the toggle the burn started with.
   */
  readonly earlierChangesAt: readonly string[];
}

export const EARLIER_FLAG_CHANGES = 8;

export interface TriggerState {
  readonly trigger: string;
  readonly slo: string;
  readonly active: boolean;
  readonly firstFiredAt: string;
  /** The trigger's long and short window burns when it first fired, when recorded. */
  readonly firstBurns?: { readonly long: number; readonly short: number };
  /** It first fired at the cockpit's first reading of its windows (`atFirstLook`): `firstFiredAt` is when it was seen firing. */
  readonly seenFiring?: true;
  readonly lastFiredAt: string;
  readonly clearedAt?: string;
  readonly peakBurnRate: number;
  readonly firedCount: number;
}

/** Error budget accounting for one SLO at one observation window. */
/** One SLO window's last reading, as `slos` had it. */
export interface WindowReading {
  readonly windowMs: number;
  readonly at: string;
  readonly errorRatio: number | null;
}

export interface SloWindowState {
  readonly windowMs: number;
  readonly objective: number;
  readonly periodMs: number;
  /** The first observation: budget is counted from it. */
  readonly firstAt: string;
  readonly lastAt: string;
  readonly lastErrorRatio: number | null;
  /** Budget fraction consumed from the first observation up to `countedTo` (core/budgetCount.ts). */
  readonly consumed: number;
  /** Epoch ms. */
  readonly countedTo: number;
  readonly countedRatio?: number | null;
  readonly firstAfter?: { readonly errorRatio: number | null };
  readonly beforeLast?: { readonly at: number; readonly errorRatio: number | null };
  readonly observations: number;
}

export interface IncidentState {
  readonly id: string;
  readonly service: string;
  readonly title?: string;
  readonly environment: string;
  readonly mode: IncidentMode;
  readonly drill: boolean;
  readonly runbook?: string;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly severity: Severity;
  readonly openedSeverity: Severity;
  readonly roles: Readonly<Partial<Record<Role, string>>>;
  /** The decisions that stand (the severity, each role), by what they decide: a decision made before one of them is recorded, not applied. */
  readonly decided: Readonly<Record<string, Decided>>;
  /** First `role.assigned`: the moment a human took the incident. */
  readonly acknowledgedAt?: string;
  readonly steps: readonly StepState[];
  /** In planning order. */
  readonly actions: readonly ActionState[];
  /** First `action.started`. */
  readonly firstActionAt?: string;
  /**
   * The SLO windows' readings as the first action started: what the burn was before anyone changed
   * anything. A burn no trigger paged for is dated from them once an action mixed its own effect
   * into the windows (a kill switch turned 10m after the bad build was then called "the change the
   * burn began with").
   */
  readonly windowsBeforeActing?: Readonly<Record<string, readonly WindowReading[]>>;
  /** Latest observation of each deploy, keyed by deploy id. */
  readonly deploys: Readonly<Record<string, DeployState>>;
  readonly flags: Readonly<Record<string, FlagState>>;
  readonly triggers: Readonly<Record<string, TriggerState>>;
  /** slo name → window (ms, as a string key) → accounting. */
  readonly slos: Readonly<Record<string, Readonly<Record<string, SloWindowState>>>>;
  readonly mitigatedAt?: string;
  /** Marked mitigated while an SLO still burned (`burning` on the mark). */
  readonly mitigatedBurning?: boolean;
  /** `mitigatedAt` came with the resolve (nobody marked it mitigated first): a reopen takes it back too. */
  readonly mitigatedByResolve?: boolean;
  readonly resolvedAt?: string;
  /** The resolve was marked while an SLO still burned (its `burning`): the burn was not over. */
  readonly resolvedBurning?: boolean;
  /** The open steps the runbook passed over as it was resolved, and why (the resolve's `passedOver`). */
  readonly resolvedPassedOver?: { readonly steps: readonly string[]; readonly why: string };
  /** The resolve's `notTheCause`: rolled back from, and cleared by the burn. */
  readonly resolvedNotTheCause?: readonly string[];
  /** See IncidentOpenedData's `previousIncident`. */
  readonly previousIncident?: PreviousIncident;
  /** See IncidentOpenedData's `earlierBad`. */
  readonly earlierBad?: readonly EarlierBad[];
  readonly drillScore?: { readonly score: number; readonly max: number; readonly summary?: string };
  readonly notes: number;
  /** When the comms reminder went on the timeline (it is given once an incident). */
  readonly remindedAt?: string;
  readonly commsSent: number;
  readonly lastSeq: number;
  readonly lastAt: string;
  readonly lastHash: string;
  /** Events that could not be applied, with why (seq: reason). */
  readonly anomalies: readonly string[];
}

export type IncidentStatus = 'open' | 'mitigated' | 'resolved';

/**
 * When someone marked the incident mitigated. Resolving an incident nobody marked mitigated makes
 * it mitigated too (its status), but says nothing of when the mitigation happened: a postmortem
 * giving the resolve time as the time to mitigate told its reader the fix took an hour when the
 * kill switch had worked in six minutes.
 */
export function markedMitigatedAt(state: IncidentState): string | undefined {
  return state.mitigatedByResolve ? undefined : state.mitigatedAt;
}

export function incidentStatus(state: IncidentState): IncidentStatus {
  if (state.resolvedAt !== undefined) return 'resolved';
  if (state.mitigatedAt !== undefined) return 'mitigated';
  return 'open';
}

/** The state right after `incident.opened`. */
export function initialState(opened: EventOf<'incident.opened'>): IncidentState {
  const d = opened.data;
  return {
    id: opened.incident,
    service: d.service,
    ...(d.title === undefined ? {} : { title: d.title }),
    environment: d.environment,
    mode: d.mode,
    drill: opened.drill,
    ...(d.runbook === undefined ? {} : { runbook: d.runbook }),
    ...(d.previousIncident === undefined ? {} : { previousIncident: d.previousIncident }),
    ...(d.earlierBad === undefined ? {} : { earlierBad: d.earlierBad }),
    openedAt: opened.at,
    openedBy: opened.actor,
    severity: d.severity,
    openedSeverity: d.severity,
    roles: {},
    decided: {},
    steps: d.steps.map((s) => ({ id: s.id, title: s.title, phase: s.phase, ...(s.reverses === undefined ? {} : { reverses: s.reverses }), status: 'pending' })),
    actions: [],
    deploys: {},
    flags: {},
    triggers: {},
    slos: {},
    notes: 0,
    commsSent: 0,
    lastSeq: opened.seq,
    lastAt: opened.at,
    lastHash: opened.hash,
    anomalies: [],
  };
}
