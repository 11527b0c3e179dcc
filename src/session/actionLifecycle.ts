import { boundError, boundText } from '../core/bounds';
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import { actionGate, typedGate, type Gate } from '../core/confirmPolicy';
import { OutputBudget, type OutputStream } from '../core/outputBudget';
import type { IncidentMode, NewEvent } from '../core/events';
import type { ActionState } from '../core/incidentState';
import type { StreamRedactor } from '../core/streamRedact';
import type { ActionIO, ActionPlan, ActionRunner, ActionSpec, Clock, PlanContext, ProviderError, Result, SafetyVerdict } from '../plugins/contract';
import type { Answer } from './confirmations';
import type { LiveProvider } from './providers';
import { failFromThrown } from '../core/result';
import { planDrift } from '../core/planDrift';
import { takeLease, type LeaseTaker, type TakenLease } from './actionLease';
import { doneAtIfLate } from '../core/seenLate';

/** A confirmation the responder is asked for (the view shows it). */
export interface ConfirmationRequest {
  readonly action: string;
  readonly step?: string;
  readonly name: string;
  readonly summary: string;
  readonly plan: ActionPlan;
  readonly safety: SafetyVerdict;
  readonly gate: Extract<Gate, { kind: 'confirm' | 'typed' }>;
  /** The action whose change this one takes back. */
  readonly undoes?: string;
}

/** An action between `action.started` and its end, as the view shows it. */
export interface RunningAction {
  readonly action: string;
  readonly name: string;
  readonly step?: string;
  readonly summary: string;
  phase: 'executing' | 'verifying';
  progress?: { message: string; done?: number; total?: number };
  readonly startedAt: Date;
  readonly controller: AbortController;
  readonly outputTail: string[];
  /** Set before the controller aborts when the responder stops watching a change that goes on. */
  unwatch?: boolean;
  /** The action whose change this one takes back. */
  readonly undoes?: string;
}

export interface LifecycleDeps {
  append(event: NewEvent): Promise<unknown>;
  readonly clock: Clock;
  confirm(request: ConfirmationRequest): Promise<Answer>;
  readonly running: Map<string, RunningAction>;
  changed(): void;
  readonly mode: IncidentMode;
  readonly service: string;
  /** Aborted when the session ends. */
  readonly signal: AbortSignal;
  /** A fresh redactor for one output stream of one action (secrets split across chunks). */
  streamRedactor(): StreamRedactor;
  /** What a plan must respect, as the incident knows it now (asked at each planning). */
  planContext(): PlanContext;
  /** A shared store: the lease on the action's provider target, held while a mutating action runs. */
  readonly lease?: LeaseTaker;
  /** This incident's action with this id, as its timeline has it (a taken-over lease's action is recorded as interrupted or unwatched). */
  actionOf?(actionId: string, incident: string): ActionState | undefined;
  /** Just before a change begins: what it is made at (the SLO's latest readings) goes on the timeline first. */
  beforeChange?(): void;
}

export interface ActionRequest {
  readonly actionId: string;
  /** `<provider>.<action>` */
  readonly name: string;
  readonly step?: string;
  readonly stepConfirm: boolean;
  readonly provider: LiveProvider;
  readonly spec: ActionSpec;
  readonly runner: ActionRunner;
  readonly params: Readonly<Record<string, unknown>>;
  /** The step's action already ran in this incident (that run's id): this run needs its target typed. */
  readonly repeatOf?: string;
  /** The action whose change this one takes back (an undo has no step). */
  readonly undoes?: string;
  /** What its plans must respect, when not what the incident knows now (an undo: not what the change it undoes taught). */
  readonly planContext?: () => PlanContext;
  /** A phrase its confirmation asks typed, and why (the undo of a change the burn stopped after). */
  readonly mustType?: { readonly phrase: string; readonly reason: string };
}

