import { StatusUpdateWatch, type StatusUpdateMissed } from './statusUpdateMissed';
import { burnRate, SHORT_WINDOW_MS } from './burnRate';
import { changeOf, type Change } from './changesBefore';
import { parseDuration } from './duration';
import { authorOf } from './cockpitActor';
import { LateEvents } from './lateDecision';
import { NOT_RECORDED_TAG, type PreviousIncident, type StoredEvent } from './events';
import { burnNotBefore } from './priorIncident';
import type { SloEvidence, WindowSample } from './impactStart';
import { cell, utc } from './postmortemText';
import { SloGaps } from './sloGaps';
import { ruleWindows } from './triggers';

/**
 * What the postmortem needs from the events that the fold does not keep, gathered in one pass
 * over the log. Everything here is bounded by what the incident holds (deploys, flags, triggers,
 * role changes, status updates), except the timeline table's rows, which are the table.
 */

export interface RoleChange {
  readonly at: string;
  readonly role: string;
  readonly person: string;
  readonly by: string;
}

export interface CommsEntry {
  readonly at: string;
  readonly channel: string;
  readonly message: string;
  readonly by: string;
}

/** A trigger's firing, with the highest burn seen while it fired (its own and the short window's). */
export interface TriggerFiring {
  readonly trigger: string;
  readonly slo: string;
  readonly firedAt: string;
  /** It fired the first time the cockpit read its windows: it had fired before the cockpit looked. */
  readonly atFirstLook: boolean;
  clearedAt?: string;
  peakBurn: number;
  /** Which measurement gave the peak. */
  peakFrom: string;
}

export interface SloPeak {
  readonly slo: string;
  readonly objective: number;
  errorRatio: number;
  at: string;
}

interface MutableEvidence {
  slo: string;
  objective: number;
  firstByWindow: Map<number, WindowSample>;
  firstBurning?: WindowSample;
  lastClean?: WindowSample;
  shortSoon?: number;
}

const ROWS_PER_BLOCK = 1_000;

export class PostmortemFacts {
  openedMs = Number.NaN;
  /** The service's previous incident, resolved before this one opened (core/priorIncident.ts). */
  previousIncident: PreviousIncident | undefined;
  readonly changes = new Map<string, Change>();
  /** Changes made after the opening, as first seen: before an impact begun after the opening, some are its cause. */
  readonly laterChanges = new Map<string, Change>();
  /**
   * The response timeline's table rows as the Markdown they become, joined into blocks of
   * ROWS_PER_BLOCK lines: a long incident has tens of thousands of rows, and a block of joined
   * text takes a fraction of the memory of the rows' fields (or of their strings one by one).
   */
  private readonly rowBlocks: string[] = [];
  private rows: string[] = [];
  readonly roles: RoleChange[] = [];
  readonly comms: CommsEntry[] = [];
  readonly firings: TriggerFiring[] = [];
  readonly peaks = new Map<string, SloPeak>();
  /** Steps whose last check failed, and steps or actions pushed through by hand. */
  readonly failedChecks = new Set<string>();
  readonly overridden = new Set<string>();
  /** How many times the drill was scored (once at each quit of a drill resumed since). */
  drillScores = 0;
  /** The actions the drill's last score calls wrong, that ran: the postmortem's "First action" was one with no word of it. */
  wrongActions: ReadonlySet<string> = new Set();
  /** What still burned when it was last marked resolved, and why it was marked anyway. */
  resolvedBurning: MarkedBurning | undefined;
  /** Each resolve taken back by a reopen: when, what still burned then, and the reopen (a summary said only the last resolve). */
  readonly reopenings: { readonly resolvedAt: string; readonly burning?: MarkedBurning; readonly reopenedAt: string; readonly by: string; readonly reason: string }[] = [];
  private lastResolve: { readonly at: string; readonly burning?: MarkedBurning } | undefined;
  /** The mitigated marks made while an SLO burned, by when they were made (the fold says which mark stands). */
  readonly mitigatedWhileBurning = new Map<string, MarkedBurning>();
  private readonly evidence = new Map<string, MutableEvidence>();
  private readonly lastShort = new Map<string, { at: string; burn: number }>();
  /** Every 5m burn, per SLO: whether the burn went on after a rollback (core/burnWentOn.ts). */
  readonly shortBurns = new Map<string, { at: number; burn: number }[]>();
  /**
   * Per SLO, whether its short window burns (1x or more) at its newest sample, since when it no
   * longer does, and the last stop it came back from (when, and when it came back).
   */
  private readonly shortRuns = new Map<string, { burning: boolean; stoppedAt?: string; cameBack?: { readonly stoppedAt: string; readonly at: string } }>();
  /** Every stop of a burn that came back (when the 5m window fell under 1x, and when it rose over 1x again), in time order. */
  readonly relapses: { readonly stoppedAt: string; readonly at: string }[] = [];
  private readonly actionNames = new Map<string, string>();
  /** What a full disk (or another write failure) kept off the timeline, as the cockpit said once it wrote again. */
  readonly notRecorded: string[] = [];
  /** Where the SLO samples stop and start again: the budget count's guesses. */
  readonly sloGaps = new SloGaps();
  private readonly statusUpdates = new StatusUpdateWatch();
  /** An event recorded after later ones says so, and a decision whose later one stands (core/lateDecision.ts): the summary reads the later one. */
  private readonly late = new LateEvents();
  /** When the drill was last scored. */
  private scoredAt: string | undefined;

