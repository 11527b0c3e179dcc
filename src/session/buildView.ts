import { burnRate, budgetRemaining, DISPLAY_WINDOWS_MS, timeToExhaustionMs, WINDOW_MS, windowBurns } from '../core/burnRate';
import { formatDuration, parseDuration } from '../core/duration';
import { incidentStatus, type IncidentState } from '../core/incident';
import { knownBadRevisions, type KnownBadRevision } from '../core/knownBad';
import type { RollbackPreview } from '../core/rollbackPreview';
import type { TriggerRule } from '../core/triggers';
import type { VerifyStatus } from '../core/verifyCondition';
import type { Deploy, Flag } from '../plugins/contract';
import type { Observation } from '../plugins/scheduler';
import type { Runbook } from '../runbook/schema';
import type { RecordingFailure } from '../timeline/eventStore';
import type { ConfirmationRequest, RunningAction } from './actionLifecycle';
import type { CockpitView, DeployRow, FlagRow, PanelView, SloRow, StepView, TimelineView } from './viewModel';

/** The windows the SLO panel shows, shortest first. */

export const sloTaskKey = (slo: string, windowMs: number): string => `slo:${slo}:${windowMs}`;

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
  readonly recordingFailure?: RecordingFailure;
  readonly sources: { readonly deploys?: PanelSource; readonly flags?: PanelSource; readonly slo?: PanelSource };
  readonly observations: ReadonlyMap<string, Observation<unknown>>;
  readonly rules: readonly TriggerRule[];
  /** Short-window burn samples per SLO, oldest first. */
  readonly burnHistory: ReadonlyMap<string, readonly { at: number; burn: number | null }[]>;
  readonly timeline: TimelineView;
  readonly confirmation?: ConfirmationRequest;
  readonly running: readonly RunningAction[];
  readonly verifying: ReadonlyMap<string, VerifyStatus>;
  /** Step id → why its last verification failed, until it is run again. */
  readonly verifyFailures: ReadonlyMap<string, string>;
  readonly interrupted: ReadonlySet<string>;
  readonly reminders: readonly string[];
  readonly notices: readonly string[];
  /** The rollback step's dry plan, refreshed as deploys change; absent until first planned. */
  readonly rollbackPreview?: RollbackPreview;
}

/** Data older than this many poll intervals is stale. */
const STALE_INTERVALS = 3;

export function buildView(input: ViewInputs): CockpitView {
  const now = input.now.getTime();
  const { state, runbook } = input;
  const steps = stepViews(input);
  return {
    now: input.now.toISOString(),
    incident: {
      id: state.id,
      service: state.service,
      owner: runbook.owner,
      severity: state.severity,
      status: incidentStatus(state),
      openedAt: state.openedAt,
      ageMs: Math.max(0, now - Date.parse(state.openedAt)),
      mode: state.mode,
      drill: state.drill,
      environment: state.environment,
      roles: state.roles,
      responder: input.responder,
      readOnly: input.readOnly,
      ...(input.recordingFailure === undefined ? {} : { notRecording: { since: input.recordingFailure.at, reason: input.recordingFailure.reason, path: input.recordingFailure.path } }),
      escalation: runbook.escalation ?? [],
      links: runbook.links ?? {},
    },
    deploys: panel(input, input.sources.deploys, 'deploys', (value) => deployRows(value as readonly Deploy[], input.rollbackPreview, knownBadRevisions(state), now)),
    flags: panel(input, input.sources.flags, 'flags', (value) => flagRows(value as readonly Flag[], state, now)),
    slos: sloPanel(input),
    recommendations: recommendations(input),
    steps,
    nextStep: steps.findIndex((s) => s.status !== 'done' && s.status !== 'skipped'),
    timeline: input.timeline,
    ...(input.confirmation ? { confirmation: confirmationView(input.confirmation) } : {}),
    running: input.running.map((r) => ({
      action: r.action,
      name: r.name,
      ...(r.step ? { step: r.step } : {}),
      summary: r.summary,
      phase: r.phase,
      ...(r.progress ? { progress: r.progress.message, done: r.progress.done, total: r.progress.total } : {}),
      startedAt: r.startedAt.toISOString(),
      elapsedMs: Math.max(0, now - r.startedAt.getTime()),
      cancellable: true,
      outputTail: [...r.outputTail],
    })),
    reminders: input.reminders,
    notices: input.notices,
  };
}

function panel<T>(input: ViewInputs, source: PanelSource | undefined, key: string, rows: (value: unknown) => T): PanelView<T> {
  if (!source) return { status: 'absent' };
  const label = `${source.key} (${source.plugin})`;
  if (source.failure) return { status: 'error', source: label, error: source.failure };
  const observation = input.observations.get(key);
  return panelFrom(observation, label, source.intervalMs, input.now.getTime(), rows);
}