/** `stale`: the world changed between the plan and its execution; nothing ran, plan again. */
export type ActionEnd = 'succeeded' | 'failed' | 'cancelled' | 'refused' | 'stale' | 'unwatched';

const OUTPUT_TAIL_LINES = 8;
/** A line of the running action's live tail is drawn on one row; more is never shown. */
const OUTPUT_TAIL_LINE_CHARS = 500;

/**
 * One action through plan → safety → confirm → execute → verify, every stage on the timeline.
 * Resolves when the action has ended; never throws for a provider's failure.
 */
export async function runActionLifecycle(deps: LifecycleDeps, request: ActionRequest): Promise<ActionEnd> {
  const { actionId: action, name, step } = request;
  const of = { action, name, ...(step ? { step } : {}), ...(request.undoes ? { undoes: request.undoes } : {}) };
  const planned = await request.runner.plan(request.params, deps.signal, (request.planContext ?? deps.planContext)()).catch(asFailure);
  if (!planned.ok) {
    await deps.append({ kind: 'action.planned', data: { ...of, summary: `${name}: could not be planned`, calls: [] } });
    await deps.append({ kind: 'action.failed', data: { action, error: boundError(planned.error) } });
    return 'failed';
  }
  const plan = planned.value;
  const safety = request.runner.safety(plan);
  await deps.append({
    kind: 'action.planned',
    data: { ...of, summary: plan.summary, calls: plan.calls, safety, facts: plan.facts },
  });

  const gate = actionGate({
    verdict: safety,
    mutating: request.spec.mutating,
    dangerous: request.spec.dangerous,
    stepConfirm: request.stepConfirm,
    mode: deps.mode,
    providerKey: request.provider.key,
    drillTarget: request.provider.drillTarget,
    service: deps.service,
    runsCommand: plan.calls.some((call) => call.kind === 'argv'),
    ...(request.repeatOf ? { repeat: repeatGate(request, plan, deps.service) } : request.mustType ? { repeat: request.mustType } : {}),
  });
  if (gate.kind === 'refused') {
    await deps.append({ kind: 'action.cancelled', data: { action, reason: `refused: ${gate.reason}` } });
    return 'refused';
  }
  const answer = gate.kind === 'none' ? undefined : await deps.confirm({ ...of, summary: plan.summary, plan, safety, gate });
  if (answer !== undefined && !answer.confirmed) {
    await deps.append({ kind: 'action.cancelled', data: { action, reason: answer.reason } });
    return 'cancelled';
  }
  // Being made from its confirmation on, before that is even on the log: the plan's re-check is its first call. Out of
  // `running` meanwhile, a `q` with the confirming Enter quit with no question, and the rollback confirmed never ran.
  const running: RunningAction = { action, name, ...(step ? { step } : {}), ...(request.undoes ? { undoes: request.undoes } : {}), summary: plan.summary, phase: 'executing', startedAt: deps.clock.now(), controller: new AbortController(), outputTail: [] };
  deps.running.set(action, running);
  deps.changed();
  try {
    if (answer !== undefined) {
      await deps.append({
        kind: 'action.confirmed',
        data: { action, typed: answer.typed, ...typedGate(gate), ...(answer.against === undefined ? {} : { notRecommended: answer.against }) },
      });
    }
    const stale = await staleness(deps, request, plan, running);
    if (stale) {
      await deps.append({ kind: 'action.cancelled', data: { action, reason: stale.end === 'cancelled' ? stale.reason : `refused: ${stale.reason}` } });
      return stale.end;
    }
    return await execute(deps, request, plan, running);
  } finally {
    deps.running.delete(action);
    deps.changed();
  }
}

/** The target (or the service) typed on purpose, for a step whose action already ran. */
function repeatGate(request: ActionRequest, plan: ActionPlan, service: string): { phrase: string; reason: string } {
  const target = plan.facts.targetRevision;
  const phrase = typeof target === 'string' ? target : service;
  return { phrase, reason: `this step already ran in this incident (${request.repeatOf}): running it again is a new decision` };
}

