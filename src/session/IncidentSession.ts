import { dirname, join } from 'node:path';
import { own } from '../core/own';
import { describeEvent } from '../core/describeEvent';
import type { DrillReport } from '../core/drillScore';
import { createCleaner, type Cleaner } from '../core/displayText';
import { formatDuration } from '../core/duration';
import { boundEventData } from '../core/eventBounds';
import type { DrillScenarioRecord, IncidentMode, NewEvent, OpenedStep, StoredEvent } from '../core/events';
import { decideMode } from '../core/incidentMode';
import { createSecretMatcher, type SecretMatcher } from '../core/secretMatcher';
import { createStreamRedactor } from '../core/streamRedact';
import { triggerRulesFor, type TriggerRule } from '../core/triggers';
import type { ActionPlan, Clock, Logger, PluginDefinition } from '../plugins/contract';
import { createExec, type Exec } from '../plugins/exec';
import { Scheduler, type Observation } from '../plugins/scheduler';
import { resolveProviders, type ResolvedProvider } from '../runbook/environments';
import type { Runbook, RunbookStep } from '../runbook/schema';
import type { EventStore } from '../timeline/eventStore';
import { openIncident } from '../timeline/openIncident';
import { readOpenedEvent } from '../timeline/readOpened';
import { readVerifiedEvents } from '../timeline/readEvents';
import { EVENTS_FILE } from '../timeline/paths';
import { reverifyAction, runActionLifecycle, type ActionEnd, type ActionRequest, type ConfirmationRequest, type LifecycleDeps, type RunningAction } from './actionLifecycle';
import { buildView, type PanelSource, type ViewInputs } from './buildView';
import { statusUpdateDue } from './commsReminder';
import { ObservationRecorder, type PollIntervals } from './observationRecorder';
import { VerifyWatches } from './verifyWatches';
import { ConfirmationQueue, type Answer } from './confirmations';
import type { Intent, IntentResult, SessionController } from './intents';
import type { ActivityMeter } from './activity';
import { panelsFilled } from './panelsFilled';
import { createProviders, declaredProvider, type LiveProvider, type ProviderSet } from './providers';
import { AppendOnlyTimeline } from './timeline';
import type { CockpitView } from './viewModel';

export interface SessionOptions {
  readonly runbook: Runbook;
  readonly runbookPath: string;
  readonly plugins: readonly PluginDefinition<unknown>[];
  /** Values of `${ENV}` expansions: redacted everywhere. */
  readonly secrets: readonly string[];
  readonly environment: string;
  /** The environment was not chosen explicitly (it may then have no overrides in the runbook). */
  readonly defaultEnvironment: boolean;
  /**
   * The mode of a new incident. A resumed one keeps the mode its log recorded; this is then only
   * what the caller asked for, and a request the log contradicts is refused (see `decideMode`).
   */
  readonly mode: IncidentMode;
  readonly dataDir: string;
  readonly responder: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly exec?: Exec;
  /** Resume this incident instead of opening a new one. */
  readonly incidentId?: string;
  readonly readOnly?: boolean;
  /** Confirmations are answered yes (never overriding a safety block): `cockpit drill --autopilot` only. */
  readonly autopilot?: boolean;
  readonly intervals?: Partial<PollIntervals>;
  /** Injected for deterministic backoff jitter. */
  readonly random?: () => number;
  /** Counts provider work in flight, for a max-speed drill's clock. */
  readonly activity?: ActivityMeter;
  /**
   * A sandbox drill's directory: the only files its plugins may touch. A drill-sandbox incident
   * is never opened without one, so its providers are always confined to a sandbox.
   */
  readonly sandboxDir?: string;
  /** Recorded on a new sandbox drill's `incident.opened`, so the drill can be resumed. */
  readonly scenario?: DrillScenarioRecord;
}

const DEFAULT_INTERVALS: PollIntervals = { deploys: 15_000, flags: 5_000, slo: 30_000, sloRecord: 60_000 };
const SHUTDOWN_GRACE_MS = 1_500;
const NOTIFY_INTERVAL_MS = 16;
const FILLING_NOTIFY_WAIT_MS = 250;

export type SessionOpenResult = { readonly ok: true; readonly session: IncidentSession } | { readonly ok: false; readonly message: string };