function panelFrom<T>(observation: Observation<unknown> | undefined, source: string, intervalMs: number, now: number, rows: (value: unknown) => T): PanelView<T> {
  const hasData = observation?.observedAt !== undefined;
  const data = hasData ? { data: rows(observation!.value), ageMs: Math.max(0, now - observation!.observedAt!.getTime()) } : {};
  if (observation?.error && observation.failures > 0) return { status: 'error', source, error: observation.error.message, ...data };
  if (!hasData) return { status: 'loading', source };
  return { status: data.ageMs! > STALE_INTERVALS * intervalMs ? 'stale' : 'ok', source, ...data };
}

/**
 * The deploys as rows. The rollback target is the provider's own plan (the preview), never a rule
 * of the panel's; a revision the incident knows to be bad is marked on its newest deploy.
 */
function deployRows(deploys: readonly Deploy[], preview: RollbackPreview | undefined, knownBad: readonly KnownBadRevision[], now: number): DeployRow[] {
  const target = preview?.status === 'planned' ? deploys.find((d) => d.revision === preview.target && !d.current) : undefined;
  const badRows = new Map(knownBad.flatMap((k) => {
    const newest = deploys.find((d) => d.revision === k.revision && !d.current);
    return newest ? [[newest.id, k.why] as const] : [];
  }));
  return deploys.map((d) => ({
    id: d.id,
    revision: d.revision,
    shortRevision: d.revision.includes(':') ? d.revision.slice(d.revision.lastIndexOf(':')) : d.revision,
    artifact: artifactLabel(d.artifacts),
    status: d.status,
    ...(d.startedAt ? { startedAt: d.startedAt, ageMs: Math.max(0, now - Date.parse(d.startedAt)) } : {}),
    ...(d.actor ? { actor: d.actor } : {}),
    current: d.current,
    rollbackTarget: d.id === target?.id,
    ...(badRows.has(d.id) ? { knownBad: badRows.get(d.id)! } : {}),
    ...(d.automaticRollback ? { automaticRollback: `${d.status === 'failed' ? 'automatic rollback by' : 'rolled back by'} ${d.automaticRollback.by}: ${d.automaticRollback.reason}` } : {}),
    ...(d.labels.migration ? { migration: d.labels.migration } : {}),
  }));
}

function artifactLabel(artifacts: readonly string[]): string {
  const [first, ...rest] = artifacts;
  if (first === undefined) return '';
  const image = first.slice(first.lastIndexOf('/') + 1);
  return rest.length > 0 ? `${image} +${rest.length}` : image;
}


function flagRows(flags: readonly Flag[], state: IncidentState, now: number): FlagRow[] {
  return flags.map((f) => {
    const known = state.flags[f.key];
    const changedAt = f.changedAt ?? known?.changedAt;
    const changedBy = f.changedBy ?? known?.by;
    return {
      key: f.key,
      state: f.state,
      variant: f.defaultVariant,
      variants: f.variants,
      ...(changedAt ? { changedAt, changedAgoMs: Math.max(0, now - Date.parse(changedAt)) } : {}),
      ...(changedBy ? { changedBy } : {}),
    };
  });
}

function sloPanel(input: ViewInputs): PanelView<readonly SloRow[]> {
  const source = input.sources.slo;
  if (!source) return input.runbook.slos.length === 0 ? { status: 'absent' } : { status: 'error', error: 'no provider with the slo capability' };
  const label = `${source.key} (${source.plugin})`;
  if (source.failure) return { status: 'error', source: label, error: source.failure };
  const now = input.now.getTime();
  const keys = input.runbook.slos.flatMap((slo) => DISPLAY_WINDOWS_MS.map((w) => sloTaskKey(slo.name, w)));
  const observations = keys.map((key) => input.observations.get(key));
  const failing = observations.find((o) => o?.error && o.failures > 0);
  const observedAts = observations.flatMap((o) => (o?.observedAt ? [o.observedAt.getTime()] : []));
  const rows = input.runbook.slos.map((slo) => sloRow(input, slo));
  if (observedAts.length === 0) return failing ? { status: 'error', source: label, error: failing.error!.message } : { status: 'loading', source: label };
  const ageMs = Math.max(0, now - Math.min(...observedAts));
  if (failing) return { status: 'error', source: label, error: failing.error!.message, data: rows, ageMs };
  return { status: ageMs > STALE_INTERVALS * source.intervalMs ? 'stale' : 'ok', source: label, data: rows, ageMs };
}

