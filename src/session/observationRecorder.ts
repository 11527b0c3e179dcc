import { burnRate, SHORT_WINDOW_MS, sloWindowsToPoll } from '../core/burnRate';
import { changeEnd, POLL_MS } from '../core/changeWindow';
import { parseDuration } from '../core/duration';
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import type { NewEvent, StoredEvent } from '../core/events';
import type { IncidentState } from '../core/incident';
import { attributeRollbackDeploys } from '../core/deployAttribution';
import { setByResponder } from '../core/flags';
import { deployObservations, flagObservations, type KnownDeploy, type KnownFlag, type ObservationMoment } from '../core/observationEvents';
import { evaluateTrigger, triggerTransitions, windowsFor, type TriggerRule } from '../core/triggers';
import type { BurnSample } from '../core/verifyCondition';
import type { Clock, Deploy, Flag } from '../plugins/contract';
import type { Observation, Scheduler } from '../plugins/scheduler';
import type { Runbook } from '../runbook/schema';
import { sloTaskKey } from './buildView';
import { sloDataKey } from './viewInputs';
import type { LiveProvider } from './providers';
import { ProviderOutages } from './providerOutages';
import { SloSamples } from './sloSamples';

export interface PollIntervals {
  readonly deploys: number;
  readonly flags: number;
  readonly slo: number;
  /** How often the SLO is recorded on the timeline (`slo.observed`). */
  readonly sloRecord: number;
}

/** While a change is judged, a reading this fraction of a poll after the last one recorded (a teammate's too) is recorded. */
const JUDGED_READING = 0.9;

/** Windows of a day or more change slowly: they are asked less often. */
const LONG_WINDOW_MS = 24 * 3_600_000;
/** How far back an SLO's data goes is asked every this many SLO polls (every 15 minutes by default). */
const DATA_INTERVALS = 30;

/**
 * Turns what the scheduler sees into timeline events: new or changed deploys, flag changes with
 * before and after, the SLO once a minute, triggers firing and clearing. What the timeline
 * already says (or will, once pending appends land) is tracked here as events are queued, so two
 * observations in quick succession never record the same change twice.
 */
export class ObservationRecorder {
  private readonly knownDeploys: Record<string, KnownDeploy> = {};
  private readonly knownFlags: Record<string, KnownFlag> = {};
  /** When this cockpit last looked at deploys and flags: a teammate's record of a later look is taken in (see remember). */
  private readonly lookedAt = { deploys: Number.NEGATIVE_INFINITY, flags: Number.NEGATIVE_INFINITY };
  private readonly firedTriggers = new Set<string>();
  /** Rules this cockpit has judged on both windows: one firing at its first judgement fired before the cockpit looked. */
  private readonly judgedRules = new Set<string>();
  /** `slo:window` pairs whose first answer is on the timeline (see observeSlo). */
  private readonly windowsAtOpen = new Set<string>();
  /**
   * SLOs whose provider says how far back their data goes, and the longer windows' first answers
   * held until it has said (or failed to): they are recorded with it (see recordFirst).
   */
  private readonly coverage = new Map<string, SloObserved[]>();
  /** When each SLO's coverage was last asked again after it said "no data" (coverageAgain). */
  private readonly coverageAskedAt = new Map<string, number>();
  /** Whether the timeline already holds the first look at deploys / flags (later looks see changes). */
  private deploysSeen = false;
  private flagsSeen = false;
  private readonly outages = new ProviderOutages();

  constructor(
    private readonly runbook: Runbook,
    private readonly rules: readonly TriggerRule[],
    private readonly intervals: PollIntervals,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
    private readonly record: (events: readonly NewEvent[]) => void,
    /** The incident's state now: a rollback's own deployment is attributed to its responder. */
    private readonly state?: () => IncidentState,
    /** The burn history and SLO records, filled from the log when the incident was opened. */
    private readonly samples = new SloSamples(),
  ) {}

  /** Short-window burn samples per SLO, oldest first. */
  burnHistory(): ReadonlyMap<string, readonly BurnSample[]> {
    return this.samples.view();
  }

