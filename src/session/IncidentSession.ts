import { FollowedDrillTime } from './followedDrillTime';
import { findingsText } from '../core/drillFindings';
import type { DrillReport } from '../core/drillTypes';
import { createCleaner, type Cleaner } from '../core/displayText';
import { OPENING_TAGS, type NewEvent } from '../core/events';
import type { ActionState } from '../core/incidentState';
import { reopenedNote, resumedNotice, wroteBefore } from './reopening';
import { createSecretMatcher, type SecretMatcher } from '../core/secretMatcher';
import { burnNotKnown, stillBurning } from '../core/stillBurning';
import { triggerRulesFor, type TriggerRule } from '../core/triggers';
import type { Deploy } from '../plugins/contract';
import type { Observation, Scheduler } from '../plugins/scheduler';
import type { EventStore } from '../timeline/eventStore';
import { buildView, type ViewInputs } from './buildView';
import { CommsReminder } from './commsReminder';
import { markedFirst, markEvent } from './incidentMarks';
import { sloPanel } from './sloRows';
import { refuse, type Intent, type IntentResult, type SessionController } from './intents';
import { Journal, pendingEntry } from './journal';
import { SloSamples } from './sloSamples';
import { AppendOnlyTimeline } from './timeline';
import { followWriter } from './followWriter';
import { ObservationRecorder } from './observationRecorder';
import { PriorBurns } from './priorBurns';
import { openSessionParts, type PanelSources, type SessionParts } from './openSession';
import type { SessionOptions } from './options';
import { closeProviders, type LiveProvider, type ProviderSet } from './providers';
import { RollbackPreviewer } from './rollbackPreviewer';
import { recordChecksLeft } from './checksLeft';
import { Steps, type StepEnd } from './steps';
import { undoSummary } from './undo';
import { takesNoLease } from './stepActionRequest';
import { ViewPublisher } from './viewPublisher';
import { checkWatcher, TeamWatch } from './teamWatch';
import type { CockpitView } from './viewModel';

const SHUTDOWN_GRACE_MS = 1_500;

/** What the session takes from the log as it is opened (the past on screen, the burn history). */
interface Replayed {
  readonly secretMatcher: SecretMatcher;
  readonly clean: Cleaner;
  readonly timeline: AppendOnlyTimeline;
  readonly samples: SloSamples;
}

export type SessionOpenResult = { readonly ok: true; readonly session: IncidentSession } | { readonly ok: false; readonly message: string };

/**
 * One incident's live loop, with no UI in it: the store, the providers, the scheduler and the
 * steps. Responders (the TUI), the autopilot and tests all drive it through `dispatch` (and
 * `runStep`) and read it through `view`/`subscribe`. Its parts: opening (openSession.ts), the
 * journal of the log (journal.ts), steps and actions (steps.ts), views (viewPublisher.ts).
 */
export class IncidentSession implements SessionController {
  private readonly stop = new AbortController();
  private readonly notices: string[] = [];
  private readonly rules: readonly TriggerRule[];
  private readonly clean: Cleaner;
  private readonly options: SessionOptions;
  private readonly store: EventStore;
  private readonly providers: ProviderSet;
  private readonly scheduler: Scheduler;
  private readonly sources: PanelSources;
  private readonly journal: Journal;
  private readonly observations: ObservationRecorder;
  private readonly steps: Steps;
  private readonly views: ViewPublisher;
  private readonly preview: RollbackPreviewer;
  private readonly prior: PriorBurns;
  private readonly comms: CommsReminder;
  private stopping: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** The other responders on a shared incident (presence, expired leases). */
  private team: TeamWatch | undefined;
  /** A read-only session's follow of the writer; resolves once stopped. */
  private following: Promise<void> = Promise.resolve();
  /** Why a read-only session is behind its writer's log, while it is. */
  private followProblem: string | undefined;
  /** Stops listening to the store's own status (unreachable, pending events). */
  private readonly unwatchStore: () => void;
  private readonly watchOnly: boolean;
  private readonly drillTime = new FollowedDrillTime();