function sloRow(input: ViewInputs, slo: Runbook['slos'][number]): SloRow {
  const ratioAt = (windowMs: number): number | null => {
    const value = input.observations.get(sloTaskKey(slo.name, windowMs))?.value;
    return typeof value === 'number' ? value : null;
  };
  const periodMs = parseDuration(slo.period)!;
  const remaining = budgetRemaining(ratioAt(periodMs), slo.objective);
  const hourBurn = burnRate(ratioAt(WINDOW_MS['1h']), slo.objective);
  const since = input.now.getTime() - WINDOW_MS['1h'];
  const fired = Object.values(input.state.triggers).filter((t) => t.slo === slo.name && t.active);
  return {
    name: slo.name,
    objective: slo.objective,
    windows: windowBurns(ratioAt, slo.objective, periodMs, DISPLAY_WINDOWS_MS).map((w) => ({ window: formatDuration(w.windowMs), errorRatio: w.errorRatio, burnRate: w.burn })),
    sparkline: (input.burnHistory.get(slo.name) ?? []).filter((s) => s.at >= since && s.burn !== null).map((s) => s.burn!),
    budgetRemaining: remaining,
    exhaustionMs: timeToExhaustionMs(remaining, hourBurn, periodMs),
    firedTriggers: fired.map((t) => {
      const rule = input.rules.find((r) => r.id === t.trigger);
      return {
        id: t.trigger,
        label: rule ? `${rule.burnRate}x on ${formatDuration(rule.longMs)}+${formatDuration(rule.shortMs)}` : t.trigger,
        burnRate: t.peakBurnRate,
        threshold: rule?.burnRate ?? 0,
      };
    }),
  };
}

function recommendations(input: ViewInputs): string[] {
  const active = Object.values(input.state.triggers).filter((t) => t.active);
  if (active.length === 0 || input.state.mitigatedAt) return [];
  return active.map((t) => {
    const rule = input.rules.find((r) => r.id === t.trigger);
    const slo = input.runbook.slos.find((s) => s.name === t.slo);
    const longRatio = rule ? input.observations.get(sloTaskKey(t.slo, rule.longMs))?.value : undefined;
    const burn = typeof longRatio === 'number' && slo ? burnRate(longRatio, slo.objective) : t.peakBurnRate;
    const windows = rule ? ` on ${formatDuration(rule.longMs)} and ${formatDuration(rule.shortMs)}` : '';
    return `Rollback recommended: ${t.slo} burning ${(burn ?? t.peakBurnRate).toFixed(1)}x${rule ? ` (> ${rule.burnRate})` : ''}${windows}`;
  });
}

function stepViews(input: ViewInputs): StepView[] {
  const definitions = new Map([...input.runbook.first_actions, ...input.runbook.recovery].map((s) => [s.id, s]));
  return input.state.steps.map((step) => {
    const definition = definitions.get(step.id);
    const base = {
      id: step.id,
      title: step.title,
      phase: step.phase,
      ...(definition?.hint ? { hint: definition.hint } : {}),
      ...(definition?.run ? { action: definition.run.action } : {}),
    };
    // A done step run again (a second rollback) is running first of all.
    if (input.running.some((r) => r.step === step.id)) return { ...base, status: 'running' };
    if (step.status === 'done') return { ...base, status: 'done' };
    if (step.status === 'skipped') return { ...base, status: 'skipped', ...(step.reason ? { skipReason: step.reason } : {}) };
    const verifying = input.verifying.get(step.id);
    if (verifying) return { ...base, status: 'running', verify: verifying.message };
    const verifyFailure = input.verifyFailures.get(step.id);
    const last = [...input.state.actions].reverse().find((a) => a.step === step.id);
    if (last && input.interrupted.has(last.id)) return { ...base, status: 'interrupted', detail: 'interrupted — check the provider; Enter checks it again' };
    if (last?.verification === 'unwatched') return { ...base, status: 'unwatched', detail: `running, not watched: ${last.unwatchedReason ?? 'nobody watches it'} — Enter checks it again` };
    if (verifyFailure) return { ...base, status: 'failed', verify: verifyFailure, detail: verifyFailure };
    if (last?.status === 'failed') return { ...base, status: 'failed', detail: last.error?.message ?? 'failed' };
    if (last?.status === 'cancelled') return { ...base, status: 'pending', detail: `last attempt not run: ${last.outcome ?? 'cancelled'}` };
    return { ...base, status: 'pending', ...(step.status === 'in-progress' ? { detail: 'started' } : {}) };
  });
}

function confirmationView(request: ConfirmationRequest): NonNullable<CockpitView['confirmation']> {
  return {
    action: request.action,
    ...(request.step ? { step: request.step } : {}),
    name: request.name,
    summary: request.summary,
    calls: request.plan.calls,
    safety: request.safety,
    ...(request.gate.kind === 'typed' ? { typeToConfirm: request.gate.phrase, typeReason: request.gate.reason } : {}),
  };
}
