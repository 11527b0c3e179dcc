import type { PlannedCall, SafetyVerdict } from './actions';
import type { AutomaticRollback } from './deploys';
import type { ProviderError } from './result';
import type { Severity } from './runbookModel';

/**
 * The timeline's event types (DESIGN "Timeline"). One JSON object per line of `events.jsonl`;
 * `v` versions the envelope and the data shapes together, so a reader can refuse what it does
 * not understand instead of folding it wrongly.
 */

export const EVENT_VERSION = 1;

/** `prev` of the first event: there is no event before it. */
export const GENESIS_HASH = `sha256:${'0'.repeat(64)}`;

export type Role = 'commander' | 'ops' | 'comms';
export const ROLES: readonly Role[] = ['commander', 'ops', 'comms'];

/** `incident`: a real incident; `drill-real`: `open --drill`; `drill-sandbox`: `cockpit drill`. */
export type IncidentMode = 'incident' | 'drill-real' | 'drill-sandbox';

export interface OpenedStep {
  readonly id: string;
  readonly title: string;
  readonly phase: 'first_actions' | 'recovery';
  /** The runbook's `reverses`: the id of an earlier step this one takes back (resume what another paused). */
  readonly reverses?: string;
}

export interface IncidentOpenedData {
  readonly service: string;
  readonly severity: Severity;
  readonly title?: string;
  readonly environment: string;
  readonly mode: IncidentMode;
  /** The runbook's steps, `first_actions` then `recovery`, in runbook order. */
  readonly steps: readonly OpenedStep[];
  readonly runbook?: string;
  /** A sandbox drill's scenario: resuming the drill rebuilds the same world from it. */
  readonly scenario?: DrillScenarioRecord;
  /**
   * The service's last incident in this environment, resolved (with its burn over) before this
   * one opened. Its errors are still in the SLO's longer windows: this incident's burn is not
   * dated before `resolvedAt`, nor its impact counted from them (core/priorIncident.ts).
   */
  readonly previousIncident?: PreviousIncident;
  /** What the service's other recent incidents (core/priorIncident.ts `earlierIncidents`) rolled back from: known bad here too. */
  readonly earlierBad?: readonly EarlierBad[];
}

/** A revision a recent incident of the service, not the previous one, rolled back from, its log verified. */
export interface EarlierBad {
  readonly revision: string;
  readonly incident: string;
  readonly resolvedAt: string;
}

export interface PreviousIncident {
  readonly id: string;
  readonly resolvedAt: string;
  /** The revisions its rollbacks moved away from: known bad here too (a plan went back onto its bad build). */
  readonly rolledBackFrom?: readonly string[];
  /** The revisions its rollbacks moved to: they ran until it was resolved with its burn over (a plan there is no guess). */
  readonly rolledBackTo?: readonly string[];
  /** The deployments its rollbacks and their undos made, and by whom: not the build's author's (core/deployAttribution.ts). */
  readonly rollbacks?: readonly RollbackMade[];
}

/** A deployment a rollback (or its undo) asked for: to which revision, when, and by whom. */
export interface RollbackMade {
  readonly revision: string;
  readonly plannedAt: string;
  readonly startedAt: string;
  readonly by?: string;
}

/**
 * The scenario as its YAML source, not as a name or a path: a built-in can change with the next
 * release and a file can be edited, and the world a resumed drill rebuilds must be the same one.
 */
export interface DrillScenarioRecord {
  readonly name: string;
  /** Where it was loaded from (a built-in's name or the file as given), for people reading the log. */
  readonly source: string;
  readonly text: string;
}

/**
 * Why the cockpit itself wrote a note: the store quarantined a torn tail, took in events written
 * after the log's anchor, or took over a stale lock; the session reminded the responder of a step the runbook asks for; a provider stopped
 * answering, or answers again.
 */
export type NoteTag = 'quarantine' | 'unanchored' | 'lock-takeover' | 'reminder' | 'reopened' | 'provider' | 'not-recorded' | 'check-left';

