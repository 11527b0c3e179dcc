import { randomBytes } from 'node:crypto';
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import { CLOSED_UNCONFIRMED, resolvedUnconfirmed } from '../core/events';
import { planContextOf } from '../core/ranHere';
import { createStreamRedactor } from '../core/streamRedact';
import type { SecretMatcher } from '../core/secretMatcher';
import { liveChange, standingAction } from '../core/undo';
import { burnBackSince } from '../core/burnCameBack';
import { rewatchEvents } from '../core/rewatch';
import { checkedNotDone } from '../core/stepAction';
import type { Clock, Logger } from '../plugins/contract';
import type { Scheduler } from '../plugins/scheduler';
import type { RunbookStep } from '../runbook/schema';
import type { ActionLeases } from '../timeline/eventStore';
import { leaseFor, takeLease } from './actionLease';
import { reverifyAction, runActionLifecycle, type ActionEnd, type ConfirmationRequest, type LifecycleDeps, type RunningAction } from './actionLifecycle';
import { autopilotAnswer } from './autopilotPolicy';
import { ConfirmationQueue } from './confirmations';
import { refuse, type IntentResult } from './intents';
import type { Journal } from './journal';
import type { ObservationRecorder } from './observationRecorder';
import type { LiveProvider, ProviderSet } from './providers';
import { completeByHand } from './stepCompletion';
import { stepActionRequest, undoCheckRequest, type StepRequestDeps } from './stepActionRequest';
import { toCheckAgain } from './checkAgain';
import { undoGuard, undoRequest } from './undo';
import { VerifyWatches } from './verifyWatches';
import { runFailure } from './viewInputs';

export type StepEnd = ActionEnd | 'passed' | 'failed' | 'skipped';

/** How many times a step plans again after finding its plan stale before it gives up. */
const STALE_REPLANS = 3;

/** With what a step's action request needs of the session (stepActionRequest.ts): the runbook, its state, what burns. */
export interface StepsDeps extends StepRequestDeps {
  readonly mode: LifecycleDeps['mode'];
  readonly clock: Clock;
  readonly log: Logger;
  /** Confirmations are answered by the autopilot's policy rather than put up for a responder. */
  readonly autopilot: boolean;
  readonly providers: ProviderSet;
  readonly journal: Journal;
  readonly observations: ObservationRecorder;
  readonly scheduler: Scheduler;
  readonly secretMatcher: SecretMatcher;
  /** How old SLO data may be before a recovery check calls it stale (verifyWatches.ts `staleAfterMs`). */
  readonly staleAfterMs: number;
  readonly changed: () => void;
  /** Aborted when the session closes: running actions are cancelled. */
  readonly signal: AbortSignal;
  /** A shared store: other responders act on the same incident (leases, action ids that cannot collide), and whose cockpit watches a teammate's recovery check. */
  readonly shared?: { readonly leases?: ActionLeases; readonly incident: string; readonly environment: string; readonly responder: string; readonly watchedElsewhere?: (step: string) => string | undefined };
}

/**
 * The runbook's steps and the actions they run: starting, confirming, cancelling, verifying,
 * and what a crash left interrupted. Intents arrive here from the session's `dispatch` (the UI)
 * and `runStep` (the autopilot, tests) after the session's own guards.
 */
export class Steps {
  readonly running = new Map<string, RunningAction>();
  readonly confirmations: ConfirmationQueue<ConfirmationRequest>;
  readonly verifyWatches: VerifyWatches;
  readonly interrupted = new Set<string>();
  readonly awaitingLease = new Set<string>(); // checked again once their stopped cockpit's lease expires (actionLease.ts)
  /** Actions whose undo is under way here (its plan is not on the log yet while the provider is read). */
  private readonly undoing = new Set<string>();
  /** Steps started here and not over (planned, confirmed, run, checked): a second Enter meanwhile planned one again. */
  private readonly underWay = new Set<string>();
  private readonly lifecycles = new Set<Promise<unknown>>();
  private readonly lifecycle: LifecycleDeps;
  private actionCount = 0;