  /** What a resumed incident's log already says. */
  seed(state: IncidentState): void {
    for (const [id, d] of Object.entries(state.deploys)) this.knownDeploys[id] = { status: d.status, ...(d.current === undefined ? {} : { current: d.current }) };
    for (const [key, f] of Object.entries(state.flags)) this.knownFlags[key] = { variant: f.variant, ...(f.state ? { state: f.state } : {}) };
    for (const t of Object.values(state.triggers)) if (t.active) this.firedTriggers.add(t.trigger);
    for (const [slo, windows] of Object.entries(state.slos)) for (const key of Object.keys(windows)) this.windowsAtOpen.add(`${slo}:${key}`);
    this.deploysSeen ||= Object.keys(state.deploys).length > 0;
    this.flagsSeen ||= Object.keys(state.flags).length > 0;
  }

  /**
   * A recorded `slo.observed` adds to the burn history (the log's, when opening, are given to `samples` then).
   * A deploy or flag a teammate's cockpit recorded after this one's last look is known here too (a shared
   * store): each cockpit recorded the same flip again (`flag.changed` twice, `from on → off by carol`).
   * This cockpit's own records, folded after a newer look of its own, change nothing.
   */
  remember(event: StoredEvent): void {
    this.samples.remember(event);
    const at = Date.parse(event.at);
    if (event.kind === 'deploy.observed' && at > this.lookedAt.deploys) this.knownDeploys[event.data.id] = { status: event.data.status, ...(event.data.current === undefined ? {} : { current: event.data.current }) };
    if ((event.kind === 'flag.changed' || event.kind === 'flag.observed') && at > this.lookedAt.flags) this.knownFlags[event.data.key] = { variant: event.data.to, ...(event.data.state ? { state: event.data.state } : {}), seenAt: at };
  }

  /** One poll task per read capability, and one per SLO and window the panel or a trigger needs. */
  addPollTasks(providers: { readonly deploys?: LiveProvider; readonly flags?: LiveProvider; readonly slo?: LiveProvider }): void {
    const { deploys, flags, slo } = providers;
    if (deploys) this.scheduler.add({ key: 'deploys', intervalMs: this.intervals.deploys, poll: (signal) => deploys.instance.deploys!.list(signal) });
    if (flags) this.scheduler.add({ key: 'flags', intervalMs: this.intervals.flags, poll: (signal) => flags.instance.flags!.list(signal) });
    if (!slo) return;
    for (const spec of this.runbook.slos) {
      const periodMs = parseDuration(spec.period)!;
      const windows = sloWindowsToPoll(periodMs, windowsFor(this.rules.filter((r) => r.slo === spec.name)));
      for (const windowMs of windows) {
        this.scheduler.add({
          key: sloTaskKey(spec.name, windowMs),
          intervalMs: windowMs >= LONG_WINDOW_MS ? 4 * this.intervals.slo : this.intervals.slo,
          poll: (signal) => slo.instance.slo!.errorRatio({ name: spec.name, errorRatio: spec.error_ratio }, windowMs, this.clock.now(), signal),
        });
      }
      // How far back its data goes (the budget is counted over it), asked seldom: it only moves as time passes.
      const dataSince = slo.instance.slo!.dataSince?.bind(slo.instance.slo);
      if (!dataSince) continue;
      this.coverage.set(spec.name, []);
      this.scheduler.add({ key: sloDataKey(spec.name), intervalMs: DATA_INTERVALS * this.intervals.slo, poll: (signal) => dataSince({ name: spec.name, errorRatio: spec.error_ratio }, periodMs, this.clock.now(), signal) });
    }
  }