/**
 * Like a refused stale plan in Terraform: a plan that says what it was made on is made again just
 * before it runs, and does not run if any of that changed (a teammate deployed, ECS rolled back).
 */
async function staleness(deps: LifecycleDeps, request: ActionRequest, plan: ActionPlan, running: RunningAction): Promise<{ end: ActionEnd; reason: string } | undefined> {
  if (!plan.observed) return undefined;
  const signal = AbortSignal.any([running.controller.signal, deps.signal]);
  // Quit or cancelled while the confirmation was being recorded: nothing to ask the provider.
  if (signal.aborted) return { end: 'cancelled', reason: notMade(deps, running) };
  const again = await request.runner.plan(request.params, signal, (request.planContext ?? deps.planContext)()).catch(asFailure);
  // Cancelled before its change: said as what it was (it read "refused: could not check … the ECS request was cancelled").
  if (!again.ok && again.error.kind === 'cancelled' && signal.aborted) return { end: 'cancelled', reason: notMade(deps, running) };
  if (!again.ok) return { end: 'failed', reason: `could not check that the plan is still true before running it: ${again.error.message}` };
  const changes = planDrift(plan, again.value);
  return changes.length === 0 ? undefined : { end: 'stale', reason: `the deploy state changed since the plan (${changes.join('; ')}); planning again` };
}

/** Why an action confirmed and stopped before its change was made ended: the responder quit, or cancelled it. */
const notMade = (deps: LifecycleDeps, running: RunningAction): string =>
  deps.signal.aborted ? `${quitter(deps)} before ${running.action} (${running.summary}) was made: nothing was changed` : 'cancelled by the responder before its change was made: nothing was changed';

/** Execute then verify, `running` registered by the caller. */
async function execute(deps: LifecycleDeps, request: ActionRequest, plan: ActionPlan, running: RunningAction): Promise<ActionEnd> {
  const action = request.actionId;
  const lease = await takeLease(deps, request);
  if (!lease.ok) {
    await deps.append({ kind: 'action.cancelled', data: { action, reason: `refused: ${lease.reason}` } });
    return 'refused';
  }
  const signal = AbortSignal.any([running.controller.signal, deps.signal]);
  const io = actionIO(deps, running, signal);
  try {
    // Stopped while its plan was checked again: the change is not begun.
    if (signal.aborted) {
      await deps.append({ kind: 'action.cancelled', data: { action, reason: notMade(deps, running) } });
      return 'cancelled';
    }
    deps.beforeChange?.();
    await deps.append({ kind: 'action.started', data: { action } });
    const executed = await untilAborted(request.runner.execute(plan, io), signal);
    io.flushOutput();
    if (!executed.ok) return await ended(deps, action, quitWhile(deps, running, cancelledWhileRunning(executed.error)));
    await deps.append({ kind: 'action.succeeded', data: { action, summary: executed.value.summary, details: executed.value.details } });
    return await verify(deps, request, plan, running, io, signal);
  } finally {
    // `running` is the caller's to clear (runActionLifecycle: from the confirmation on).
    await lease.release();
  }
}

