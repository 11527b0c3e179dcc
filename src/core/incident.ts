import { countSample } from './budgetCount';
import { REMINDER_TAG } from './statusUpdateMissed';
import { CHECK_LEFT_TAG, type EventOf, type StoredEvent } from './events';
import { decisionOf, madeBefore } from './lateDecision';
import { initialState, OUTPUT_TAIL_CHARS, EARLIER_FLAG_CHANGES, type ActionState, type ActionStatus, type DeployState, type FlagState, type FormerDeploy, type IncidentState, type SloWindowState, type StepState, type TriggerState, type WindowReading } from './incidentState';
import { anomaly, edit, lastIndexOfId, updateById, withKey, type Draft } from './incidentDraft';
import { heldStep, undoneStep } from './undoneStep';
import { statusDecided } from './statusMarks';

export * from './incidentState';

/**
 * The incident as a pure fold over its events (DESIGN principle 1). `reduce` never throws on an
 * event it cannot apply (an action nobody planned, a step the runbook lacks): the log is the
 * truth and must always fold, so such events are kept as `anomalies` for the responder to see.
 *
 * Every collection in the state is bounded by what the incident contains (steps, actions,
 * deploys, flags, SLO windows), never by the number of events, so a fold of a long log stays
 * linear and `reduce` can copy what it touches.
 *
 * A fold of many events nobody looks at in between (a log read back, see `IncidentFold`) copies
 * nothing: it passes a `Draft`, the objects it made itself since it last handed its state out,
 * and those are changed in place. Without a draft (`reduce`) every change is a copy.
 */

function updateStep(state: IncidentState, event: StoredEvent, stepId: string, change: (step: StepState) => StepState, draft: Draft): IncidentState {
  return updateById(state, event, 'steps', stepId, change, draft);
}

function updateAction(state: IncidentState, event: StoredEvent, actionId: string, change: (action: ActionState) => ActionState, draft: Draft): IncidentState {
  return updateById(state, event, 'actions', actionId, change, draft);
}

const FINISHED: readonly ActionStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/**
 * A change of an action's status: a finished action stays finished (late output is still kept).
 * An interrupted one is the exception for its own outcome: its cockpit was alive after all (the
 * shared store was out of its reach), and what it recorded is the truth.
 */
function updateOpenAction(state: IncidentState, event: StoredEvent, actionId: string, change: (action: ActionState) => ActionState, draft: Draft): IncidentState {
  const target = state.actions[lastIndexOfId(state.actions, actionId)];
  const outcome = event.kind === 'action.succeeded' || event.kind === 'action.failed' || event.kind === 'action.cancelled';
  if (target?.status === 'interrupted' && outcome) {
    return updateAction(state, event, actionId, ({ interrupted: _was, ...a }) => change(a), draft);
  }
  if (target !== undefined && FINISHED.includes(target.status)) {
    return anomaly(state, event, `action ${actionId} already ${target.status}`, draft);
  }
  return updateAction(state, event, actionId, change, draft);
}

function finishAction(state: IncidentState, event: StoredEvent, actionId: string, patch: Partial<ActionState> & { status: ActionStatus }, draft: Draft): IncidentState {
  return updateOpenAction(state, event, actionId, (a) => ({ ...a, ...patch, finishedAt: event.at }), draft);
}

/**
 * An action's output tail with `chunk` added. A fold in place (a draft) lets the tail grow to twice
 * its bound before cutting it, and cuts it to the bound when it hands its state out
 * (`withOutputTailsCut`): cutting on every event copied the whole tail for each line of output.
 */
function appendOutput(tail: string, chunk: string, draft: Draft): string {
  const joined = tail + chunk;
  return draft === undefined || joined.length > 2 * OUTPUT_TAIL_CHARS ? joined.slice(-OUTPUT_TAIL_CHARS) : joined;
}

/** The state with every action's output tail cut to its bound (see appendOutput). */
function withOutputTailsCut(state: IncidentState, draft: Draft): IncidentState {
  if (!state.actions.some((a) => a.outputTail.length > OUTPUT_TAIL_CHARS)) return state;
  const actions = state.actions.map((a) => (a.outputTail.length > OUTPUT_TAIL_CHARS ? { ...a, outputTail: a.outputTail.slice(-OUTPUT_TAIL_CHARS) } : a));
  return edit(draft, state, { actions });
}