  /** Records what an observation changed; returns the SLO it concerned, if any. */
  observe(observation: Observation<unknown>): string | undefined {
    const outage = this.outages.observe(observation, this.clock.now());
    if (outage !== undefined) this.record([outage]);
    if (observation.key.startsWith('slo:') && observation.failures === 0) this.askAgainAfterOutage();
    if (observation.key === 'deploys' && observation.failures === 0) {
      const observed = observation.value as readonly Deploy[];
      const deploys = this.state === undefined ? observed : attributeRollbackDeploys(observed, this.state().actions, undefined, this.state().previousIncident);
      this.record(deployObservations(this.knownDeploys, deploys, moment(this.deploysSeen)).map(byCockpit));
      this.deploysSeen = true;
      this.lookedAt.deploys = this.clock.now().getTime();
      for (const d of deploys) this.knownDeploys[d.id] = { status: d.status, current: d.current };
    } else if (observation.key === 'flags' && observation.failures === 0) {
      const flags = observation.value as readonly Flag[];
      // A change the incident made itself, read from a flag source that names nobody: its author is known.
      const named = this.state === undefined ? flags : flags.map((f) => (f.changedBy !== undefined ? f : withAuthor(f, setByResponder(this.state!().actions, f))));
      this.record(flagObservations(this.knownFlags, named, moment(this.flagsSeen)).map(byCockpit));
      this.flagsSeen = true;
      this.lookedAt.flags = this.clock.now().getTime();
      for (const f of flags) this.knownFlags[f.key] = { variant: f.defaultVariant, state: f.state, seenAt: this.lookedAt.flags };
    } else if (observation.key.startsWith('slo:')) {
      return this.observeSlo(observation);
    } else {
      this.coverageKnown(observation);
    }
    return undefined;
  }

  /**
   * The SLO answers while its coverage said it has no data yet (a Prometheus seconds old): asked
   * again at once, at most once a poll interval, rather than in 15 minutes, with every window read
   * as the whole of it meanwhile.
   */
  private coverageAgain(name: string, at: number): void {
    const coverage = this.coverage.has(name) ? this.scheduler.observation(sloDataKey(name)) : undefined;
    if (coverage?.observedAt === undefined || coverage.failures > 0 || coverage.value !== null) return;
    if (at - (this.coverageAskedAt.get(name) ?? -Infinity) < this.intervals.slo) return;
    this.coverageAskedAt.set(name, at);
    this.scheduler.pollNow(sloDataKey(name));
  }

  /** Records the first answers still held (the cockpit stops before the coverage answered): without the data's start. */
  flushHeld(): void {
    for (const [name, held] of this.coverage) {
      if (held.length === 0) continue;
      this.coverage.set(name, []);
      this.record(held);
    }
  }

  /** An SLO's data coverage answered (or failed): the first answers held for it are recorded, with it where they reach before it. */
  private coverageKnown(observation: Observation<unknown>): void {
    const name = [...this.coverage.keys()].find((slo) => observation.key === sloDataKey(slo));
    const held = name === undefined ? undefined : this.coverage.get(name);
    if (name === undefined || held === undefined || held.length === 0 || !this.coverageSettled(name, observation)) return;
    this.coverage.set(name, []);
    this.record(held.map((event) => withDataSince(event, sinceOf(observation), this.clock.now().getTime())));
  }

  /**
   * A longer window's first answer: recorded at once, or held while its SLO's coverage is not known
   * yet. The postmortem dates the impact from these, and a Prometheus started ten minutes before
   * had every window read as whole: "a baseline of 15.02% (30d window) … filled 0%".
   */
  private recordFirst(name: string, event: SloObserved): void {
    const held = this.coverage.get(name);
    const known = this.scheduler.observation(sloDataKey(name));
    // "No data" while this window has some is not settled yet: the coverage is asked again (coverageAgain).
    if (held === undefined || (known !== undefined && this.coverageSettled(name, known)) || (known?.observedAt !== undefined && event.data.errorRatio === null)) {
      this.record([withDataSince(event, sinceOf(known), this.clock.now().getTime())]);
    } else held.push(event);
  }

  /** An answer to go by: a time, a failure, or "no data" said again after it was asked again. */
  private coverageSettled(name: string, coverage: Observation<unknown>): boolean {
    if (coverage.failures > 0 || (coverage.observedAt !== undefined && coverage.value !== null)) return true;
    const askedAt = this.coverageAskedAt.get(name);
    return coverage.observedAt !== undefined && askedAt !== undefined && coverage.observedAt.getTime() >= askedAt;
  }