  /** When the drill was last scored (its cockpit quit, or the drill ended). */
  lastScoredAt(): string | undefined {
    return this.scoredAt;
  }

  /** `rows: false`: the facts without the timeline table (the JSON export has the events themselves). */
  constructor(private readonly options: { readonly rows: boolean } = { rows: true }) {}

  add(event: StoredEvent, describe: (event: StoredEvent, name: (id: string) => string | undefined) => string): void {
    if (event.kind === 'incident.opened' && Number.isNaN(this.openedMs)) {
      this.openedMs = Date.parse(event.at);
      this.previousIncident = event.data.previousIncident;
    }
    const change = changeOf(event);
    if (change !== undefined && Date.parse(change.at) < this.openedMs) this.changes.set(change.key, change);
    // The same deploy seen again (its status now), not a ReplicaSet reused by a rollback later (another start).
    else if (change !== undefined && (this.laterChanges.get(change.key)?.at ?? change.at) === change.at) this.laterChanges.set(change.key, change);
    this.track(event);
    this.statusUpdates.see(event);
    const late = this.late.see(event);
    const replaced = event.kind === 'drill.scored' ? this.scoredAt : undefined;
    if (event.kind === 'drill.scored') this.scoredAt = event.at;
    if (event.kind === 'action.output' || event.kind === 'slo.observed' || !this.options.rows) return;
    // A drill quit and resumed is scored again: the earlier score stood in the table as if it counted.
    const replaces = replaced === undefined ? '' : ` (the drill was resumed: this score replaces the one at ${utc(replaced)})`;
    this.rows.push(`| ${utc(event.at)} | ${cell(authorOf(event))} | ${cell(`${describe(event, (id) => this.actionNames.get(id))}${replaces}${late}`)} |`);
    if (this.rows.length === ROWS_PER_BLOCK) {
      this.rowBlocks.push(this.rows.join('\n'));
      this.rows = [];
    }
  }

  /** The status update the runbook asked for, reminded of and never recorded as posted. */
  get statusUpdateMissed(): StatusUpdateMissed | undefined {
    return this.statusUpdates.missed();
  }

  /** The timeline table's rows in order, as lines or blocks of lines (join them with newlines). */
  timelineRows(): readonly string[] {
    return this.rows.length === 0 ? this.rowBlocks : [...this.rowBlocks, this.rows.join('\n')];
  }

  /**
   * When the burn stopped for good: on every SLO whose short window burned (1x or more), the
   * first sample under 1x after its last one at or over it. Undefined while one still burns at
   * the newest sample, or when none ever burned.
   */
  burnStoppedAt(): string | undefined {
    const burned = [...this.shortRuns.values()].filter((run) => run.burning || run.stoppedAt !== undefined);
    if (burned.length === 0 || burned.some((run) => run.burning)) return undefined;
    return burned.map((run) => run.stoppedAt!).reduce((a, b) => (a >= b ? a : b));
  }

  /**
   * While a burn goes on, the last time it had stopped (on any SLO) and came back: a change that
   * ended it and a later one that brought it back are both the postmortem's to tell.
   */
  burnCameBack(): { readonly stoppedAt: string; readonly at: string } | undefined {
    if (this.burnStoppedAt() !== undefined) return undefined;
    const back = [...this.shortRuns.values()].flatMap((run) => (run.burning && run.cameBack !== undefined ? [run.cameBack] : []));
    return back.sort((a, b) => (a.at < b.at ? -1 : 1)).at(-1);
  }