  private constructor(parts: SessionParts, replayed: Replayed) {
    this.watchOnly = parts.watchOnly;
    ({ options: this.options, store: this.store, providers: this.providers, scheduler: this.scheduler, sources: this.sources } = parts);
    const { options } = parts;
    const { secretMatcher, clean } = replayed;
    this.clean = clean;
    this.rules = triggerRulesFor(options.runbook);
    this.views = new ViewPublisher(() => this.clean(buildView(this.viewInputs())), options.clock, this.stop.signal);
    const changed = () => this.views.changed();
    // The shared store found unreachable, or a queued event uploaded: on screen at once.
    this.unwatchStore = this.store.onStatus?.(changed) ?? (() => undefined);
    this.journal = new Journal(this.store, options.log, changed, replayed.timeline, () => options.clock.now());
    const record = (events: readonly NewEvent[]) => this.journal.recordAll(events);
    this.observations = new ObservationRecorder(options.runbook, this.rules, parts.intervals, this.scheduler, options.clock, record, () => this.store.state(), replayed.samples);
    this.prior = new PriorBurns({ runbook: options.runbook, provider: this.providerFor('slo'), firstLooksDone: () => this.scheduler.answeredOnce(), signal: this.stop.signal, changed, log: options.log });
    this.comms = new CommsReminder({ runbook: options.runbook, state: () => this.store.state(), shownNow: () => this.now(), now: () => options.clock.now(), record: (event) => this.journal.record(event), log: options.log });
    this.journal.onEvent((event) => this.observations.remember(event));
    this.steps = new Steps({
      runbook: options.runbook,
      mode: options.mode,
      clock: options.clock,
      log: options.log,
      autopilot: options.autopilot ?? false,
      providers: this.providers,
      ...(parts.sources.deploys ? { deploysKey: parts.sources.deploys.key } : {}),
      burning: () => stillBurning(sloPanel(this.viewInputs()).data ?? []),
      journal: this.journal,
      state: () => this.store.state(),
      observations: this.observations,
      scheduler: this.scheduler,
      secretMatcher,
      staleAfterMs: parts.staleAfterMs,
      changed,
      signal: this.stop.signal,
      ...(this.store.shared ? { shared: { ...(this.store.leases ? { leases: this.store.leases } : {}), incident: this.store.incidentId, environment: options.environment, responder: options.responder, watchedElsewhere: (step) => checkWatcher(this.team, this.store.state(), options.responder, step) } } : {}),
    });
    const previewDeps = { runbook: options.runbook, deploysKey: parts.sources.deploys?.key, providers: this.providers, clock: options.clock, log: options.log, signal: this.stop.signal, changed };
    this.preview = new RollbackPreviewer(previewDeps, () => this.store.state(), () => this.observations.burnHistory());
  }

  static async open(asked: SessionOptions): Promise<SessionOpenResult> {
    // What the screen shows of the past is built while the store verifies and folds the log: one pass.
    const secretMatcher = createSecretMatcher(asked.secrets);
    const clean = createCleaner(secretMatcher);
    const replayed: Replayed = { secretMatcher, clean, timeline: new AppendOnlyTimeline(clean), samples: new SloSamples() };
    // The incident's last activity: the notes of opening (a lock taken over) are this cockpit's, and hid the crash's gap.
    let lastActivityAt: string | undefined;
    const opened = await openSessionParts(asked, (event) => {
      replayed.timeline.push(event);
      replayed.samples.remember(event);
      if (!(event.kind === 'note' && OPENING_TAGS.has(event.data.tag))) lastActivityAt = event.at;
    });
    if (!opened.ok) return opened;
    const { parts } = opened;
    const session = new IncidentSession(parts, replayed);
    if (parts.resumed) session.notices.push(resumedNotice(parts.resumed, session.store.readOnly, parts.options.clock.now()));
    session.notices.push(...(parts.watchOnly ? ['a sandbox drill: its world lives in the cockpit running the drill; this watch shows its timeline only'] : []), ...(parts.options.notices ?? []));
    session.stop.signal.addEventListener('abort', () => parts.stopProviders.abort(), { once: true });
    session.steps.replayed();
    session.observations.seed(session.store.state());
    if (!session.store.readOnly) session.steps.resumeChecks();
    if (parts.options.incidentId !== undefined && !session.store.readOnly) await session.journal.record(reopenedNote(parts.options.responder, lastActivityAt ?? session.store.state().lastAt, session.store.pending?.(), !wroteBefore(session.store.state(), parts.options.responder)));
    session.observations.addPollTasks({
      ...(session.providerFor('deploys') ? { deploys: session.providerFor('deploys')! } : {}),
      ...(session.providerFor('flags') ? { flags: session.providerFor('flags')! } : {}),
      ...(session.providerFor('slo') ? { slo: session.providerFor('slo')! } : {}),
    });
    await session.settleInterrupted();
    parts.scheduler.subscribe((observation) => session.onObservation(observation));
    parts.scheduler.start(session.stop.signal);
    if (session.store.readOnly || session.store.shared) session.follow();
    if (session.store.shared || session.store.readOnly) session.watchTeam();
    return { ok: true, session };
  }