  /**
   * The SLO provider answers again: its windows still waiting out a failure's backoff are asked now
   * (after Prometheus came back, the panel said "✖ ERROR" with a 5m burn four minutes old for 30s
   * more, its longer windows already fresh).
   */
  private askAgainAfterOutage(): void {
    for (const [key, seen] of this.scheduler.snapshot()) if (key.startsWith('slo:') && seen.failures > 0) this.scheduler.pollNow(key);
  }

  private observeSlo(observation: Observation<unknown>): string | undefined {
    const [, name = '', windowText = ''] = observation.key.split(':');
    const spec = this.runbook.slos.find((s) => s.name === name);
    if (!spec) return undefined;
    if (observation.failures > 0) return name;
    const windowMs = Number(windowText);
    const ratio = observation.value as number | null;
    const at = observation.observedAt!.getTime();
    if (ratio !== null) this.coverageAgain(name, at);
    if (windowMs === SHORT_WINDOW_MS) {
      const burn = burnRate(ratio, spec.objective);
      this.samples.add(name, { at, burn });
      const since = at - (this.samples.lastRecordedAt(name) ?? -Infinity);
      // While a change is judged, every poll's reading, once: three cockpits on a shared store put 6 a minute on it.
      if (since >= this.intervals.sloRecord || this.samples.crossesOne(name, burn) || (this.judging(at) && since >= JUDGED_READING * this.intervals.slo)) this.recordShort(spec, at, ratio);
    } else if (!this.windowsAtOpen.has(`${name}:${windowMs}`) && observation.observedAt !== undefined) {
      // The longer windows' first answers are the only record of what happened before the
      // incident was opened: the postmortem dates the impact's start from them (core/impactStart.ts).
      this.windowsAtOpen.add(`${name}:${windowMs}`);
      this.recordFirst(name, sloObserved(spec, windowMs, ratio));
    }
    this.evaluateTriggers(name, spec.objective);
    return name;
  }

  /**
   * A change is about to begin: each SLO's 5m reading it is made at goes on the timeline first, unless it is there already.
   * The log recorded the 5m burn once a minute: rebuilt from it (a resumed cockpit, the resolve dialog, the postmortem), a
   * rollback made 59 s after the opening had one reading before it, 10.8x of a window still filling (17.1x on the screen
   * by then), and the window's own rise to 40x read "the rollback made it worse (undo it: deploy :6 again)".
   */
  recordMadeAt(): void {
    for (const spec of this.runbook.slos) {
      const seen = this.scheduler.observation<number | null>(sloTaskKey(spec.name, SHORT_WINDOW_MS));
      const at = seen?.observedAt?.getTime();
      if (seen === undefined || at === undefined || seen.failures > 0 || at <= (this.samples.lastRecordedAt(spec.name) ?? Number.NEGATIVE_INFINITY)) continue;
      this.recordShort(spec, at, seen.value ?? null);
    }
  }

  private recordShort(spec: Runbook['slos'][number], at: number, ratio: number | null): void {
    this.samples.recordedAt(spec.name, at, burnRate(ratio, spec.objective));
    this.record([sloObserved(spec, SHORT_WINDOW_MS, ratio)]);
  }

  /**
   * Whether a change is being judged at `at`: from its start to a 5m window and a poll after it ended (core/burnWentOn.ts
   * judges it on the 5m burn then). Every reading is recorded meanwhile, not one a minute: the screen judged a kill switch
   * on the reading just before a rollback made 100 s after it ("likely did not help"), the log had none between 90 s
   * after it and the rollback, and the postmortem and the JSON export said nothing of it.
   */
  private judging(at: number): boolean {
    return (this.state?.().actions ?? []).some((action) => {
      if (action.startedAt === undefined || Date.parse(action.startedAt) > at) return false;
      // Not ended (still rolling out, or its cockpit stopped while it ran): from its start, as far.
      return at <= (changeEnd(action) ?? Date.parse(action.startedAt)) + SHORT_WINDOW_MS + POLL_MS;
    });
  }