async function verify(deps: LifecycleDeps, request: ActionRequest, plan: ActionPlan, running: RunningAction, io: BudgetedIO, signal: AbortSignal): Promise<ActionEnd> {
  running.phase = 'verifying';
  running.progress = undefined;
  deps.changed();
  const verified = await untilAborted(request.runner.verify(plan, io), signal);
  io.flushOutput();
  const data = { action: request.actionId, ...(request.step ? { step: request.step } : {}) };
  if (!verified.ok) {
    // The change itself was made: stopping the watch (or quitting), or a provider that stopped answering it, leaves it unwatched.
    if (verified.error.kind === 'cancelled' || verified.error.kind === 'unreachable') {
      const reason = verified.error.kind === 'unreachable' ? verified.error.message : deps.signal.aborted ? quitReason(deps, running) : running.unwatch ? 'the responder stopped watching; the change goes on in the provider' : undefined;
      if (reason === undefined) return ended(deps, request.actionId, verified.error);
      await deps.append({ kind: 'action.unwatched', data: { action: request.actionId, reason } });
      return 'unwatched';
    }
    await deps.append({ kind: 'verify.failed', actor: COCKPIT_ACTOR, data: { ...data, summary: verified.error.message } });
    return 'failed';
  }
  // The cockpit checked the outcome, not the responder: the same actor on screen and in every export.
  const doneAt = doneAtIfLate(verified.value.completedAt, deps.clock.now(), io.madeAt ?? running.startedAt, running.startedAt);
  await deps.append({ kind: 'verify.passed', actor: COCKPIT_ACTOR, data: { ...data, summary: verified.value.summary, ...(doneAt === undefined ? {} : { doneAt }) } });
  return 'succeeded';
}

/**
 * Re-runs only the verification of an action a crash interrupted, or nobody watched; `lease` (takeLease) is released at its end.
 * `madeAt`: when its change was made, from which the check's time limit counts.
 */
export async function reverifyAction(deps: LifecycleDeps, request: ActionRequest, plan: ActionPlan, lease: Extract<TakenLease, { ok: true }>, madeAt: Date | undefined): Promise<ActionEnd> {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, deps.signal]);
  const running: RunningAction = { action: request.actionId, name: request.name, ...(request.step ? { step: request.step } : {}), summary: plan.summary, phase: 'verifying', startedAt: deps.clock.now(), controller, outputTail: [] };
  deps.running.set(request.actionId, running);
  deps.changed();
  try {
    const io = actionIO(deps, running, signal);
    return await verify(deps, request, plan, running, madeAt ? { ...io, madeAt } : { ...io, callUnanswered: true }, signal);
  } finally {
    deps.running.delete(request.actionId);
    await lease.release();
    deps.changed();
  }
}

/** Who ended it: the responder quitting, or a signal's close (SIGTERM read "the responder quit"). */
const quitter = (deps: LifecycleDeps) => (typeof deps.signal.reason === 'string' ? deps.signal.reason : 'the responder quit');
const quitReason = (deps: LifecycleDeps, running: RunningAction): string => `${quitter(deps)} while ${running.action} (${running.summary}) was running`;

/** Cancelled once its call had begun: what it did is not known (a hung plugin's step read "not run: cancelled by the responder"). */
function cancelledWhileRunning(error: ProviderError): ProviderError {
  return error.kind === 'cancelled' ? { ...error, message: `${error.message} while its call ran: whether it changed anything is not known (check the provider)` } : error;
}

/** A cancellation because the session closed is the responder quitting, not cancelling. */
function quitWhile(deps: LifecycleDeps, running: RunningAction, error: ProviderError): ProviderError {
  return error.kind === 'cancelled' && deps.signal.aborted ? { ...error, message: quitReason(deps, running) } : error;
}

async function ended(deps: LifecycleDeps, action: string, error: ProviderError): Promise<ActionEnd> {
  if (error.kind === 'cancelled') {
    await deps.append({ kind: 'action.cancelled', data: { action, reason: error.message } });
    return 'cancelled';
  }
  await deps.append({ kind: 'action.failed', data: { action, error: boundError(error) } });
  return 'failed';
}

/** The ActionIO given to a provider, plus the end of a phase: what the redactors hold and the held tail of its output recorded. */
interface BudgetedIO extends ActionIO {
  flushOutput(): void;
}

/**
 * Output goes through a streaming redactor first (a secret split across chunks is whole there),
 * then through the budget, so a cut never splits a secret the redactor would have caught.
 *
 * Providers report output a line at a time, in bursts (every line of one pipe read in one
 * synchronous loop). Each burst is redacted as one text: the redactor scans its context again
 * with every push, so line by line a talkative command cost its whole output twice over in regular
 * expressions (80 MB took a minute). The budget still counts and keeps lines.
 */