  constructor(private readonly deps: StepsDeps) {
    this.confirmations = new ConfirmationQueue(() => deps.changed());
    this.verifyWatches = new VerifyWatches(deps.staleAfterMs);
    this.lifecycle = {
      append: (event) => deps.journal.record(event),
      clock: deps.clock,
      confirm: (request) => (deps.autopilot ? Promise.resolve(autopilotAnswer(request)) : this.confirmations.ask(request)),
      running: this.running,
      changed: () => deps.changed(),
      mode: deps.mode,
      service: deps.runbook.service,
      signal: deps.signal,
      streamRedactor: () => createStreamRedactor(deps.secretMatcher),
      planContext: () => planContextOf(deps.state(), deps.observations.burnHistory()),
      ...(deps.shared?.leases ? { lease: leaseFor(deps.runbook.service, deps.mode, deps.shared, deps.shared.leases, deps.signal, (id, waiting) => void (waiting ? this.awaitingLease.add(id) : this.awaitingLease.delete(id), deps.changed())) } : {}),
      actionOf: (actionId, incident) => (incident === deps.shared?.incident ? deps.state().actions.find((a) => a.id === actionId) : undefined),
      beforeChange: () => deps.observations.recordMadeAt(),
    };
    deps.journal.onEvent((event) => {
      if (event.kind === 'verify.failed' && event.data.step) this.verifyWatches.failures.set(event.data.step, event.data.summary);
      if (event.kind === 'action.unwatched') this.stillWatched(event.data.action);
      if (event.kind === 'action.succeeded' || event.kind === 'action.failed' || event.kind === 'action.cancelled') this.lateOutcome(event.kind, event.data.action);
      if (event.kind === 'incident.resolved') this.confirmations.drain(resolvedUnconfirmed(event.actor));
    });
  }

  /** After the log was replayed: actions are numbered on, and a replayed verification failure is not shown as current. */
  replayed(): void {
    this.verifyWatches.failures.clear();
    this.actionCount = this.deps.state().actions.length;
  }

  /**
   * A resumed incident's recovery checks that were being watched when its cockpit stopped (started,
   * no verdict on the log) are watched again: read-only, and judged on the burn's whole history.
   * A responder's resumed slow-burn drill read `○ to do … started` and waited for Enter.
   */
  resumeChecks(): void {
    for (const step of this.deps.runbook.recovery) {
      const state = this.deps.state().steps.find((s) => s.id === step.id);
      if (step.verify !== undefined && state?.status === 'in-progress' && state.check === undefined && this.deps.shared?.watchedElsewhere?.(step.id) === undefined) void this.start(step);
    }
    // Succeeded with no verdict, or unwatched once its lease expired: being verified when the cockpit stopped (a resumed
    // rollback read `○ to do`, and Enter planned a second one). On a shared store only this responder's own: a teammate's is
    // verified in their cockpit, or recorded as unwatched (a teammate joining said "its cockpit stopped" of it, and checked it).
    const me = this.deps.shared?.responder;
    for (const action of this.deps.state().actions) {
      if (action.status !== 'succeeded' || !(action.verification === undefined || action.verification.leaseExpired) || this.running.has(action.id)) continue;
      if (me !== undefined && (action.watchedBy ?? action.startedBy ?? me) !== me) continue;
      this.interrupted.add(action.id);
      this.track(this.reverify(action.id, 'resumed'));
    }
    this.track(this.completeChecked());
  }

  /** Steps made and checked with no `step.completed` on the log (a full disk took it): completed (it read `○ to do`). */
  private async completeChecked(): Promise<void> {
    for (const step of [...this.deps.runbook.first_actions, ...this.deps.runbook.recovery]) {
      if (checkedNotDone(step, this.deps.state())) await this.deps.journal.record({ kind: 'step.completed', data: { step: step.id } });
    }
  }

  /** An outcome a full disk kept off, recorded late: the row reads as the log says, a change made is checked (it stayed `to do`). */
  private lateOutcome(kind: string, actionId: string): void {
    const step = this.definition(this.deps.state().actions.find((a) => a.id === actionId)?.step ?? '');
    if (step !== undefined && this.verifyWatches.outcomeRecorded(step.id) && kind === 'action.succeeded') void this.start(step);
  }