  private evaluateTriggers(slo: string, objective: number): void {
    const rules = this.rules.filter((r) => r.slo === slo);
    const ratios = new Map<number, number | null>();
    for (const windowMs of windowsFor(rules)) {
      const observed = this.scheduler.observation<number | null>(sloTaskKey(slo, windowMs));
      if (observed?.observedAt) ratios.set(windowMs, observed.value ?? null);
    }
    const verdicts = rules.map((rule) => evaluateTrigger(rule, objective, ratios));
    // A teammate's cockpit on a shared store recorded this change of the trigger already: taken in, not recorded again
    // (two cockpits each recorded `Trigger … cleared`, 7 s apart, and the postmortem listed both).
    const recorded = this.state?.().triggers;
    const transitions = triggerTransitions(this.firedTriggers, verdicts);
    const atFirstLook = new Set(verdicts.filter((v) => v.state !== 'no-data' && !this.judgedRules.has(v.rule.id)).map((v) => v.rule.id));
    for (const v of verdicts) if (v.state !== 'no-data') this.judgedRules.add(v.rule.id);
    for (const t of transitions) {
      if (t.kind === 'trigger.fired') this.firedTriggers.add(t.verdict.rule.id);
      else this.firedTriggers.delete(t.verdict.rule.id);
    }
    const unrecorded = transitions.filter((t) => recorded?.[t.verdict.rule.id] === undefined || recorded[t.verdict.rule.id]!.active !== (t.kind === 'trigger.fired'));
    this.record(
      unrecorded.map((t): NewEvent =>
        t.kind === 'trigger.fired'
          ? {
              kind: 'trigger.fired',
              actor: COCKPIT_ACTOR,
              data: {
                trigger: t.verdict.rule.id,
                slo,
                burnRate: Math.min(t.verdict.longBurn ?? 0, t.verdict.shortBurn ?? 0),
                threshold: t.verdict.rule.burnRate,
                ...(t.verdict.longBurn === null || t.verdict.shortBurn === null ? {} : { longBurn: t.verdict.longBurn, shortBurn: t.verdict.shortBurn }),
                ...(atFirstLook.has(t.verdict.rule.id) ? { atFirstLook: true as const } : {}),
              },
            }
          : { kind: 'trigger.cleared', actor: COCKPIT_ACTOR, data: { trigger: t.verdict.rule.id, slo, threshold: t.verdict.rule.burnRate, longBurn: t.verdict.longBurn, shortBurn: t.verdict.shortBurn } },
      ),
    );
  }
}

type SloObserved = NewEvent & { readonly kind: 'slo.observed' };

const sloObserved = (spec: Runbook['slos'][number], windowMs: number, errorRatio: number | null): SloObserved => ({
  kind: 'slo.observed',
  actor: COCKPIT_ACTOR,
  data: { slo: spec.name, objective: spec.objective, periodMs: parseDuration(spec.period)!, windowMs, errorRatio },
});

/** When an SLO's data surely began, as its provider answered; undefined when it did not. */
const sinceOf = (coverage: Observation<unknown> | undefined): number | undefined => (coverage?.failures === 0 && typeof coverage.value === 'number' ? coverage.value : undefined);

/** A window's answer with when the SLO's data began, where that is within the window. */
function withDataSince(event: SloObserved, since: number | undefined, now: number): SloObserved {
  return since !== undefined && now - event.data.windowMs < since ? { ...event, data: { ...event.data, dataSince: new Date(since).toISOString() } } : event;
}

/** What the cockpit observed, it wrote: the responder did not make these changes (core/cockpitActor.ts). */
function byCockpit(event: NewEvent): NewEvent {
  return { ...event, actor: COCKPIT_ACTOR };
}

/** The first answer a provider gives this incident is its baseline; every later one shows changes. */
const moment = (seen: boolean): ObservationMoment => (seen ? 'while-open' : 'baseline');

function withAuthor(flag: Flag, by: string | undefined): Flag {
  return by === undefined ? flag : { ...flag, changedBy: by };
}