  sloEvidence(): SloEvidence[] {
    const notBefore = burnNotBefore(this.previousIncident);
    const bound = notBefore === undefined ? {} : { notBefore: { at: notBefore, incident: this.previousIncident!.id } };
    return [...this.evidence.values()].map((ev) => ({ ...ev, firedAtOpen: this.fired.filter((f) => f.slo === ev.slo), ...bound }));
  }

  private readonly fired: { slo: string; trigger: string; burn: number; threshold?: number; at: number }[] = [];

  /** A window of `span` ending at `at` reaches back before the previous incident's resolve: it holds that incident's errors. */
  private holdsPrevious(at: string, span: string): boolean {
    const notBefore = burnNotBefore(this.previousIncident);
    const spanMs = parseDuration(span);
    return notBefore !== undefined && spanMs !== undefined && Date.parse(at) - spanMs < notBefore;
  }

  private track(event: StoredEvent): void {
    switch (event.kind) {
      case 'action.planned':
        this.actionNames.set(event.data.action, event.data.name);
        return;
      case 'action.confirmed':
        if (event.data.override === true) this.overridden.add(event.data.action);
        return;
      case 'role.assigned':
        this.roles.push({ at: event.at, role: event.data.role, person: event.data.person, by: event.actor });
        return;
      case 'comms.sent':
        this.comms.push({ at: event.at, channel: event.data.channel, message: event.data.message, by: event.actor });
        return;
      case 'verify.passed':
      case 'verify.failed':
        if (event.data.step !== undefined) {
          if (event.kind === 'verify.failed') this.failedChecks.add(event.data.step);
          else this.failedChecks.delete(event.data.step);
        }
        return;
      case 'step.completed':
        // A check marked done by hand is an override (the shape may carry it as `override` or `manual`).
        if (hasFlag(event.data, 'override') || hasFlag(event.data, 'manual')) this.overridden.add(event.data.step);
        return;
      case 'step.started':
        this.failedChecks.delete(event.data.step);
        return;
      case 'note':
        if (event.data.tag === NOT_RECORDED_TAG) this.notRecorded.push(event.data.text);
        return;
      case 'drill.scored':
        this.drillScores += 1;
        this.wrongActions = wrongRan(event.data.details);
        return;
      case 'incident.resolved': {
        this.resolvedBurning = markedBurning(event.data);
        this.lastResolve = { at: event.at, ...(this.resolvedBurning === undefined ? {} : { burning: this.resolvedBurning }) };
        return;
      }
      case 'incident.reopened':
        if (this.lastResolve !== undefined) this.reopenings.push({ resolvedAt: this.lastResolve.at, ...(this.lastResolve.burning === undefined ? {} : { burning: this.lastResolve.burning }), reopenedAt: event.at, by: event.actor, reason: event.data.reason });
        this.lastResolve = undefined;
        return;
      case 'incident.mitigated': {
        const burning = markedBurning(event.data);
        if (burning !== undefined) this.mitigatedWhileBurning.set(event.at, burning);
        return;
      }
      case 'trigger.fired': {
        const d = event.data;
        const firing = this.firings.find((f) => f.trigger === d.trigger && f.clearedAt === undefined);
        if (firing) firing.peakBurn = Math.max(firing.peakBurn, d.burnRate);
        else {
          // The short-window sample taken in the same instant it fired counts as "while it fired",
          // as do the trigger's own windows as it fired (a 5m at 18.1x read "peak 17.9x").
          const same = this.lastShort.get(d.slo);
          const windows = ruleWindows(d.trigger);
          const readings: [number, string][] = [
            [d.burnRate, 'when it fired'],
            ...(same !== undefined && same.at === event.at ? [[same.burn, `${Math.round(SHORT_WINDOW_MS / 60_000)}m window at ${event.at.slice(11, 19)} UTC`] as [number, string]] : []),
            ...(windows !== undefined && d.shortBurn !== undefined ? [[d.shortBurn, `${windows.short} window when it fired`] as [number, string]] : []),
            // Not a long window reaching back before the previous incident's resolve: B's "peak 17.2x (1h window)" was A's outage.
            ...(windows !== undefined && d.longBurn !== undefined && !this.holdsPrevious(event.at, windows.long) ? [[d.longBurn, `${windows.long} window when it fired`] as [number, string]] : []),
          ];
          const [peakBurn, peakFrom] = readings.reduce((best, r) => (r[0] > best[0] ? r : best));
          this.firings.push({ trigger: d.trigger, slo: d.slo, firedAt: event.at, atFirstLook: d.atFirstLook === true, peakBurn, peakFrom });
        }
        this.fired.push({ slo: d.slo, trigger: d.trigger, burn: d.burnRate, ...(d.threshold === undefined ? {} : { threshold: d.threshold }), at: Date.parse(event.at) });
        return;
      }
      case 'trigger.cleared': {
        const firing = this.firings.find((f) => f.trigger === event.data.trigger && f.clearedAt === undefined);
        if (firing) firing.clearedAt = event.at;
        return;
      }
      case 'slo.observed':
        this.observe(event.at, event.data);
        return;
      default:
        return;
    }
  }