function observeSlo(state: IncidentState, event: EventOf<'slo.observed'>, draft: Draft): IncidentState {
  const d = event.data;
  const key = String(d.windowMs);
  const windows = state.slos[d.slo] ?? {};
  const before = windows[key];
  const at = Date.parse(event.at);
  const resolvedAt = state.resolvedAt === undefined ? undefined : Date.parse(state.resolvedAt);
  const tally = countSample(before, before && { at: Date.parse(before.lastAt), errorRatio: before.lastErrorRatio }, { at, ...d }, resolvedAt);
  const next: SloWindowState = {
    windowMs: d.windowMs,
    objective: d.objective,
    periodMs: d.periodMs,
    firstAt: before?.firstAt ?? event.at,
    lastAt: event.at,
    lastErrorRatio: d.errorRatio,
    consumed: tally.consumed,
    countedTo: tally.countedTo,
    ...(tally.countedRatio === undefined ? {} : { countedRatio: tally.countedRatio }),
    ...(tally.firstAfter === undefined ? {} : { firstAfter: tally.firstAfter }),
    ...(tally.beforeLast === undefined ? {} : { beforeLast: tally.beforeLast }),
    observations: (before?.observations ?? 0) + 1,
  };
  return edit(draft, state, { slos: withKey(draft, state.slos, d.slo, withKey(draft, windows, key, next)) });
}

/** Each SLO's windows as last read: copied, for a draft's objects may be changed in place later. */
function readingsOf(slos: IncidentState['slos']): Record<string, WindowReading[]> {
  return Object.fromEntries(Object.entries(slos).map(([slo, windows]) => [slo, Object.values(windows).map((w) => ({ windowMs: w.windowMs, at: w.lastAt, errorRatio: w.lastErrorRatio }))]));
}