  get incidentId(): string {
    return this.store.incidentId;
  }

  // Bound: renderers pass these around (React's useSyncExternalStore calls them unbound).
  readonly view = (): CockpitView => this.views.view();

  readonly subscribe = (listener: (view: CockpitView) => void): (() => void) => this.views.subscribe(listener);

  readonly dispatch = (intent: Intent): Promise<IntentResult> => this.handle(intent);

  /** Why nothing may be done now (the same guard for `dispatch` and `runStep`); undefined when it may. */
  private refusal(): IntentResult | undefined {
    if (this.stopping) return refuse('the cockpit is closing');
    if (this.store.readOnly) return refuse('read-only: this cockpit watches, and records nothing');
    return undefined;
  }

  private async handle(intent: Intent): Promise<IntentResult> {
    const refused = intent.type === 'quit' ? undefined : this.refusal();
    if (refused) return refused;
    const { steps } = this;
    switch (intent.type) {
      case 'step.start':
        return steps.withStep(intent.step, async (step) => steps.begin(step));
      case 'step.complete':
        return steps.withStep(intent.step, async (step) => steps.complete(step, intent.reason));
      case 'step.skip':
        if (intent.reason.trim() === '') return refuse('say why the step is skipped');
        return steps.withStep(intent.step, async () => this.recordOk({ kind: 'step.skipped', data: { step: intent.step, reason: intent.reason.trim() } }));
      case 'step.run':
        return steps.withStep(intent.step, async (step) => steps.start(step), { again: true });
      case 'step.cancel':
        return steps.cancelStep(intent.step);
      case 'action.reverify':
        return steps.reverify(intent.action);
      case 'action.undo':
        return steps.undo(intent.action);
      case 'confirm':
        return steps.confirm(intent.action, intent.typed, this.view().confirmation?.action === intent.action ? this.view().confirmation?.recommendedInstead : undefined);
      case 'cancel':
        return steps.cancel(intent.action);
      case 'note':
        if (intent.text.trim() === '') return refuse('a note needs text');
        return this.recordOk({ kind: 'note', data: { text: intent.text.trim() } });
      case 'role.assign':
        return this.recordOk({ kind: 'role.assigned', data: { role: intent.role, person: intent.person } });
      case 'severity.change':
        return intent.to === this.store.state().severity ? refuse(`the severity is ${intent.to} already`) : this.recordOk({ kind: 'severity.changed', data: { to: intent.to, ...(intent.reason ? { reason: intent.reason } : {}) } });
      case 'comms.sent': {
        if (intent.message.trim() === '') return refuse('say what was posted (or "posted")');
        const channel = intent.channel ?? this.options.runbook.communication?.channel ?? 'status page';
        return this.recordOk({ kind: 'comms.sent', data: { channel, message: intent.message.trim() } });
      }
      case 'incident.mitigated':
      case 'incident.resolved':
      case 'incident.reopen': {
        const slos = sloPanel(this.viewInputs());
        const marked = markEvent(intent, this.store.state(), stillBurning(slos.data ?? []), intent.type === 'incident.resolved' ? this.view().passedOver : undefined, burnNotKnown(slos, this.options.runbook.slos.length), this.observations.burnHistory(), this.store.pending?.());
        return marked.ok ? markedFirst(await this.journal.record(marked.event), this.options.responder) : marked;
      }
      case 'quit':
        await this.close();
        return { ok: true };
    }
  }