  /** Said nobody watches a change this cockpit verifies (its lease reaped while the store was out of reach): it is, here. */
  private stillWatched(actionId: string): void {
    const running = this.running.get(actionId);
    if (running?.phase !== 'verifying' || running.unwatch === true || this.deps.signal.aborted) return;
    this.track(this.deps.journal.record({ kind: 'action.watched', data: { action: actionId } }));
  }

  has = (stepId: string): boolean => this.definition(stepId) !== undefined;

  /**
   * Runs `work` on the step, unless the runbook has no such step or it is over. `again`: a done
   * step with an action may run it again, as a new decision (its confirmation asks for the target typed).
   */
  async withStep(stepId: string, work: (step: RunbookStep) => Promise<IntentResult>, options: { again?: boolean } = {}): Promise<IntentResult> {
    const step = this.definition(stepId);
    if (!step) return refuse(`no step ${stepId} in this runbook`);
    const state = this.deps.state().steps.find((s) => s.id === stepId);
    // A recovery check the burn came back after may be run again (nothing could confirm the recovery that followed).
    const checkAgain = step.verify !== undefined && state?.finishedAt !== undefined && burnBackSince(this.deps.observations.burnHistory().get(step.verify.slo) ?? [], Date.parse(state.finishedAt)) !== undefined;
    const runAgain = options.again === true && state?.status === 'done' && (step.run !== undefined || checkAgain);
    if ((state?.status === 'done' && !runAgain) || state?.status === 'skipped') return refuse(`step ${stepId} is already ${state.status}`);
    const queued = this.deps.journal.queuedEndOf(stepId);
    if (queued !== undefined) return refuse(`step ${stepId} is ${queued === 'step.skipped' ? 'skipped' : 'done'} already: ⧗ pending, recorded once the shared store is back`);
    return work(step);
  }

  /**
   * Starts a step with no action (Enter on a look or a call to make): the responder's to finish with `d`. A recovery
   * check "started" without being watched could never pass: starting one starts its check. Started twice would say
   * nothing new, and log it twice.
   */
  async begin(step: RunbookStep): Promise<IntentResult> {
    if (step.verify) return this.start(step);
    if (this.deps.state().steps.find((s) => s.id === step.id)?.status === 'in-progress') return refuse(`step ${step.id} is started already: d marks it done`);
    await this.deps.journal.record({ kind: 'step.started', data: { step: step.id } });
    return { ok: true };
  }

  /** Starts the step's action (or verification) in the background; a change left unwatched (or interrupted) is checked again. */
  async start(step: RunbookStep): Promise<IntentResult> {
    if (this.underWay.has(step.id)) return refuse(`step ${step.id} is under way already: wait for its end`);
    if (checkedNotDone(step, this.deps.state())) {
      await this.deps.journal.record({ kind: 'step.completed', data: { step: step.id } });
      return { ok: true };
    }
    const last = standingAction(this.deps.state().actions, step.id, [...this.deps.state().actions].reverse().find((a) => a.step === step.id));
    const again = toCheckAgain(this.deps.state(), step.id, last, this.interrupted, this.running);
    if (again !== undefined) return this.reverify(again);
    // A teammate's change not over: a plan now asked "running it again is a new decision", refused only once typed. On a
    // local store it is this cockpit's, its verdict unrecorded (a full disk): checked again ("in root's cockpit" froze it).
    const holder = last?.watchedBy ?? last?.startedBy;
    const live = last !== undefined && liveChange(last) && holder !== undefined && holder !== this.deps.shared?.responder && !this.running.has(last.id);
    if (live && this.deps.shared === undefined) this.interrupted.add(last.id);
    if (live) return this.deps.shared === undefined ? this.reverify(last.id) : refuse(`${last.id} (${last.name}) is ${last.status === 'succeeded' ? 'being verified' : 'running'} in ${holder}'s cockpit: wait for its end`);
    if ([...this.running.values()].some((r) => r.step === step.id) || this.verifyWatches.has(step.id)) return refuse(`step ${step.id} is already running`);
    const watcher = step.verify === undefined ? undefined : this.deps.shared?.watchedElsewhere?.(step.id);
    if (watcher !== undefined) return refuse(`recovery check ${step.id} is watched in ${watcher}'s cockpit: its verdict shows here when it comes`);
    if (this.confirmations.current()?.step === step.id) return refuse(`step ${step.id} is waiting for its confirmation`);
    this.underWay.add(step.id);
    this.track(this.run(step.id).finally(() => this.underWay.delete(step.id)), step.id);
    return { ok: true };
  }