function applyEvent(state: IncidentState, event: StoredEvent, draft: Draft): IncidentState {
  switch (event.kind) {
    case 'incident.opened':
      return anomaly(state, event, 'the incident is already open', draft);
    case 'role.assigned': {
      const key = decisionOf(event)!;
      if (madeBefore(event, state.decided[key])) return edit(draft, state, { acknowledgedAt: state.acknowledgedAt ?? event.at });
      return edit(draft, state, {
        roles: { ...state.roles, [event.data.role]: event.data.person },
        decided: { ...state.decided, [key]: { at: event.at, actor: event.actor } },
        acknowledgedAt: state.acknowledgedAt ?? event.at,
      });
    }
    case 'severity.changed':
      if (madeBefore(event, state.decided.severity)) return state;
      return edit(draft, state, { severity: event.data.to, decided: { ...state.decided, severity: { at: event.at, actor: event.actor } } });
    case 'note': {
      const noted = edit(draft, state, { notes: state.notes + 1, ...(event.data.tag === REMINDER_TAG ? { remindedAt: state.remindedAt ?? event.at } : {}) });
      const left = event.data.tag === CHECK_LEFT_TAG ? event.data.details?.step : undefined;
      return typeof left === 'string' && noted.steps.some((s) => s.id === left && s.status === 'in-progress') ? updateStep(noted, event, left, (s) => ({ ...s, watchLeftAt: event.at }), draft) : noted;
    }
    case 'step.started':
      // A step started again (after a skip, or a check that failed) is open again: no finish, and no verdict yet.
      return updateStep(
        state,
        event,
        event.data.step,
        ({ finishedAt: _finished, reason: _reason, check: _check, watchLeftAt: _left, ...s }) => ({ ...s, status: 'in-progress', startedAt: s.startedAt ?? event.at, startedBy: event.actor }),
        draft,
      );
    case 'step.completed':
      return updateStep(
        state,
        event,
        event.data.step,
        ({ manual: _manual, overridden: _overridden, undoneBy: _undone, watchLeftAt: _left, ...s }) => ({
          ...s,
          status: 'done',
          finishedAt: event.at,
          ...(event.data.manual ? { manual: { action: event.data.action ?? '', reason: event.data.reason ?? '' } } : {}),
          ...(event.data.override ? { overridden: event.data.reason ?? '' } : {}),
        }),
        draft,
      );
    case 'step.skipped': {
      const reason = event.data.reason;
      return updateStep(
        state,
        event,
        event.data.step,
        // Skipped twice at once (two responders, an outage between them): both reasons stand; the summary kept bob's alone.
        (s) => ({ ...s, status: 'skipped', finishedAt: event.at, ...(reason === undefined ? {} : { reason: s.status === 'skipped' && s.reason !== undefined && s.reason !== reason ? `${s.reason}; ${reason}` : reason }) }),
        draft,
      );
    }
    case 'action.planned': {
      const d = event.data;
      if (state.actions.some((a) => a.id === d.action)) return anomaly(state, event, `action ${d.action} was already planned`, draft);
      const action: ActionState = {
        id: d.action,
        name: d.name,
        ...(d.step === undefined ? {} : { step: d.step }),
        ...(d.undoes === undefined ? {} : { undoes: d.undoes }),
        summary: d.summary,
        calls: d.calls,
        ...(d.safety === undefined ? {} : { safety: d.safety }),
        ...(d.facts === undefined ? {} : { facts: d.facts }),
        status: 'planned',
        plannedAt: event.at,
        plannedBy: event.actor,
        outputTail: '',
        outputChars: 0,
      };
      if (draft?.has(state.actions)) {
        (state.actions as ActionState[]).push(action);
        return state;
      }
      const actions = [...state.actions, action];
      draft?.add(actions);
      return edit(draft, state, { actions });
    }
    case 'action.confirmed': {
      const by = event.data.by ?? event.actor;
      const against = { ...(event.data.notRecommended === undefined ? {} : { confirmedAgainst: event.data.notRecommended }), ...(event.data.typedBecause === undefined ? {} : { typedBecause: event.data.typedBecause }) };
      return updateOpenAction(state, event, event.data.action, (a) => ({ ...a, status: 'confirmed', confirmedAt: event.at, confirmedBy: by, ...against }), draft);
    }
    case 'action.started': {
      // Read before: a draft's state may be changed in place.
      const { anomalies, firstActionAt } = state;
      const next = updateOpenAction(state, event, event.data.action, (a) => ({ ...a, status: 'running', startedAt: a.startedAt ?? event.at, startedBy: a.startedBy ?? event.actor }), draft);
      const applied = next.anomalies === anomalies;
      if (!applied || firstActionAt !== undefined) return next;
      return edit(draft, next, { firstActionAt: event.at, windowsBeforeActing: readingsOf(state.slos) });
    }
    case 'action.output': {
      const chunk = event.data.chunk;
      return updateAction(state, event, event.data.action, (a) => edit(draft, a, { outputTail: appendOutput(a.outputTail, chunk, draft), outputChars: a.outputChars + chunk.length, lastOutputAt: event.at }), draft);
    }
    case 'action.succeeded':
      return undoneStep(finishAction(state, event, event.data.action, { status: 'succeeded', outcome: event.data.summary }, draft), event, event.data.action, draft);
    case 'action.failed':
      return finishAction(state, event, event.data.action, { status: 'failed', error: event.data.error }, draft);
    case 'action.cancelled':
      return finishAction(
        state,
        event,
        event.data.action,
        {
          status: 'cancelled',
          ...(event.data.reason === undefined ? {} : { outcome: event.data.reason }),
        },
        draft,
      );
    case 'action.interrupted': {
      const { responder, leaseExpiredAt, reason } = event.data;
      return finishAction(state, event, event.data.action, { status: 'interrupted', outcome: reason, interrupted: { responder, leaseExpiredAt } }, draft);
    }
    case 'deploy.observed': {
      const { id, artifacts: _artifacts, labels: _labels, ...rest } = event.data;
      const before = state.deploys[id];
      const formerly = before === undefined || before.revision === rest.revision ? before?.formerly : [...(before.formerly ?? []), formerDeploy(before, event.at)];
      // A cluster forgets an Argo abort once the Rollout moves on (the aborted ReplicaSet is then a past one): kept.
      const aborted = before?.revision === rest.revision && before.status === 'rolled-back' && before.automaticRollback !== undefined && !rest.current && rest.status === 'successful';
      const deploy: DeployState = { id, ...rest, ...(aborted ? { status: before.status, automaticRollback: before.automaticRollback } : {}), observedAt: event.at, ...(formerly === undefined ? {} : { formerly }) };
      // A deploy seen again as it was: the record of every deploy is not copied for nothing.
      if (sameDeploy(state.deploys[id], deploy)) return state;
      return edit(draft, state, { deploys: withKey(draft, state.deploys, id, deploy) });
    }
    case 'flag.changed':
    case 'flag.observed': {
      const d = event.kind === 'flag.observed' ? { ...event.data, from: undefined } : event.data;
      const before = state.flags[d.key];
      const flag: FlagState = {
        key: d.key,
        variant: d.to,
        ...(d.state === undefined ? {} : { state: d.state }),
        changedAt: d.changedAt ?? event.at,
        changeTime: d.changedAt !== undefined ? 'reported' : d.from === undefined && before === undefined ? 'first-seen' : 'observed',
        ...(d.by === undefined ? {} : { by: d.by }),
        changes: (before?.changes ?? 0) + 1,
        earlierChangesAt:
          before === undefined ? [] : [...(before.changeTime === 'first-seen' ? [] : [before.changedAt]), ...before.earlierChangesAt].slice(0, EARLIER_FLAG_CHANGES),
      };
      return edit(draft, state, { flags: withKey(draft, state.flags, d.key, flag) });
    }
    case 'slo.observed':
      return observeSlo(state, event, draft);
    case 'trigger.fired': {
      const d = event.data;
      const before = state.triggers[d.trigger];
      const trigger: TriggerState = {
        trigger: d.trigger,
        slo: d.slo,
        active: true,
        firstFiredAt: before?.firstFiredAt ?? event.at,
        ...(before === undefined
          ? d.longBurn === undefined || d.shortBurn === undefined ? {} : { firstBurns: { long: d.longBurn, short: d.shortBurn } }
          : before.firstBurns === undefined ? {} : { firstBurns: before.firstBurns }),
        ...((before === undefined ? d.atFirstLook : before.seenFiring) ? { seenFiring: true as const } : {}),
        lastFiredAt: event.at,
        peakBurnRate: Math.max(before?.peakBurnRate ?? 0, d.burnRate),
        firedCount: (before?.firedCount ?? 0) + 1,
      };
      return edit(draft, state, { triggers: withKey(draft, state.triggers, d.trigger, trigger) });
    }
    case 'trigger.cleared': {
      const before = state.triggers[event.data.trigger];
      if (before === undefined) return anomaly(state, event, `trigger ${event.data.trigger} never fired`, draft);
      return edit(draft, state, { triggers: withKey(draft, state.triggers, before.trigger, { ...before, active: false, clearedAt: event.at }) });
    }
    case 'verify.passed':
    case 'verify.failed': {
      // A recovery check's verdict is kept on its step (a resumed cockpit shows it, or watches on);
      // an action's on the action, so the recommendation can tell a verified rollback from one
      // still rolling out.
      const { action, step, summary } = event.data;
      // An action's change complete before the check that saw it (re-run after a resume): its times follow the provider.
      const doneAt = event.kind === 'verify.passed' ? event.data.doneAt : undefined;
      const verification = { outcome: event.kind === 'verify.passed' ? 'passed' : 'failed', at: doneAt ?? event.at, summary, ...(doneAt === undefined ? {} : { seenAt: event.at }) } as const;
      if (action === undefined && step !== undefined && state.steps.some((s) => s.id === step)) return updateStep(state, event, step, ({ watchLeftAt: _left, ...s }) => ({ ...s, check: verification }), draft);
      if (action === undefined || !state.actions.some((a) => a.id === action)) return state;
      return heldStep(updateAction(state, event, action, (a) => ({ ...a, verification }), draft), event, action, draft);
    }
    case 'action.unwatched': {
      const verification = { outcome: 'unwatched', at: event.at, summary: event.data.reason, ...(event.data.leaseExpired ? { leaseExpired: true as const } : {}) } as const;
      // A verdict stands: a teammate's cockpit reaped the lease of a check that had passed while the shared store was
      // away (its verdict uploaded from the queue, the lease found expired after it): the rollback read not watched.
      return updateAction(state, event, event.data.action, (a) => (a.verification !== undefined && a.verification.outcome !== 'unwatched' ? a : { ...a, verification }), draft);
    }
    case 'action.watched':
      // Being verified again, in the actor's cockpit: no verdict until its check ends.
      return updateAction(state, event, event.data.action, ({ verification, ...a }) => ({ ...a, watchedBy: event.actor, ...(verification?.outcome === 'unwatched' ? {} : verification === undefined ? {} : { verification }) }), draft);
    case 'comms.sent':
      return edit(draft, state, { commsSent: state.commsSent + 1 });
    case 'incident.mitigated':
    case 'incident.resolved':
    case 'incident.reopened':
      return statusDecided(state, event, draft);
    case 'drill.scored': {
      const d = event.data;
      return edit(draft, state, { drillScore: { score: d.score, max: d.max, ...(d.summary === undefined ? {} : { summary: d.summary }) } });
    }
  }
}