/** The notes a store writes as it opens an incident, about the log it found: not the incident's activity. */
export const OPENING_TAGS: ReadonlySet<NoteTag | undefined> = new Set<NoteTag>(['quarantine', 'unanchored', 'lock-takeover']);

/** Why a plan waiting at its confirmation was cancelled when the cockpit quit: nobody said no to it. */
export const CLOSED_UNCONFIRMED = 'the cockpit closed before it was confirmed';

/**
 * Why a plan waiting at its confirmation was cancelled when the incident was resolved (a teammate's `r`): bob's Enter, 4 s
 * after alice resolved, set a flag on the resolved incident, his dialog unchanged.
 */
export const resolvedUnconfirmed = (by: string): string => `the incident was resolved by ${by} while it waited for its confirmation: run its step again if the change is still needed`;

/** The note that says what a full disk (or another write failure) kept off the timeline. */
export const NOT_RECORDED_TAG = 'not-recorded' satisfies NoteTag;
/** A recovery check its cockpit watched as it closed (`details.step`: which): nobody watches it until a cockpit starts it again. */
export const CHECK_LEFT_TAG = 'check-left' satisfies NoteTag;

/** Data of each event kind. The key is the `kind` written on the line. */
export interface EventDataByKind {
  'incident.opened': IncidentOpenedData;
  'role.assigned': { readonly role: Role; readonly person: string };
  'severity.changed': { readonly to: Severity; readonly reason?: string };
  note: { readonly text: string; readonly tag?: NoteTag; readonly details?: Readonly<Record<string, unknown>> };
  'step.started': { readonly step: string };
  /**
   * `override`: the responder marked a `verify:` step done by hand instead of letting its check
   * pass, saying why in `reason`. `manual`: the responder marked a step done by hand although its
   * `action` (its `run:`) never succeeded, saying why in `reason`. Both absent on a step that
   * completed by itself, by its action or by its check.
   */
  'step.completed': { readonly step: string; readonly override?: boolean; readonly manual?: boolean; readonly action?: string; readonly reason?: string };
  'step.skipped': { readonly step: string; readonly reason?: string };
  'action.planned': {
    /** Id of this run of the action, unique in the incident (the session chooses it). */
    readonly action: string;
    /** `<provider>.<action>` as the runbook wrote it. */
    readonly name: string;
    readonly step?: string;
    /** The action whose change this one takes back (the responder's undo): planned as a change of its own. */
    readonly undoes?: string;
    readonly summary: string;
    readonly calls: readonly PlannedCall[];
    readonly safety?: SafetyVerdict;
    /** The plan's facts (current/target revision, flag before/after): a verify re-run after a crash needs them. */
    readonly facts?: Readonly<Record<string, unknown>>;
  };
  /** `override`: the responder typed the phrase that overrides a safety block. */
  /** `notRecommended`: confirmed though the dialog said it was not the recommended change, and why. */
  /** `typedBecause`: why the dialog asked for a typed phrase, when no safety block did (an undo of the change the burn stopped after). */
  'action.confirmed': { readonly action: string; readonly by?: string; readonly typed?: boolean; readonly override?: boolean; readonly notRecommended?: string; readonly typedBecause?: string };
  'action.started': { readonly action: string };
  'action.output': {
    readonly action: string;
    readonly stream: 'stdout' | 'stderr';
    readonly chunk: string;
    /** Only on the notice of what an action's output budget cut (src/core/outputBudget.ts). */
    readonly cut?: { readonly lines: number; readonly bytes: number };
  };
  'action.succeeded': { readonly action: string; readonly summary: string; readonly details?: Readonly<Record<string, unknown>> };
  'action.failed': { readonly action: string; readonly error: ProviderError };
  'action.cancelled': { readonly action: string; readonly reason?: string };
  /**
   * The change was made and goes on in the provider, but nobody watches it any more (the
   * responder stopped watching, or quit): its verification can be run again on demand.
   */
  'action.unwatched': { readonly action: string; readonly reason: string; /** Its cockpit's lease expired (it stopped): not the responder's choice. */ readonly leaseExpired?: true };
  /**
   * A change nobody watched (`action.unwatched`) is watched again: the actor's cockpit checks it
   * now (on a shared store, holding its target's lease), and its verdict follows.
   */
  'action.watched': { readonly action: string };
  /**
   * The cockpit running the action stopped (it died, or lost the shared store) and its lease on
   * the provider target expired (`leaseExpiredAt`, on the store's clock): nobody knows how far the
   * action got. Recorded by another responder's cockpit, once; `responder` ran it. A later outcome
   * recorded by the action's own cockpit (it was alive after all) supersedes it.
   */
  'action.interrupted': { readonly action: string; readonly responder: string; readonly leaseExpiredAt: string; readonly reason: string };
  'deploy.observed': {
    readonly id: string;
    readonly revision: string;
    readonly status: string;
    readonly startedAt?: string;
    readonly finishedAt?: string;
    readonly actor?: string;
    readonly current?: boolean;
    /** Images of the revision: what the postmortem's "what changed" lists. */
    readonly artifacts?: readonly string[];
    /** Labels such as `migration: contract`, `commit`. */
    readonly labels?: Readonly<Record<string, string>>;
    /** The platform rolled it back itself (ECS's circuit breaker, an Argo Rollouts abort). */
    readonly automaticRollback?: AutomaticRollback;
    /** The same build deployed before under these revisions (Kubernetes reuses a ReplicaSet). */
    readonly formerRevisions?: readonly string[];
    /**
     * Seen by the cockpit's first look when the incident opened: a fact about the world as it
     * was (with the deploy's own times and actor), not something that happened at `at`.
     */
    readonly baseline?: true;
  };
  'flag.changed': {
    readonly key: string;
    readonly from?: string | null;
    readonly to: string | null;
    readonly state?: 'ENABLED' | 'DISABLED';
    /** When and by whom the provider says the flag last changed; absent when it does not know. */
    readonly changedAt?: string;
    readonly by?: string;
    /**
     * The flag as the cockpit's first look found it when the incident opened: observed state,
     * not a change at `at` (its own change time, if known, is `changedAt`). Never has `from`.
     */
    readonly baseline?: true;
  };
  /**
   * A flag as the cockpit's first look found it when the incident opened: observed state, not a
   * change made during the incident (as `deploy.observed` with `baseline`). Its own last change,
   * when the provider knows it, is `changedAt`/`by`. Only later differences are `flag.changed`
   * (older logs wrote the first look as `flag.changed` with `baseline: true`; both fold the same).
   */
  'flag.observed': {
    readonly key: string;
    readonly to: string | null;
    readonly state?: 'ENABLED' | 'DISABLED';
    readonly changedAt?: string;
    readonly by?: string;
    readonly baseline: true;
  };
  'slo.observed': {
    readonly slo: string;
    /** Percent good over the period, as in the runbook (99.5). */
    readonly objective: number;
    readonly periodMs: number;
    readonly windowMs: number;
    /** 0..1, or null when there was no traffic. */
    readonly errorRatio: number | null;
    /**
     * On a window's first answer, when the SLO's data (surely) begins within the window (a Prometheus
     * younger than it, `SloCapability.dataSince`), ISO: the ratio is over the data since then.
     */
    readonly dataSince?: string;
  };
  /**
   * `longBurn`/`shortBurn`: the trigger's two windows when it fired (from which the burn's start is estimated).
   * `atFirstLook`: it fired the first time this cockpit read both windows: it had fired before the cockpit looked.
   */
  'trigger.fired': { readonly trigger: string; readonly slo: string; readonly burnRate: number; readonly threshold?: number; readonly longBurn?: number; readonly shortBurn?: number; readonly atFirstLook?: true };
  /** With the readings it cleared on (absent from older logs): they are between the minute's recorded samples. */
  'trigger.cleared': { readonly trigger: string; readonly slo: string; readonly threshold?: number; readonly longBurn?: number | null; readonly shortBurn?: number | null };
  /** `doneAt`: when the provider says an action's change took effect, if earlier than this check (one re-run after a resume). */
  'verify.passed': { readonly summary: string; readonly step?: string; readonly action?: string; readonly doneAt?: string };
  'verify.failed': { readonly summary: string; readonly step?: string; readonly action?: string };
  'comms.sent': { readonly channel: string; readonly message: string };
  /**
   * `burning`: what was still burning when the responder marked it ("availability is burning
   * 14.2x on 5m"), and `reason` why they did anyway. Both absent when nothing burned.
   */
  'incident.mitigated': { readonly summary?: string; readonly reason?: string; readonly burning?: string };
  /** `passedOver`: the open steps the runbook passed over as it was resolved (ids), and why (core/nextStep.ts). */
  /**
   * `notTheCause`: revisions its rollbacks moved away from that the burn, as the resolve judged it, cleared (it went on
   * after the rollback and stopped after another change) or that ran clean: not the next incident's known bad.
   */
  'incident.resolved': { readonly summary?: string; readonly reason?: string; readonly burning?: string; readonly passedOver?: { readonly steps: readonly string[]; readonly why: string }; readonly notTheCause?: readonly string[] };
  /** A mitigated or resolved incident is open again (a mistaken resolve, a burn that came back). */
  'incident.reopened': { readonly reason: string };
  'drill.scored': { readonly score: number; readonly max: number; readonly summary?: string; readonly details?: Readonly<Record<string, unknown>> };
}