  /** Marks the step done by hand (stepCompletion.ts). */
  complete(step: RunbookStep, reason: string | undefined): Promise<IntentResult> {
    return completeByHand({ journal: this.deps.journal, actions: this.deps.state().actions, verifyWatches: this.verifyWatches }, step, reason);
  }

  /** Runs a step to its end: its action (confirmations answered by the autopilot policy when enabled) and its verification. */
  async run(stepId: string): Promise<StepEnd> {
    const step = this.definition(stepId);
    if (!step) throw new Error(`no step ${stepId}`);
    if (!step.run && !step.verify) {
      await this.deps.journal.record({ kind: 'step.completed', data: { step: stepId } });
      return 'succeeded';
    }
    const end: StepEnd = step.run ? await this.runAction(step) : 'succeeded';
    return end === 'succeeded' && step.verify ? this.watchVerify(step) : end;
  }

  /**
   * Checks again a change whose check a crash interrupted (`resumed`: found so at a resume), or that nobody watched:
   * holding its target's lease on a shared store, so no other cockpit checks it meanwhile, and said on the timeline
   * (the others read `NOT WATCHED` while it was checked here).
   */
  async reverify(actionId: string, why?: 'resumed'): Promise<IntentResult> {
    const action = this.deps.state().actions.find((a) => a.id === actionId);
    if (this.awaitingLease.has(actionId) || (!this.interrupted.has(actionId) && action?.verification?.outcome !== 'unwatched')) return refuse(this.awaitingLease.has(actionId) ? `${actionId} is checked again here once the lease its stopped cockpit held expires` : `action ${actionId} was not interrupted`);
    const plan = action && { action: action.name, summary: action.summary, calls: action.calls, facts: action.facts ?? {} };
    const step = action?.step ? this.definition(action.step) : undefined;
    const [providerKey = '', verb = ''] = (action?.name ?? '').split('.');
    const provider = this.deps.providers.providers.get(providerKey);
    const request = provider && (step ? stepActionRequest(this.deps, provider, verb, actionId, step) : action?.undoes !== undefined ? undoCheckRequest(provider, verb, { ...action, undoes: action.undoes }) : undefined);
    if (!action || !plan || !request) return refuse(`cannot re-run the verification of ${actionId}: its provider or plan is not available`);
    const lease = await takeLease(this.lifecycle, request);
    // Refused: checked in another cockpit (this responder's other one, after a resume), not interrupted.
    this.interrupted.delete(actionId);
    if (!lease.ok) return refuse(`${actionId} cannot be checked here now: ${lease.reason}`);
    const said = rewatchEvents(action, why).reduce<Promise<unknown>>((before, event) => before.then(() => this.deps.journal.record(event)), Promise.resolve());
    await said.catch(async (error: unknown) => {
      await lease.release();
      throw error;
    });
    this.track(
      reverifyAction(this.lifecycle, request, plan, lease, action.finishedAt === undefined ? undefined : new Date(action.finishedAt)).then(async (end) => {
        if (end === 'succeeded' && step && !step.verify) await this.deps.journal.record({ kind: 'step.completed', data: { step: step.id } });
      }),
    );
    return { ok: true };
  }

  async confirm(action: string, typed: string | undefined, against?: string): Promise<IntentResult> {
    const current = this.confirmations.current();
    if (!current || current.action !== action) return refuse(`no confirmation is waiting for ${action}`);
    if (current.gate.kind === 'typed' && typed !== current.gate.phrase) return refuse(`type \`${current.gate.phrase}\` exactly to confirm`);
    this.confirmations.answer(action, { confirmed: true, typed: current.gate.kind === 'typed', ...(against === undefined ? {} : { against }) });
    return { ok: true };
  }