  private evidenceOf(slo: string, objective: number): MutableEvidence {
    let ev = this.evidence.get(slo);
    if (ev === undefined) {
      ev = { slo, objective, firstByWindow: new Map() };
      this.evidence.set(slo, ev);
    }
    return ev;
  }

  private observe(atIso: string, d: { slo: string; objective: number; windowMs: number; errorRatio: number | null; dataSince?: string }): void {
    const at = Date.parse(atIso);
    const ev = this.evidenceOf(d.slo, d.objective);
    const sample: WindowSample = { at, windowMs: d.windowMs, errorRatio: d.errorRatio, ...(d.dataSince === undefined ? {} : { dataSince: Date.parse(d.dataSince) }) };
    if (!ev.firstByWindow.has(d.windowMs)) ev.firstByWindow.set(d.windowMs, sample);
    this.sloGaps.add(d.slo, d.windowMs, d.objective, at, d.errorRatio);
    if (d.windowMs !== SHORT_WINDOW_MS || d.errorRatio === null) return;
    const burn = burnRate(d.errorRatio, d.objective) ?? 0;
    this.lastShort.set(d.slo, { at: atIso, burn });
    const burns = this.shortBurns.get(d.slo) ?? [];
    if (burns.length === 0) this.shortBurns.set(d.slo, burns);
    burns.push({ at, burn });
    const run = this.shortRuns.get(d.slo) ?? { burning: false };
    if (burn >= 1 && !run.burning && run.stoppedAt !== undefined) this.relapses.push({ stoppedAt: run.stoppedAt, at: atIso });
    if (burn >= 1 && !run.burning) this.shortRuns.set(d.slo, { burning: true, ...(run.stoppedAt === undefined ? {} : { cameBack: { stoppedAt: run.stoppedAt, at: atIso } }) });
    else if (burn < 1 && run.burning) this.shortRuns.set(d.slo, { burning: false, stoppedAt: atIso });
    if (ev.firstBurning === undefined && burn >= 1) ev.firstBurning = sample;
    if (ev.firstBurning === undefined && burn < 1) ev.lastClean = sample;
    const first = ev.firstByWindow.get(SHORT_WINDOW_MS);
    if (first !== undefined && at <= first.at + SHORT_WINDOW_MS) ev.shortSoon = Math.max(ev.shortSoon ?? 0, d.errorRatio);
    const peak = this.peaks.get(d.slo);
    if (peak === undefined || d.errorRatio > peak.errorRatio) this.peaks.set(d.slo, { slo: d.slo, objective: d.objective, errorRatio: d.errorRatio, at: atIso });
    for (const firing of this.firings) {
      if (firing.slo !== d.slo || firing.clearedAt !== undefined || burn <= firing.peakBurn) continue;
      firing.peakBurn = burn;
      firing.peakFrom = `${Math.round(d.windowMs / 60_000)}m window at ${atIso.slice(11, 19)} UTC`;
    }
  }
}

export interface MarkedBurning {
  readonly burning: string;
  readonly reason?: string;
}

function markedBurning(data: { readonly burning?: string; readonly reason?: string }): MarkedBurning | undefined {
  return data.burning === undefined ? undefined : { burning: data.burning, ...(data.reason === undefined ? {} : { reason: data.reason }) };
}

function hasFlag(data: object, key: string): boolean {
  return (data as Record<string, unknown>)[key] === true;
}

/** The ids of the actions a drill score's findings (`riskyOrWrong`) call wrong and that ran. */
function wrongRan(details: Readonly<Record<string, unknown>> | undefined): ReadonlySet<string> {
  const judged = Array.isArray(details?.riskyOrWrong) ? (details.riskyOrWrong as readonly { action?: unknown; verdict?: unknown; ran?: unknown }[]) : [];
  return new Set(judged.flatMap((j) => (j.verdict === 'wrong' && j.ran === true && typeof j.action === 'string' ? [j.action] : [])));
}