  // --- headless driver API (autopilot, tests) ---------------------------------------------------

  /**
   * Runs a step to its end: its action (confirmations answered by the autopilot policy when enabled) and its verification.
   * Under the guards of `dispatch`: 'refused' while the session closes or is read-only, 'skipped' for one done or skipped.
   */
  async runStep(stepId: string): Promise<StepEnd> {
    if (this.refusal()) return 'refused';
    let end: StepEnd = 'skipped';
    const started = await this.steps.withStep(stepId, async () => {
      end = await this.steps.run(stepId);
      return { ok: true };
    });
    if (!started.ok && end === 'skipped' && !this.steps.has(stepId)) throw new Error(`no step ${stepId}`);
    return end;
  }

  /**
   * Records a drill's score on the timeline, as the drill ends. A resumed drill ends again and its final state
   * may differ, so a score already on the log is superseded (the fold keeps the last), unless it says the same.
   */
  async recordDrillScore(report: DrillReport): Promise<void> {
    if (this.store.readOnly) return;
    const summary = findingsText(report.findings);
    const recorded = this.store.state().drillScore;
    if (recorded && recorded.score === report.score && recorded.summary === summary) return;
    await this.journal.record({ kind: 'drill.scored', data: { score: report.score, max: report.max, summary, details: { ...report } } });
  }

  /** Resolves once `predicate` holds for the view; rejects after `timeoutMs` of the session's clock, or when the session closes first. */
  until(predicate: (view: CockpitView) => boolean, options: { timeoutMs: number }): Promise<CockpitView> {
    return this.views.until(predicate, options);
  }

  /** Real work under way: appends not yet on disk, or provider calls not waiting on the clock. */
  busy(): boolean {
    return this.journal.pending() || (this.options.activity?.busy() ?? false);
  }

  /** Resolves once nothing is busy (at once when nothing is). */
  async quiet(): Promise<void> {
    while (this.busy()) await Promise.all([this.journal.settled(), this.options.activity?.quiet()]);
  }

  /** Resolves once every event the session has started recording is on disk and folded, and the rollback preview is planned. */
  async settled(): Promise<void> {
    await this.preview.idle();
    await this.journal.settled();
  }

  /** Stops pollers and cancels running actions, their ends recorded (a check quit mid-way is `action.unwatched`, a recovery
   * check still watched a cockpit note), and keeps the timeline open: a drill's score comes after them. Within about 2 s. */
  stopWork(why?: string): Promise<void> {
    this.stopping ??= (async () => {
      if (!this.store.readOnly) await recordChecksLeft(this.journal, this.steps.verifyWatches, this.options.runbook).catch(() => undefined);
      const drained = this.steps.drained();
      this.stop.abort(why);
      // With the pollers stopped, a recovery check can reach no verdict: waiting for it only held the quit for the whole grace.
      this.steps.verifyWatches.cancelAll();
      const pending = Promise.allSettled([drained, this.scheduler.stopped(), this.following, this.team?.stopped]);
      await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
      if (!this.store.readOnly) this.observations.flushHeld(); // first answers still waiting for the data's coverage
    })();
    return this.stopping;
  }

  /** Stops the work, then flushes and closes the timeline. `why`: a signal's close, said of what it cut short. */
  close(why?: string): Promise<void> {
    this.closing ??= (async () => {
      await this.stopWork(why);
      this.views.stop();
      this.unwatchStore();
      await closeProviders(this.providers);
      await this.store.close();
    })();
    return this.closing;
  }