/** Every field but when it was observed (an observation's time alone is no change of the deploy). */
function formerDeploy(deploy: DeployState, until: string): FormerDeploy {
  return { revision: deploy.revision, status: deploy.status, ...(deploy.startedAt === undefined ? {} : { startedAt: deploy.startedAt }), until };
}

function sameDeploy(before: DeployState | undefined, after: DeployState): boolean {
  if (before === undefined) return false;
  const keys = Object.keys(after) as (keyof DeployState)[];
  if (Object.keys(before).length !== keys.length) return false;
  return keys.every((key) => key === 'observedAt' || before[key] === after[key] || JSON.stringify(before[key]) === JSON.stringify(after[key]));
}

type Bookkeeping = { -readonly [K in 'lastSeq' | 'lastAt' | 'lastHash']: IncidentState[K] };

/**
 * One event's effect. The caller (store, fold) guarantees chain order; reduce adds bookkeeping.
 * An event that changed something already has a new state object, made here and seen by no one
 * yet: its bookkeeping is set in place rather than copying the state a second time.
 */
export function reduce(state: IncidentState, event: StoredEvent): IncidentState {
  return reduceDraft(state, event, undefined);
}

function reduceDraft(state: IncidentState, event: StoredEvent, draft: Draft): IncidentState {
  const next = applyEvent(state, event, draft);
  if (next === state && !draft?.has(state)) return { ...state, lastSeq: event.seq, lastAt: event.at, lastHash: event.hash };
  const fresh = next as unknown as Bookkeeping;
  fresh.lastSeq = event.seq;
  fresh.lastAt = event.at;
  fresh.lastHash = event.hash;
  return next;
}