  /**
   * Declines the action's pending confirmation, or stops it while it runs: a call still being made is cancelled; a
   * change already made (the action is verifying) goes on, and only the watch stops.
   */
  async cancel(action: string): Promise<IntentResult> {
    // A blocked plan declined says so on its step ("not run: declined…" read as if it could simply be run again).
    const pending = this.confirmations.current();
    const blocked = pending?.action === action && pending.safety.level === 'blocked';
    // On a shared store, whose: the others' steps read "declined by the responder" of a teammate's decision.
    const who = this.deps.shared?.responder ?? 'the responder';
    const reason = blocked ? `declined by ${who}, blocked by its safety check` : `declined by ${who}`;
    if (this.confirmations.answer(action, { confirmed: false, reason })) return { ok: true };
    const running = this.running.get(action);
    if (!running) return refuse(`nothing to cancel for ${action}`);
    if (running.phase === 'verifying') running.unwatch = true;
    running.controller.abort();
    return { ok: true };
  }

  /** Stops watching a step's verification (it ends failed). */
  cancelStep = async (step: string): Promise<IntentResult> => (this.verifyWatches.cancel(step) ? { ok: true } : refuse(`step ${step} is not being verified`));

  /** Takes back the change action `id` made (session/undo.ts): a change of its own, confirmed, without a step. */
  async undo(id: string): Promise<IntentResult> {
    if (this.undoing.has(id)) return refuse(`${id} is being undone`);
    // Its rollout is still watched here: an undo now would be planned over a deployment in flight.
    if (this.running.has(id)) return refuse(`${id} is still being verified: undo it once its check ends`);
    const undo = undoRequest(this.deps.providers, this.deps.state().actions, id, () => this.nextActionId(), this.deps.shared?.responder);
    if (!undo.ok) return refuse(undo.reason);
    this.undoing.add(id);
    const guard = undoGuard(() => this.deps.state(), id, () => this.deps.observations.burnHistory());
    const ran = runActionLifecycle(this.lifecycle, { ...undo.request, ...guard }).then((end) => {
      if (end === 'succeeded' || end === 'stale') this.pollAfterAction(undo.request.provider);
    });
    this.track(ran.finally(() => this.undoing.delete(id)));
    return { ok: true };
  }

  async evaluateVerify(slo: string): Promise<void> {
    const verdicts = this.verifyWatches.evaluate(slo, this.deps.observations.burnHistory().get(slo) ?? [], this.deps.clock.now().getTime());
    this.deps.changed();
    for (const verdict of verdicts) {
      // The cockpit watched the burn and decided: its event, whoever started the check.
      await this.deps.journal.record({ kind: verdict.passed ? 'verify.passed' : 'verify.failed', actor: COCKPIT_ACTOR, data: { step: verdict.step, summary: verdict.message } });
      // Completed by the check that passed, not by whoever started it (the postmortem said "root step.completed").
      if (verdict.passed) await this.deps.journal.record({ kind: 'step.completed', actor: COCKPIT_ACTOR, data: { step: verdict.step } });
      verdict.settle();
    }
  }

  /** After a crash: an action that was running is "interrupted"; one still waiting for confirmation is withdrawn. */
  async settleInterrupted(readOnly: boolean): Promise<void> {
    for (const action of this.deps.state().actions) {
      if (action.status === 'running' || action.status === 'confirmed') this.interrupted.add(action.id);
      else if (action.status === 'planned' && !readOnly) await this.deps.journal.record({ kind: 'action.cancelled', actor: COCKPIT_ACTOR, data: { action: action.id, reason: 'the cockpit stopped before it was confirmed' } });
    }
  }

  /** Closing: confirmations withdrawn; resolves when every step under way has ended (the caller bounds the wait). */
  drained(): Promise<unknown> {
    this.confirmations.drain(CLOSED_UNCONFIRMED);
    return Promise.allSettled([...this.lifecycles]);
  }