/**
 * One incident's live loop, with no UI in it: the store, the providers, the scheduler and the
 * action runner. Responders (the TUI), the autopilot and tests all drive it through `dispatch`
 * and read it through `view`/`subscribe`.
 */
export class IncidentSession implements SessionController {
  private readonly listeners = new Set<(view: CockpitView) => void>();
  private readonly stop = new AbortController();
  private readonly running = new Map<string, RunningAction>();
  private readonly lifecycles = new Set<Promise<unknown>>();
  private readonly confirmations: ConfirmationQueue<ConfirmationRequest>;
  private readonly plannedFacts = new Map<string, ActionPlan>();
  private readonly interrupted = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly notices: string[] = [];
  private readonly rules: readonly TriggerRule[];
  private readonly intervals: PollIntervals;
  private readonly deps: LifecycleDeps;
  private readonly secretMatcher: SecretMatcher;
  private readonly clean: Cleaner;
  private readonly observations: ObservationRecorder;
  private readonly verifyWatches: VerifyWatches;
  private cached: CockpitView | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;
  private lastNotified: CockpitView | undefined;
  private reminded = false;
  private actionCount = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly options: SessionOptions,
    private readonly store: EventStore,
    private readonly timeline: AppendOnlyTimeline,
    private readonly providers: ProviderSet,
    private readonly scheduler: Scheduler,
    private readonly sources: { deploys?: PanelSource; flags?: PanelSource; slo?: PanelSource },
  ) {
    this.intervals = { ...DEFAULT_INTERVALS, ...options.intervals };
    this.secretMatcher = createSecretMatcher(options.secrets);
    this.clean = createCleaner(this.secretMatcher);
    this.rules = triggerRulesFor(options.runbook);
    this.confirmations = new ConfirmationQueue(() => this.changed());
    this.verifyWatches = new VerifyWatches(3 * this.intervals.slo);
    this.observations = new ObservationRecorder(options.runbook, this.rules, this.intervals, scheduler, options.clock, (events) => this.recordAll(events));
    this.deps = {
      append: (event) => this.record(event),
      clock: options.clock,
      confirm: (request) => this.confirm(request),
      running: this.running,
      changed: () => this.changed(),
      mode: options.mode,
      service: options.runbook.service,
      signal: this.stop.signal,
      streamRedactor: () => createStreamRedactor(this.secretMatcher),
    };
  }

  static async open(asked: SessionOptions): Promise<SessionOpenResult> {
    // Before the lock, the providers, or any append: a refusal leaves the incident as it was.
    const logged = asked.incidentId === undefined ? undefined : await readOpenedEvent(asked.dataDir, asked.incidentId);
    if (logged && !logged.ok) return { ok: false, message: logged.error.message };
    const decided = decideMode({
      ...(logged ? { logged: logged.value.data.mode } : {}),
      asked: asked.mode,
      sandbox: asked.sandboxDir !== undefined,
      readOnly: asked.readOnly ?? false,
      ...(asked.incidentId === undefined ? {} : { incidentId: asked.incidentId }),
      runbookPath: asked.runbookPath,
    });
    if (!decided.ok) return decided;
    const options: SessionOptions = { ...asked, mode: decided.mode };
    const { runbook, clock } = options;
    const resolvedAll = resolveProviders(runbook, options.environment, options.defaultEnvironment);
    if (!resolvedAll.ok) return { ok: false, message: resolvedAll.message };
    const resolved = decided.providers === 'none' ? { ...resolvedAll, providers: [] } : resolvedAll;
    const steps: OpenedStep[] = [
      ...runbook.first_actions.map((s) => ({ id: s.id, title: s.title, phase: 'first_actions' as const })),
      ...runbook.recovery.map((s) => ({ id: s.id, title: s.title, phase: 'recovery' as const })),
    ];
    const opened = await openIncident({
      dataDir: options.dataDir,
      ...(options.incidentId
        ? { id: options.incidentId }
        : {
            create: {
              service: runbook.service,
              severity: runbook.severity,
              environment: options.environment,
              mode: options.mode,
              steps,
              runbook: options.runbookPath,
              ...(options.scenario ? { scenario: options.scenario } : {}),
              drill: options.mode !== 'incident',
            },
          }),
      readOnly: options.readOnly ?? false,
      secrets: options.secrets,
      responder: options.responder,
      now: () => clock.now(),
    });
    if (!opened.ok) return { ok: false, message: opened.error.message };
    const { store, dir } = opened.value;

    const intervals = { ...DEFAULT_INTERVALS, ...options.intervals };
    const stopProviders = new AbortController();
    const providers = await createProviders(resolved.providers, options.plugins, {
      signal: stopProviders.signal,
      clock,
      log: options.log,
      exec: options.exec ?? createExec(),
      baseDir: dirname(options.runbookPath),
      service: runbook.service,
      environment: options.environment,
      sandboxed: options.mode === 'drill-sandbox',
      ...(options.sandboxDir ? { sandboxDir: options.sandboxDir } : {}),
      templateVars: () => ({
        ...runbook.vars,
        service: runbook.service,
        env: options.environment,
        incident: store.incidentId,
        responder: options.responder,
      }),
      ...(options.activity ? { activity: options.activity } : {}),
    });
    const scheduler = new Scheduler({ clock, ...(options.random ? { random: options.random } : {}) });
    const sources = panelSources(resolved.providers, options.plugins, providers, intervals);
    const timeline = new AppendOnlyTimeline();
    const session = new IncidentSession(options, store, timeline, providers, scheduler, sources);
    if (decided.providers === 'none') session.notices.push('a sandbox drill: its world lives in the cockpit running the drill; this watch shows its timeline only');
    session.stop.signal.addEventListener('abort', () => stopProviders.abort(), { once: true });
    await session.replay(join(dir, EVENTS_FILE));
    session.observations.addPollTasks({
      ...(session.providerFor('deploys') ? { deploys: session.providerFor('deploys')! } : {}),
      ...(session.providerFor('flags') ? { flags: session.providerFor('flags')! } : {}),
      ...(session.providerFor('slo') ? { slo: session.providerFor('slo')! } : {}),
    });
    await session.settleInterrupted();
    scheduler.subscribe((observation) => session.onObservation(observation));
    scheduler.start(session.stop.signal);
    return { ok: true, session };
  }

  get incidentId(): string {
    return this.store.incidentId;
  }

  // Bound: renderers pass these around (React's useSyncExternalStore calls them unbound).
  readonly view = (): CockpitView => {
    this.cached ??= this.buildView();
    return this.cached;
  };

  readonly subscribe = (listener: (view: CockpitView) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly dispatch = (intent: Intent): Promise<IntentResult> => this.handle(intent);

  private async handle(intent: Intent): Promise<IntentResult> {
    if (this.closing && intent.type !== 'quit') return refuse('the cockpit is closing');
    if (this.store.readOnly && intent.type !== 'quit') return refuse('this incident is open read-only: another cockpit holds it');
    switch (intent.type) {
      case 'step.start':
        return this.withStep(intent.step, async () => this.recordOk({ kind: 'step.started', data: { step: intent.step } }));
      case 'step.complete':
        return this.withStep(intent.step, async () => this.recordOk({ kind: 'step.completed', data: { step: intent.step } }));
      case 'step.skip':
        if (intent.reason.trim() === '') return refuse('say why the step is skipped');
        return this.withStep(intent.step, async () => this.recordOk({ kind: 'step.skipped', data: { step: intent.step, reason: intent.reason.trim() } }));
      case 'step.run':
        return this.withStep(intent.step, async (step) => this.startStep(step));
      case 'action.reverify':
        return this.reverify(intent.action);
      case 'confirm':
        return this.answerConfirmation(intent.action, intent.typed);
      case 'cancel':
        return this.cancel(intent.action);
      case 'note':
        if (intent.text.trim() === '') return refuse('a note needs text');
        return this.recordOk({ kind: 'note', data: { text: intent.text.trim() } });
      case 'role.assign':
        return this.recordOk({ kind: 'role.assigned', data: { role: intent.role, person: intent.person } });
      case 'severity.change':
        return this.recordOk({ kind: 'severity.changed', data: { to: intent.to, ...(intent.reason ? { reason: intent.reason } : {}) } });
      case 'comms.sent':
        return this.recordOk({ kind: 'comms.sent', data: { channel: intent.channel, message: intent.message } });
      case 'incident.mitigated':
        if (this.store.state().mitigatedAt) return refuse('already mitigated');
        return this.recordOk({ kind: 'incident.mitigated', data: intent.summary ? { summary: intent.summary } : {} });
      case 'incident.resolved':
        if (this.store.state().resolvedAt) return refuse('already resolved');
        return this.recordOk({ kind: 'incident.resolved', data: intent.summary ? { summary: intent.summary } : {} });
      case 'quit':
        await this.close();
        return { ok: true };
    }
  }

  // --- headless driver API (autopilot, tests) ---------------------------------------------------

  /** Runs a step to its end: its action (confirmations answered by the autopilot policy when enabled) and its verification. */
  async runStep(stepId: string): Promise<ActionEnd | 'passed' | 'failed' | 'skipped'> {
    const step = this.stepDefinition(stepId);
    if (!step) throw new Error(`no step ${stepId}`);
    if (!step.run && !step.verify) {
      await this.record({ kind: 'step.completed', data: { step: stepId } });
      return 'succeeded';
    }
    let end: ActionEnd | 'passed' | 'failed' = 'succeeded';
    if (step.run) end = await this.runAction(step);
    if (end === 'succeeded' && step.verify) end = await this.watchVerify(step);
    return end;
  }

  /** Records a drill's score on the timeline (once; later calls are ignored). */
  async recordDrillScore(report: DrillReport): Promise<void> {
    if (this.store.state().drillScore || this.store.readOnly) return;
    await this.record({ kind: 'drill.scored', data: { score: report.score, max: report.max, summary: report.findings.join(' '), details: { ...report } } });
  }

  /** Resolves once `predicate` holds for the view; rejects after `timeoutMs` of the session's clock. */
  until(predicate: (view: CockpitView) => boolean, options: { timeoutMs: number }): Promise<CockpitView> {
    return new Promise((resolve, reject) => {
      const timer = new AbortController();
      let unsubscribe = () => {};
      const check = (view: CockpitView) => {
        if (!predicate(view)) return false;
        unsubscribe();
        timer.abort();
        resolve(view);
        return true;
      };
      if (check(this.view())) return;
      unsubscribe = this.subscribe((view) => void check(view));
      this.options.clock.sleep(options.timeoutMs, AbortSignal.any([timer.signal, this.stop.signal])).then(
        () => {
          unsubscribe();
          reject(new Error(`condition not reached within ${formatDuration(options.timeoutMs)}`));
        },
        () => undefined,
      );
    });
  }

  /** Stops pollers, cancels running actions, flushes the timeline; resolves within about 2 s. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.confirmations.drain('the cockpit closed before it was confirmed');
      this.stop.abort();
      const pending = Promise.allSettled([...this.lifecycles, this.scheduler.stopped()]);
      await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
      this.verifyWatches.cancelAll();
      clearTimeout(this.notifyTimer);
      await Promise.allSettled([...this.providers.providers.values()].map((p) => p.instance.close?.()));
      await this.store.close();
    })();
    return this.closing;
  }

  // --- steps and actions ------------------------------------------------------------------------

  private async withStep(stepId: string, work: (step: RunbookStep) => Promise<IntentResult>): Promise<IntentResult> {
    const step = this.stepDefinition(stepId);
    if (!step) return refuse(`no step ${stepId} in this runbook`);
    const state = this.store.state().steps.find((s) => s.id === stepId);
    if (state?.status === 'done' || state?.status === 'skipped') return refuse(`step ${stepId} is already ${state.status}`);
    return work(step);
  }

  private async startStep(step: RunbookStep): Promise<IntentResult> {
    if ([...this.running.values()].some((r) => r.step === step.id) || this.verifyWatches.has(step.id)) return refuse(`step ${step.id} is already running`);
    if (this.confirmations.current()?.step === step.id) return refuse(`step ${step.id} is waiting for its confirmation`);
    this.track(this.runStep(step.id));
    return { ok: true };
  }

  private async runAction(step: RunbookStep): Promise<ActionEnd> {
    const run = step.run!;
    const [providerKey = '', verb = ''] = run.action.split('.');
    const provider = this.providers.providers.get(providerKey);
    // Numbered as they start, before anything is recorded, so two steps started together never share an id.
    const actionId = `act-${++this.actionCount}`;
    await this.startedOnce(step.id);
    const request = provider && actionRequest(provider, verb, actionId, step);
    if (!request) {
      const why = provider ? `\`${providerKey}\` has no action \`${verb}\`` : (this.providers.failures.find((f) => f.key === providerKey)?.message ?? `no provider \`${providerKey}\``);
      await this.record({ kind: 'action.planned', data: { action: actionId, name: run.action, step: step.id, summary: `${run.action}: cannot run`, calls: [] } });
      await this.record({ kind: 'action.failed', data: { action: actionId, error: { kind: 'unsupported', message: why } } });
      return 'failed';
    }
    this.verifyWatches.failures.delete(step.id);
    const end = await runActionLifecycle(this.deps, request);
    if (end === 'succeeded' && !step.verify) await this.record({ kind: 'step.completed', data: { step: step.id } });
    if (end === 'succeeded') this.pollAfterAction(provider);
    return end;
  }

  private async reverify(actionId: string): Promise<IntentResult> {
    if (!this.interrupted.has(actionId)) return refuse(`action ${actionId} was not interrupted`);
    const action = this.store.state().actions.find((a) => a.id === actionId);
    const plan = this.plannedFacts.get(actionId);
    const step = action?.step ? this.stepDefinition(action.step) : undefined;
    const [providerKey = '', verb = ''] = (action?.name ?? '').split('.');
    const provider = this.providers.providers.get(providerKey);
    const request = provider && step && actionRequest(provider, verb, actionId, step);
    if (!action || !plan || !request) return refuse(`cannot re-run the verification of ${actionId}: its provider or plan is not available`);
    this.interrupted.delete(actionId);
    this.track(
      reverifyAction(this.deps, request, plan).then(async (end) => {
        if (end === 'succeeded' && step && !step.verify) await this.record({ kind: 'step.completed', data: { step: step.id } });
      }),
    );
    return { ok: true };
  }

  private confirm(request: ConfirmationRequest): Promise<Answer> {
    if (this.options.autopilot) {
      if (request.gate.kind === 'typed' && request.gate.override) {
        return Promise.resolve({ confirmed: false, reason: `autopilot never overrides a safety block (${request.gate.reason})` });
      }
      return Promise.resolve({ confirmed: true, typed: request.gate.kind === 'typed' });
    }
    return this.confirmations.ask(request);
  }

  private async answerConfirmation(action: string, typed: string | undefined): Promise<IntentResult> {
    const current = this.confirmations.current();
    if (!current || current.action !== action) return refuse(`no confirmation is waiting for ${action}`);
    if (current.gate.kind === 'typed' && typed !== current.gate.phrase) return refuse(`type \`${current.gate.phrase}\` exactly to confirm`);
    this.confirmations.answer(action, { confirmed: true, typed: current.gate.kind === 'typed' });
    return { ok: true };
  }

  private async cancel(action: string): Promise<IntentResult> {
    if (this.confirmations.answer(action, { confirmed: false, reason: 'declined by the responder' })) return { ok: true };
    const running = this.running.get(action);
    if (running) {
      running.controller.abort();
      return { ok: true };
    }
    if (this.verifyWatches.cancel(action)) return { ok: true };
    return refuse(`nothing to cancel for ${action}`);
  }

  // --- verify steps -----------------------------------------------------------------------------

  private async watchVerify(step: RunbookStep): Promise<'passed' | 'failed'> {
    const verdict = this.verifyWatches.start(step.id, step.verify!, this.options.clock.now().getTime());
    this.changed();
    await this.startedOnce(step.id);
    await this.evaluateVerify(step.verify!.slo);
    return verdict;
  }

  private async evaluateVerify(slo: string): Promise<void> {
    const verdicts = this.verifyWatches.evaluate(slo, this.observations.burnHistory().get(slo) ?? [], this.options.clock.now().getTime());
    this.changed();
    for (const verdict of verdicts) {
      await this.record({ kind: verdict.passed ? 'verify.passed' : 'verify.failed', data: { step: verdict.step, summary: verdict.message } });
      if (verdict.passed) await this.record({ kind: 'step.completed', data: { step: verdict.step } });
      verdict.settle();
    }
  }

  // --- observations -----------------------------------------------------------------------------

  private onObservation(observation: Observation<unknown>): void {
    this.changed();
    if (this.stop.signal.aborted) return;
    const slo = this.observations.observe(observation);
    // A failed append (a full disk) is on screen already: it must not end the cockpit as an unhandled rejection.
    if (slo) void this.evaluateVerify(slo).catch((error: unknown) => this.options.log.warn('could not record a verification', { error: String(error) }));
    this.remindComms();
  }

  private reminders(): string[] {
    const due = statusUpdateDue(this.options.runbook, this.store.state(), this.options.clock.now().getTime());
    return due ? [due.banner] : [];
  }

  private remindComms(): void {
    if (this.reminded) return;
    const due = statusUpdateDue(this.options.runbook, this.store.state(), this.options.clock.now().getTime());
    if (!due) return;
    this.reminded = true;
    void this.record({ kind: 'note', data: { text: due.note, tag: 'reminder' } }).catch((error: unknown) => this.options.log.warn('could not record a reminder', { error: String(error) }));
  }

  private pollAfterAction(provider: LiveProvider): void {
    if (provider.instance.deploys) this.scheduler.pollNow('deploys');
    if (provider.instance.flags) this.scheduler.pollNow('flags');
  }

  // --- recording and views ----------------------------------------------------------------------

  private async record(event: NewEvent): Promise<StoredEvent | undefined> {
    if (this.store.readOnly) return undefined;
    // Every event the session records passes here: one place bounds their data (issue #11).
    const append = this.store.append({ ...event, data: boundEventData(event.data) } as NewEvent);
    this.inFlight.add(append);
    try {
      const stored = await append;
      this.remember(stored);
      return stored;
    } finally {
      this.inFlight.delete(append);
      // A failed append changes the view too: the screen must say at once that nothing is recorded.
      this.changed();
    }
  }

  /** Real work under way: appends not yet on disk, or provider calls not waiting on the clock. */
  busy(): boolean {
    return this.inFlight.size > 0 || (this.options.activity?.busy() ?? false);
  }

  /** Resolves once every event the session has started recording is on disk and folded. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private recordAll(events: readonly NewEvent[]): void {
    for (const event of events) void this.record(event).catch((error: unknown) => this.options.log.warn('could not record an observation', { error: String(error) }));
  }

  private async recordOk(event: NewEvent): Promise<IntentResult> {
    await this.record(event);
    return { ok: true };
  }

  /** What the session keeps of an event beyond the fold: timeline lines, plans for re-verification. */
  private remember(event: StoredEvent): void {
    this.timeline.push(this.clean({ seq: event.seq, at: event.at, actor: event.actor, kind: event.kind, text: describeEvent(event) }));
    if (event.kind === 'action.planned') {
      this.plannedFacts.set(event.data.action, { action: event.data.name, summary: event.data.summary, calls: event.data.calls, facts: event.data.facts ?? {} });
    } else if (event.kind === 'note' && event.data.tag === 'reminder') {
      this.reminded = true;
    } else if (event.kind === 'verify.failed' && event.data.step) {
      this.verifyWatches.failures.set(event.data.step, event.data.summary);
    }
    this.observations.remember(event);
  }

  private async replay(log: string): Promise<void> {
    for await (const event of readVerifiedEvents(log)) this.remember(event);
    this.verifyWatches.failures.clear();
    const state = this.store.state();
    this.observations.seed(state);
    this.actionCount = state.actions.length;
  }

  /** After a crash: an action that was running is "interrupted"; one still waiting for confirmation is withdrawn. */
  private async settleInterrupted(): Promise<void> {
    for (const action of this.store.state().actions) {
      if (action.status === 'running' || action.status === 'confirmed') this.interrupted.add(action.id);
      else if (action.status === 'planned' && !this.store.readOnly) {
        await this.record({ kind: 'action.cancelled', data: { action: action.id, reason: 'the cockpit stopped before it was confirmed' } });
      }
    }
    if (this.interrupted.size > 0) this.notices.push(`${this.interrupted.size} action(s) were interrupted when the cockpit stopped: check the provider, then re-run their verification`);
    for (const failure of this.providers.failures) this.notices.push(`provider ${failure.key} (${failure.plugin}): ${failure.message}`);
    if (this.store.readOnly) this.notices.push('read-only: another cockpit holds this incident; nothing you do here is recorded');
  }

  private async startedOnce(stepId: string): Promise<void> {
    if (this.store.state().steps.find((s) => s.id === stepId)?.status === 'pending') await this.record({ kind: 'step.started', data: { step: stepId } });
  }

  private buildView(): CockpitView {
    // Everything drawn passes the one cleaner: provider errors, flag names, titles, output.
    return this.clean(buildView(this.viewInputs()));
  }

  /** Everything the view is derived from; the state part is the fold of the log. */
  viewInputs(): ViewInputs {
    return {
      now: this.options.clock.now(),
      state: this.store.state(),
      runbook: this.options.runbook,
      responder: this.options.responder,
      readOnly: this.store.readOnly,
      ...(this.store.recordingFailure() === undefined ? {} : { recordingFailure: this.store.recordingFailure()! }),
      sources: this.sources,
      observations: this.scheduler.snapshot(),
      rules: this.rules,
      burnHistory: this.observations.burnHistory(),
      timeline: this.timeline.view(),
      ...(this.confirmations.current() ? { confirmation: this.confirmations.current()! } : {}),
      running: [...this.running.values()],
      verifying: this.verifyWatches.statuses(),
      verifyFailures: this.verifyWatches.failures,
      interrupted: this.interrupted,
      reminders: this.reminders(),
      notices: this.notices,
    };
  }

  /**
   * Coalesces bursts of changes (a poll answering six windows, an action's output) into one view
   * per frame: a renderer draws at most about 60 frames a second anyway. Until every panel has
   * its first answer, a view is published as soon as the last one arrives, or after a short
   * wait: each full repaint costs a terminal UI tens of milliseconds, and half-filled frames
   * would only delay the filled one.
   */
  private changed(): void {
    this.cached = undefined;
    const filling = this.lastNotified === undefined || !panelsFilled(this.lastNotified);
    if (filling && panelsFilled(this.view())) {
      clearTimeout(this.notifyTimer);
      this.notifyTimer = setTimeout(() => this.notify(), 0);
      return;
    }
    if (this.notifyTimer !== undefined) return;
    this.notifyTimer = setTimeout(() => this.notify(), filling ? FILLING_NOTIFY_WAIT_MS : NOTIFY_INTERVAL_MS);
  }

  private notify(): void {
    this.notifyTimer = undefined;
    if (this.listeners.size === 0) return;
    const view = this.view();
    this.lastNotified = view;
    for (const listener of this.listeners) listener(view);
  }

  private stepDefinition(id: string): RunbookStep | undefined {
    return [...this.options.runbook.first_actions, ...this.options.runbook.recovery].find((s) => s.id === id);
  }

  private providerFor(capability: 'deploys' | 'flags' | 'slo'): LiveProvider | undefined {
    const key = this.sources[capability]?.key;
    return key === undefined ? undefined : this.providers.providers.get(key);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.options.log.warn('a step ended with an error', { error: String(error) }));
    this.lifecycles.add(tracked);
    void tracked.finally(() => this.lifecycles.delete(tracked));
  }
}