/**
 * A fold of events in chain order (a log read back) that copies nothing it made itself: the
 * state changes in place until it is handed out by `state()`, and from then on is never changed
 * again (the next event copies what it touches, as `reduce` does). Same results as `reduce`.
 */
export class IncidentFold {
  private current: IncidentState;
  private draft = new WeakSet<object>();

  constructor(opened: EventOf<'incident.opened'>) {
    this.current = initialState(opened);
    this.draft.add(this.current);
  }

  add(event: StoredEvent): void {
    this.current = reduceDraft(this.current, event, this.draft);
  }

  /** The state so far; handed out, so never changed by later events. */
  state(): IncidentState {
    this.current = withOutputTailsCut(this.current, this.draft);
    this.draft = new WeakSet();
    return this.current;
  }
}

export type FoldResult = { ok: true; state: IncidentState } | { ok: false; reason: string };

/** The state of a whole log. The first event must be `incident.opened`. */
export function fold(events: Iterable<StoredEvent>): FoldResult {
  let folding: IncidentFold | undefined;
  for (const event of events) {
    if (folding === undefined) {
      if (event.kind !== 'incident.opened') return { ok: false, reason: `the first event is ${event.kind}, not incident.opened` };
      folding = new IncidentFold(event);
    } else {
      folding.add(event);
    }
  }
  return folding === undefined ? { ok: false, reason: 'the log is empty' } : { ok: true, state: folding.state() };
}