function actionIO(deps: LifecycleDeps, running: RunningAction, signal: AbortSignal): BudgetedIO {
  const redactors = { stdout: deps.streamRedactor(), stderr: deps.streamRedactor() };
  const budget = new OutputBudget();
  // In arrival order; consecutive chunks of one stream are joined.
  const burst: { stream: OutputStream; text: string }[] = [];
  // The store keeps appends in call order, so output lands before the action's end.
  const record = (pieces: ReturnType<OutputBudget['take']>) => {
    for (const { stream, chunk, cut } of pieces) {
      void deps.append({ kind: 'action.output', data: { action: running.action, stream, chunk, ...(cut ? { cut } : {}) } }).catch(() => undefined);
    }
  };
  // Redacted output: the live tail on screen now; the timeline, a line at a time, through the budget.
  const pass = (stream: OutputStream, redacted: string) => {
    if (redacted === '') return;
    const lines = redacted.split('\n').filter((line) => line.length > 0).slice(-OUTPUT_TAIL_LINES);
    running.outputTail.push(...lines.map((line) => boundText(line, OUTPUT_TAIL_LINE_CHARS)));
    running.outputTail.splice(0, Math.max(0, running.outputTail.length - OUTPUT_TAIL_LINES));
    deps.changed();
    // Bounded per action (issue #11): the head now, the tail and a notice of the cut at the end.
    for (const line of splitLines(redacted)) record(budget.take(stream, line));
  };
  const flushBurst = () => {
    for (const { stream, text } of burst.splice(0)) {
      // Once the head is recorded, a burst's lines before its last ones can only be cut: they go
      // past the redactor unscanned and are counted (80 MB of output took seconds of regular
      // expressions whose results nothing kept). What follows is redacted as if they had been scanned.
      const keep = budget.headRecorded ? budget.keepFrom(text) : 0;
      if (keep > 0) {
        const cut = text.slice(0, keep);
        redactors[stream].skip(cut);
        budget.skip(cut);
      }
      pass(stream, redactors[stream].push(keep > 0 ? text.slice(keep) : text));
    }
  };
  return {
    signal,
    flushOutput: () => {
      flushBurst();
      for (const stream of ['stdout', 'stderr'] as const) pass(stream, redactors[stream].end());
      record(budget.finish());
    },
    progress(update) {
      running.progress = { message: update.message, ...(update.done === undefined ? {} : { done: update.done }), ...(update.total === undefined ? {} : { total: update.total }) };
      deps.changed();
    },
    output(stream, chunk) {
      const last = burst.at(-1);
      if (last?.stream === stream) last.text += chunk;
      else burst.push({ stream, text: chunk });
      if (burst.length === 1 && last === undefined) queueMicrotask(flushBurst);
    },
  };
}

/** Each line with its newline; an unterminated end is a line of its own. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let from = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
    lines.push(text.slice(from, at + 1));
    from = at + 1;
  }
  if (from < text.length) lines.push(text.slice(from));
  return lines;
}

/**
 * A provider that ignores cancellation must not hold the session: once the signal aborts the
 * action ends as cancelled, and whatever the provider answers later is dropped.
 */
function untilAborted<T>(work: Promise<Result<T>>, signal: AbortSignal): Promise<Result<T>> {
  if (signal.aborted) return Promise.resolve(cancelled());
  return new Promise((resolve) => {
    const onAbort = () => resolve(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(signal.aborted && !result.ok ? cancelled() : result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        resolve(asFailure(error));
      },
    );
  });
}

function cancelled(): Result<never> {
  return { ok: false, error: { kind: 'cancelled', message: 'cancelled by the responder' } };
}

/** A provider that throws is a provider bug; it still ends as a recorded failure, not a crash. */
function asFailure(error: unknown): Result<never> {
  return failFromThrown(error);
}