  /** The step's action; a plan found stale just before it ran is made again (a few times at most). */
  private async runAction(step: RunbookStep): Promise<ActionEnd> {
    let end: ActionEnd = 'stale';
    for (let attempt = 0; attempt < STALE_REPLANS && end === 'stale'; attempt += 1) end = await this.runActionOnce(step);
    return end;
  }

  private async runActionOnce(step: RunbookStep): Promise<ActionEnd> {
    const run = step.run!;
    const [providerKey = '', verb = ''] = run.action.split('.');
    const { providers, journal } = this.deps;
    const provider = providers.providers.get(providerKey);
    const actionId = this.nextActionId();
    await this.startedOnce(step.id);
    const request = provider && stepActionRequest(this.deps, provider, verb, actionId, step);
    if (!request) {
      const why = provider ? `\`${providerKey}\` has no action \`${verb}\`` : (providers.failures.find((f) => f.key === providerKey)?.message ?? `no provider \`${providerKey}\``);
      await journal.record({ kind: 'action.planned', data: { action: actionId, name: run.action, step: step.id, summary: `${run.action}: cannot run`, calls: [] } });
      await journal.record({ kind: 'action.failed', data: { action: actionId, error: { kind: 'unsupported', message: why } } });
      return 'failed';
    }
    this.verifyWatches.failures.delete(step.id);
    const end = await runActionLifecycle(this.lifecycle, request);
    if (end === 'succeeded' && !step.verify) await journal.record({ kind: 'step.completed', data: { step: step.id } });
    if (end === 'succeeded' || end === 'stale') this.pollAfterAction(provider);
    return end;
  }

  /** Numbered as they start, before anything is recorded: two started together, or ours and a teammate's, never share an id. */
  private nextActionId(): string {
    return this.deps.shared ? `act-${Math.max(++this.actionCount, this.deps.state().actions.length + 1)}-${randomBytes(2).toString('hex')}` : `act-${++this.actionCount}`;
  }

  private async watchVerify(step: RunbookStep): Promise<'passed' | 'failed'> {
    const verdict = this.verifyWatches.start(step.id, step.verify!, this.deps.clock.now().getTime());
    this.deps.changed();
    await this.startedOnce(step.id);
    await this.evaluateVerify(step.verify!.slo);
    return verdict;
  }

  private pollAfterAction(provider: LiveProvider): void {
    for (const panel of ['deploys', 'flags'] as const) if (provider.instance[panel]) this.deps.scheduler.pollNow(panel);
  }

  /**
   * The step's start, on the log: the first one, and a check run again after its verdict (one that
   * failed while Prometheus was down, re-run with Enter, wrote nothing: a watcher kept `✖ FAILED`,
   * and a resume after a crash showed the old failure instead of watching it again).
   */
  private async startedOnce(stepId: string): Promise<void> {
    const step = this.deps.state().steps.find((s) => s.id === stepId);
    // Watched again after its cockpit closed: said, so that every cockpit folds it watched (`watchLeftAt` gone).
    if (step?.status === 'pending' || step?.check !== undefined || step?.watchLeftAt !== undefined) await this.deps.journal.record({ kind: 'step.started', data: { step: stepId } });
  }

  private definition(id: string): RunbookStep | undefined {
    return [...this.deps.runbook.first_actions, ...this.deps.runbook.recovery].find((s) => s.id === id);
  }

  /** `step`: the step whose work it is; its failure (a full disk) is said on it, not only in the log. */
  private track(work: Promise<unknown>, step?: string): void {
    const tracked = work.catch((error: unknown) => {
      this.deps.log.warn('a step ended with an error', { error: String(error) });
      if (step === undefined) return;
      // Shown as the step's last failure (`✖ FAILED` with why) until it runs again: Enter on it did nothing visible.
      this.verifyWatches.failures.set(step, runFailure(this.deps.state(), step, error));
      this.deps.changed();
    });
    this.lifecycles.add(tracked);
    void tracked.finally(() => this.lifecycles.delete(tracked));
  }
}