function actionRequest(provider: LiveProvider, verb: string, actionId: string, step: RunbookStep): ActionRequest | undefined {
  const spec = own(provider.plugin.actions, verb);
  const runner = provider.instance.actions?.[verb];
  if (!spec || !runner) return undefined;
  const { action: name, ...params } = step.run!;
  return { actionId, name, step: step.id, stepConfirm: step.confirm ?? false, provider, spec, runner, params };
}

/** Which provider feeds each panel, decided from the plugins' declared capabilities (so a provider that failed to start still has its panel). */
function panelSources(
  resolved: readonly ResolvedProvider[],
  plugins: readonly PluginDefinition<unknown>[],
  providers: ProviderSet,
  intervals: PollIntervals,
): { deploys?: PanelSource; flags?: PanelSource; slo?: PanelSource } {
  const sourceFor = (capability: 'deploys' | 'flags' | 'slo', intervalMs: number): PanelSource | undefined => {
    const declared = declaredProvider(resolved, plugins, providers.failures, capability);
    return declared && { ...declared, intervalMs };
  };
  const sources: { deploys?: PanelSource; flags?: PanelSource; slo?: PanelSource } = {};
  const deploys = sourceFor('deploys', intervals.deploys);
  const flags = sourceFor('flags', intervals.flags);
  const slo = sourceFor('slo', intervals.slo);
  if (deploys) sources.deploys = deploys;
  if (flags) sources.flags = flags;
  if (slo) sources.slo = slo;
  return sources;
}

function refuse(reason: string): IntentResult {
  return { ok: false, reason };
}