  /** Everything the view is derived from; the state part is the fold of the log. */
  viewInputs(): ViewInputs {
    const { steps } = this;
    return {
      now: this.now(),
      state: this.store.state(),
      ...{ runbook: this.options.runbook, runbookPath: this.options.runbookPath, responder: this.options.responder },
      readOnly: this.store.readOnly,
      ...(this.watchOnly ? { watchOnly: true } : {}),
      ...this.team?.viewPart(),
      ...(this.store.recordingFailure() === undefined ? {} : { recordingFailure: this.store.recordingFailure()! }),
      ...(this.store.offline?.() === undefined ? {} : { unreachable: this.store.offline!()! }),
      ...(this.store.pending === undefined ? {} : { pending: this.store.pending().map((event) => pendingEntry(this.clean, event)) }),
      sources: this.sources,
      observations: this.scheduler.snapshot(),
      rules: this.rules,
      burnHistory: this.observations.burnHistory(),
      priorBurns: this.prior.view(),
      timeline: this.journal.timeline.view(),
      ...(steps.confirmations.current() ? { confirmation: steps.confirmations.current()! } : {}),
      running: [...steps.running.values()],
      verifying: steps.verifyWatches.statuses(),
      verifyFailures: steps.verifyWatches.failures,
      interrupted: steps.interrupted,
      awaitingLease: steps.awaitingLease,
      reminders: this.comms.banners(),
      // First of the notices (behind "ℹ read-only: …" it was "(+1 more)"), and in the top bar: a watch's read a reminder through an outage.
      ...(this.followProblem === undefined ? { notices: this.notices } : { notices: [`the watch is behind the writer: ${this.followProblem}`, ...this.notices], watchBehind: this.followProblem }),
      ...(this.preview.current() ? { rollbackPreview: this.preview.current()! } : {}),
      ...(this.store.readOnly ? {} : { undoSummary: (action: ActionState) => undoSummary(this.providers, action) }),
    };
  }

  private async recordOk(event: NewEvent): Promise<IntentResult> {
    await this.journal.record(event);
    return { ok: true };
  }

  /** A read-only session (or one on a shared store) shows what other cockpits record, as they record it. */
  private follow(): void {
    this.following = followWriter(this.store, this.journal, {
      signal: this.stop.signal,
      log: this.options.log,
      onProblem: (problem) => {
        this.followProblem = problem;
        this.views.changed();
      },
    });
  }

  /** Shared store: who else has it open, whose cockpit stopped mid-action. Local store, to a watch: its writer (its lock). */
  private watchTeam(): void {
    const { store, options } = this;
    this.team = new TeamWatch({
      ...(options.incidents?.presence ? { presence: options.incidents.presence } : {}),
      ...(store.leases && !store.readOnly ? { leases: store.leases } : {}),
      who: { incident: store.incidentId, responder: options.responder, readOnly: store.readOnly },
      state: () => store.state(),
      runsHere: (action) => this.steps.running.has(action),
      leaseless: (action) => takesNoLease(options.runbook, this.providers, action),
      record: (event) => this.journal.record(event),
      changed: () => this.views.changed(),
      log: options.log,
      signal: this.stop.signal,
    });
  }

  private async settleInterrupted(): Promise<void> {
    // A watcher cannot tell a crash from a writer still at work: an action in flight is the writer's, not interrupted.
    // On a shared store it may be a teammate's, still running: it is not settled from here either.
    if (!this.store.readOnly && !this.store.shared) await this.steps.settleInterrupted(false);
    for (const failure of this.providers.failures) this.notices.push(`provider ${failure.key} (${failure.plugin}): ${failure.message}`);
    if (this.store.readOnly) this.notices.push('read-only: this cockpit watches (--read-only), and records nothing');
  }

  private onObservation(observation: Observation<unknown>): void {
    this.views.changed();
    if (this.stop.signal.aborted) return;
    const slo = this.observations.observe(observation);
    this.prior.observed(observation);
    if (observation.key === 'deploys' && observation.failures === 0 ) this.preview.refresh(observation.value as readonly Deploy[]);
    // A failed append (a full disk) is on screen already: it must not end the cockpit as an unhandled rejection.
    if (slo) void this.steps.evaluateVerify(slo).catch((error: unknown) => this.options.log.warn('could not record a verification', { error: String(error) }));
    this.comms.remind();
  }

  /** The incident's time: a watch of a sandbox drill tells it from the drill's events. */
  private now = (): Date => (this.watchOnly ? this.drillTime.now(this.store.state().lastAt) : this.options.clock.now());

  private providerFor(capability: 'deploys' | 'flags' | 'slo'): LiveProvider | undefined {
    const key = this.sources[capability]?.key;
    return key === undefined ? undefined : this.providers.providers.get(key);
  }
}

/** Said on screen when `open` picked up the service's open incident rather than starting one. */