export type EventKind = keyof EventDataByKind;

export const EVENT_KINDS = [
  'incident.opened',
  'role.assigned',
  'severity.changed',
  'note',
  'step.started',
  'step.completed',
  'step.skipped',
  'action.planned',
  'action.confirmed',
  'action.started',
  'action.output',
  'action.succeeded',
  'action.failed',
  'action.cancelled',
  'action.unwatched',
  'action.watched',
  'action.interrupted',
  'deploy.observed',
  'flag.changed',
  'flag.observed',
  'slo.observed',
  'trigger.fired',
  'trigger.cleared',
  'verify.passed',
  'verify.failed',
  'comms.sent',
  'incident.mitigated',
  'incident.resolved',
  'incident.reopened',
  'drill.scored',
] as const satisfies readonly EventKind[];

// A kind added to EventDataByKind but not to EVENT_KINDS fails to compile here.
type MissingKinds = Exclude<EventKind, (typeof EVENT_KINDS)[number]>;
const allKindsListed: MissingKinds extends never ? true : never = true;
void allKindsListed;

const KINDS: ReadonlySet<string> = new Set(EVENT_KINDS);

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && KINDS.has(value);
}

/** What a caller hands the store: the store fills in the envelope. */
export type NewEvent = {
  [K in EventKind]: { readonly kind: K; readonly data: EventDataByKind[K]; readonly actor?: string; readonly at?: string };
}[EventKind];

/** The envelope fields, in the order they are written on the line (the hash covers these bytes). */
export interface Envelope {
  readonly v: number;
  readonly seq: number;
  readonly id: string;
  /** ISO-8601 UTC with milliseconds. */
  readonly at: string;
  readonly incident: string;
  readonly actor: string;
  readonly drill: boolean;
  /**
   * The fingerprint of the redaction rules the writer applied to `actor` and `data`
   * (`redactionRules.ts`). Absent on events written before cockpits stamped it, or by hand.
   */
  readonly redaction?: string;
  readonly prev: string;
  readonly hash: string;
}

export type StoredEvent = {
  [K in EventKind]: Envelope & { readonly kind: K; readonly data: EventDataByKind[K] };
}[EventKind];

export type EventOf<K extends EventKind> = Extract<StoredEvent, { kind: K }>;
