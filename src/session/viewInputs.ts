import type { ActionState, IncidentState } from '../core/incident';
import type { RollbackPreview } from '../core/rollbackPreview';
import type { TriggerRule } from '../core/triggers';
import type { VerifyStatus } from '../core/verifyCondition';
import type { Observation } from '../plugins/scheduler';
import type { Runbook } from '../runbook/schema';
import type { RecordingFailure, StoreUnreachable } from '../timeline/eventStore';
import type { Present } from '../timeline/presence';
import type { ConfirmationRequest, RunningAction } from './actionLifecycle';
import type { PanelView, PendingEntry, TimelineView } from './viewModel';

/** Everything a view is built from (buildView.ts), and the keys its observations are stored under. */

/** The scheduler task (and observation key) of one SLO window's error ratio. */
export const sloTaskKey = (slo: string, windowMs: number): string => `slo:${slo}:${windowMs}`;

/** The scheduler task (and observation key) of how far back one SLO's data goes (`SloCapability.dataSince`). */
export const sloDataKey = (slo: string): string => `slo-data:${slo}`;

/** When the SLO's data surely began, as its provider last said (`dataSince`); undefined when it did not say. */
export function sloDataSince(input: Pick<ViewInputs, 'observations'>, slo: string): number | undefined {
  const since = input.observations.get(sloDataKey(slo))?.value;
  return typeof since === 'number' ? since : undefined;
}

/** Where a panel's data comes from; `failure` when its provider could not even be created. */
export interface PanelSource {
  readonly key: string;
  readonly plugin: string;
  readonly failure?: string;
  readonly intervalMs: number;
}

export interface ViewInputs {
  readonly now: Date;
  readonly state: IncidentState;
  readonly runbook: Runbook;
  readonly responder: string;
  readonly readOnly: boolean;
  /** A watch of a sandbox drill: its providers are the drill's cockpit's, not this one's. */
  readonly watchOnly?: boolean;
  /** The other cockpits that have the incident open (the shared store); empty otherwise. */
  /** Following the others' events fails (the shared store out of reach, the log unreadable): why. */
  readonly watchBehind?: string;
  readonly present?: readonly Present[];
  /** The shared store's presence board has answered: who is not in `present` is gone. */
  readonly presenceKnown?: boolean;
  /** The runbook as the command line named it (the commands the screen suggests name it so). */
  readonly runbookPath?: string;
  readonly recordingFailure?: RecordingFailure;
  /** The shared store cannot be reached: events are queued locally meanwhile. */
  readonly unreachable?: StoreUnreachable;
  /** Events queued locally, not recorded yet, in order. */
  readonly pending?: readonly PendingEntry[];
  readonly sources: { readonly deploys?: PanelSource; readonly flags?: PanelSource; readonly slo?: PanelSource };
  readonly observations: ReadonlyMap<string, Observation<unknown>>;
  readonly rules: readonly TriggerRule[];
  /** Short-window burn samples per SLO, oldest first. */
  readonly burnHistory: ReadonlyMap<string, readonly { at: number; burn: number | null }[]>;
  /** The hour before the first look, asked of the provider once: the sparkline's alone (priorBurns.ts). */
  readonly priorBurns?: ReadonlyMap<string, readonly { at: number; burn: number | null }[]>;
  readonly timeline: TimelineView;
  readonly confirmation?: ConfirmationRequest;
  readonly running: readonly RunningAction[];
  readonly verifying: ReadonlyMap<string, VerifyStatus>;
  /** Step id → why its last verification failed, until it is run again. */
  readonly verifyFailures: ReadonlyMap<string, string>;
  readonly interrupted: ReadonlySet<string>;
  /** Of those, the ones checked again here once the lease this responder's stopped cockpit held expires. */
  readonly awaitingLease?: ReadonlySet<string>;
  readonly reminders: readonly string[];
  readonly notices: readonly string[];
  /** The rollback step's dry plan, refreshed as deploys change; absent until first planned. */
  readonly rollbackPreview?: RollbackPreview;
  /** What undoing a recorded action would do, in its plugin's words; absent where nothing can be undone (a watch). */
  readonly undoSummary?: (action: ActionState) => string | undefined;
}

/** Data older than this many poll intervals is stale. */
export const STALE_INTERVALS = 3;

/** A step whose start could not be recorded (a full disk), in its failure's words: nothing ran, so it is no failure of the step's. */
export const NOT_STARTED = 'not started: ';
/** A step whose change ran and whose outcome could not be recorded: recorded late once the log takes writes (unrecorded.ts). */
export const OUTCOME_UNRECORDED = 'ran; its outcome could not be recorded: ';

/**
 * A step's run that ended in an error (a failed write), as its row says it: its change begun or not. A command's exit
 * status lost to a full disk read `not started` beside the command's own output.
 */
export function runFailure(state: IncidentState, step: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const last = [...state.actions].reverse().find((a) => a.step === step);
  return last?.status === 'running' ? `${OUTCOME_UNRECORDED}${message}: recorded once the timeline takes writes again` : `${NOT_STARTED}${message}`;
}

/** A panel of a watch of a sandbox drill: the drill's world is in the cockpit running it. */
export const IN_THE_DRILLS_COCKPIT = { status: 'absent', elsewhere: "in the drill's cockpit" } as const;

/** How long until a failed poll is tried again, as the panel says it (a panel kept ECS's old error a minute after it came back). */
export function retryIn(observation: Observation<unknown>, now: number): Pick<PanelView<unknown>, 'retryInMs'> {
  return observation.retryAt === undefined ? {} : { retryInMs: Math.max(0, observation.retryAt.getTime() - now) };
}
