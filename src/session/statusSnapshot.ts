import { boundText } from '../core/bounds';
import { budgetRemainingOver, burnRate, DISPLAY_WINDOWS_MS, sloWindowsToPoll, windowBurns } from '../core/burnRate';
import { formatDuration, parseDuration } from '../core/duration';
import { burnEvidenceOf, slosOverOlderBurn, unpagedBurn } from '../core/burnEvidence';
import type { BurnSamples } from '../core/changeWindow';
import { attributeRollbackDeploys } from '../core/deployAttribution';
import type { FlagChange } from '../core/changeCorrelation';
import type { IncidentState } from '../core/incident';
import { responderActions, undoneActions } from '../core/responderActions';
import type { EarlierBad, PreviousIncident } from '../core/events';
import { planContextAfter, planContextOf } from '../core/ranHere';
import { burnNotBefore, ranCleanBefore } from '../core/priorIncident';
import { recommend, type Recommendation } from '../core/recommendation';
import { sloStatus, type SloStatus } from '../core/sloStatus';
import { evaluateTrigger, triggerRulesFor, windowsFor, type TriggerRule, type TriggerVerdict } from '../core/triggers';
import { windowDataMs } from '../core/windowCoverage';
import type { Clock, Deploy, Flag, Logger, PluginDefinition, ProviderErrorKind, Result } from '../plugins/contract';
import type { Exec } from '../plugins/exec';
import { withinReadLimit } from '../plugins/readLimit';
import { resolveProviders } from '../runbook/environments';
import type { Runbook } from '../runbook/schema';
import type { RollbackPreview } from '../core/rollbackPreview';
import { closeProviders, createProviders, declaredProvider, providerWith } from './providers';
import { previewRollback } from './rollbackPreviewer';
import { deploysKnownTo, flagChanges } from './recommendationInput';

/** One capability's answer, or why there is none. */
export type Section<T> =
  /** `warning`: the answer is partial, and why (an ECS history read from DescribeServices alone). */
  | { readonly status: 'ok'; readonly source: string; readonly data: T; readonly warning?: string }
  /** `kind` is the provider error's kind (`unauthorized`, `timeout`, …); `unavailable` when the provider could not even be created. */
  | { readonly status: 'failed'; readonly source: string; readonly error: string; readonly kind: ProviderErrorKind | 'unavailable' }
  | { readonly status: 'absent' };

export interface SloSnapshot {
  readonly name: string;
  readonly objective: number;
  /** Burning, recovering, over budget, ok or no data, judged by the trigger rules (core/sloStatus.ts). */
  readonly status: SloStatus;
  /** `dataMs`: the SLO's data covers only this much of the window (core/windowCoverage.ts). */
  readonly windows: readonly { readonly window: string; readonly errorRatio: number | null; readonly burnRate: number | null; readonly dataMs?: number }[];
  readonly budgetRemaining: number | null;
  /** How much of the period the SLO's data covers, when less than all of it: `budgetRemaining` is then at most what is left. */
  readonly budgetDataMs?: number;
}

export interface TriggerSnapshot {
  readonly id: string;
  readonly slo: string;
  readonly threshold: number;
  readonly long: string;
  readonly short: string;
  readonly state: TriggerVerdict['state'];
  readonly longBurn: number | null;
  readonly shortBurn: number | null;
  /** Its long window holds only this much data (core/windowCoverage.ts): it fires on that. */
  readonly longDataMs?: number;
}

export interface StatusSnapshot {
  readonly format: 'incident-cockpit/status-v1';
  readonly service: string;
  readonly environment: string;
  readonly at: string;
  readonly deploys: Section<readonly (Deploy & { readonly rollbackTarget: boolean })[]>;
  readonly flags: Section<readonly Flag[]>;
  readonly slos: Section<readonly SloSnapshot[]>;
  readonly triggers: readonly TriggerSnapshot[];
  /** Where the runbook's rollback step would go now, as the deploys provider plans it; absent without such a step. */
  readonly rollback?: RollbackPreview;
  /**
   * What the evidence says to do about each SLO with a fired trigger. A snapshot knows no
   * incident: the burn's onset is estimated from its windows, and nobody has acted yet.
   */
  readonly recommendations: readonly Recommendation[];
  /** The service's previous incident, resolved: the burn is not dated before it (core/priorIncident.ts). */
  readonly previousIncident?: PreviousIncident;
  /**
   * Every provider that failed: one that could not be created (`unavailable`), and one that did not answer (its error's
   * kind). It listed the first alone, and read `[]` beside two panels `failed` (the exit code 3 said otherwise).
   */
  readonly providerFailures: readonly { readonly provider: string; readonly error: string; readonly kind: ProviderErrorKind | 'unavailable' }[];
}

export interface SnapshotOptions {
  readonly runbook: Runbook;
  readonly baseDir: string;
  readonly plugins: readonly PluginDefinition<unknown>[];
  readonly environment: string;
  readonly defaultEnvironment: boolean;
  readonly clock: Clock;
  readonly log: Logger;
  readonly exec: Exec;
  readonly signal: AbortSignal;
  readonly previousIncident?: PreviousIncident;
  /** What the service's other recent incidents rolled back from (core/priorIncident.ts `earlierIncidents`). */
  readonly earlierBad?: readonly EarlierBad[];
  /**
   * The service's open incident, its timeline folded: the recommendation reads when its triggers
   * fired, the deploys it saw, what it knows bad and what was done, as its cockpit does (a snapshot
   * of the windows alone blamed a deploy made after the errors the incident had recorded).
   */
  readonly openIncident?: IncidentState;
  /** The open incident's 5m burns as its timeline recorded them (core/afterTheStop.ts `shortBurnsOf`). */
  readonly openBurns?: BurnSamples;
}

/** Asks every read capability once, all at the same time; a failing provider fails only its section. */
export async function takeSnapshot(options: SnapshotOptions): Promise<Result<StatusSnapshot>> {
  const { runbook, openIncident: open } = options;
  // The open incident's own: the one it followed when it was opened.
  const previous = open === undefined ? options.previousIncident : open.previousIncident;
  const resolved = resolveProviders(runbook, options.environment, options.defaultEnvironment);
  if (!resolved.ok) return { ok: false, error: { kind: 'not-found', message: resolved.message } };
  const set = await createProviders(resolved.providers, options.plugins, {
    signal: options.signal,
    clock: options.clock,
    log: options.log,
    exec: options.exec,
    baseDir: options.baseDir,
    service: runbook.service,
    environment: options.environment,
    sandboxed: false,
    templateVars: () => ({ ...runbook.vars, service: runbook.service, env: options.environment }),
  });
  try {
    const at = options.clock.now();
    const failureOf = (capability: 'deploys' | 'flags' | 'slo') => {
      const declared = declaredProvider(resolved.providers, options.plugins, set.failures, capability);
      return declared?.failure ? ({ status: 'failed', source: `${declared.key} (${declared.plugin})`, error: declared.failure, kind: 'unavailable' } as const) : undefined;
    };
    // Each section within the cockpit's own poll limit: a frozen ECS held the snapshot 30 s, the panel giving up after 10.
    const section = async <T, U>(capability: 'deploys' | 'flags' | 'slo', ask: (p: NonNullable<ReturnType<typeof providerWith>>, signal: AbortSignal) => Promise<Result<T>>, shape: (value: T) => U): Promise<Section<U>> => {
      const provider = providerWith(set, capability);
      if (!provider) return failureOf(capability) ?? { status: 'absent' };
      const source = `${provider.key} (${provider.plugin.name})`;
      const answer = await withinReadLimit((signal) => ask(provider, signal), options.signal);
      if (!answer.ok) return { status: 'failed', source, error: boundText(answer.error.message), kind: answer.error.kind };
      return { status: 'ok', source, data: shape(answer.value), ...(answer.warning === undefined ? {} : { warning: boundText(answer.warning) }) };
    };
    const rules = triggerRulesFor(runbook);
    const ratios = new Map<string, Map<number, number | null>>();
    /** When each SLO's data surely began, where the provider says it is younger than the period. */
    const dataSince = new Map<string, number>();
    const deploysKey = providerWith(set, 'deploys')?.key;
    const [rollback, deploys, flags, slos] = await Promise.all([
      // Never back onto what the previous incident rolled back from (a plan went back to A's bad build), nor onto what the open one knows bad
      // (its timeline's rollbacks; not the burn after them, which the snapshot does not read back: none is judged to have made it worse).
      previewRollback({ runbook, deploysKey, providers: set, clock: options.clock, log: options.log, signal: options.signal, changed: () => undefined }, open === undefined ? planContextAfter(previous, options.earlierBad) : planContextOf(open, new Map())),
      // A rollback's deployment is whoever confirmed it, not the author of the revision it went back to ("by erin" of root's rollback).
      section('deploys', (p, signal) => p.instance.deploys!.list(signal), (list) => attributeRollbackDeploys(list, open?.actions ?? [], undefined, previous)),
      section('flags', (p, signal) => p.instance.flags!.list(signal), (list) => list),
      section(
        'slo',
        async (p, signal) => {
          const out: SloSnapshot[] = [];
          for (const slo of runbook.slos) {
            const periodMs = parseDuration(slo.period)!;
            const windows = sloWindowsToPoll(periodMs, windowsFor(rules.filter((r) => r.slo === slo.name)));
            const query = { name: slo.name, errorRatio: slo.error_ratio };
            const [since, ...answers] = await Promise.all([p.instance.slo!.dataSince?.(query, periodMs, at, signal), ...windows.map((w) => p.instance.slo!.errorRatio(query, w, at, signal))]);
            const failed = answers.find((a) => !a!.ok);
            if (failed && !failed.ok) return failed;
            // A coverage the provider could not tell (a query-range limit) leaves the budget over the whole period.
            const covered = since?.ok === true && since.value !== null && at.getTime() - since.value < periodMs ? at.getTime() - since.value : undefined;
            const byWindow = new Map(windows.map((w, i) => [w, (answers[i] as { value: number | null }).value]));
            ratios.set(slo.name, byWindow);
            if (covered !== undefined) dataSince.set(slo.name, at.getTime() - covered);
            const sloRules = rules.filter((r) => r.slo === slo.name);
            out.push({
              name: slo.name,
              objective: slo.objective,
              status: sloStatus(sloRules, (w) => burnRate(byWindow.get(w) ?? null, slo.objective)),
              windows: windowBurns(byWindow, slo.objective, periodMs, DISPLAY_WINDOWS_MS).map((w) => {
                const dataMs = windowDataMs(w.windowMs, at.getTime(), since?.ok === true && since.value !== null ? since.value : undefined);
                return { window: formatDuration(w.windowMs), errorRatio: w.errorRatio, burnRate: w.burn, ...(dataMs === undefined ? {} : { dataMs }) };
              }),
              budgetRemaining: budgetRemainingOver(byWindow.get(periodMs) ?? null, slo.objective, periodMs, covered),
              ...(covered === undefined ? {} : { budgetDataMs: covered }),
            });
          }
          return { ok: true, value: out };
        },
        (list) => list,
      ),
    ]);
    const triggers = rules.map((rule): TriggerSnapshot => {
      const slo = runbook.slos.find((s) => s.name === rule.slo)!;
      const verdict = evaluateTrigger(rule, slo.objective, ratios.get(rule.slo) ?? new Map());
      const longDataMs = windowDataMs(rule.longMs, at.getTime(), dataSince.get(rule.slo));
      return {
        id: rule.id,
        slo: rule.slo,
        threshold: rule.burnRate,
        long: formatDuration(rule.longMs),
        short: formatDuration(rule.shortMs),
        state: verdict.state,
        longBurn: verdict.longBurn,
        shortBurn: verdict.shortBurn,
        ...(longDataMs === undefined ? {} : { longDataMs }),
      };
    });
    return {
      ok: true,
      value: {
        format: 'incident-cockpit/status-v1',
        service: runbook.service,
        environment: options.environment,
        at: at.toISOString(),
        deploys: markTarget(deploys, rollback),
        flags,
        slos,
        triggers,
        ...(rollback ? { rollback } : {}),
        recommendations: snapshotRecommendations({ now: at.getTime(), rules, triggers, deploys, flags, rollback, previous, open, dataSince, openBurns: options.openBurns ?? new Map() }, (slo, windowMs) => {
          const objective = runbook.slos.find((s) => s.name === slo)?.objective;
          return objective === undefined ? null : burnRate(ratios.get(slo)?.get(windowMs) ?? null, objective);
        }),
        ...(previous === undefined ? {} : { previousIncident: previous }),
        providerFailures: providerFailures(set.failures, [deploys, flags, slos]),
      },
    };
  } finally {
    await closeProviders(set);
  }
}

/** The deploy the rollback would return to: the plan's target, never the current deploy. */
function markTarget(section: Section<readonly Deploy[]>, preview: RollbackPreview | undefined): StatusSnapshot['deploys'] {
  if (section.status !== 'ok') return section;
  const target = preview?.status === 'planned' ? section.data.find((d) => d.revision === preview.target && !d.current) : undefined;
  return { ...section, data: section.data.map((d) => ({ ...d, rollbackTarget: d.id === target?.id })) };
}

interface SnapshotEvidence {
  readonly now: number;
  readonly rules: readonly TriggerRule[];
  readonly triggers: readonly TriggerSnapshot[];
  readonly deploys: Section<readonly Deploy[]>;
  readonly flags: Section<readonly Flag[]>;
  readonly rollback: RollbackPreview | undefined;
  readonly previous: PreviousIncident | undefined;
  readonly open: IncidentState | undefined;
  /** When each SLO's data surely began, where younger than its period: its windows date nothing before it. */
  readonly dataSince: ReadonlyMap<string, number>;
  readonly openBurns: BurnSamples;
}

/**
 * The recommendation from the snapshot's answers. Without an open incident, every fired trigger is
 * seen firing now, and nobody has acted; with one, as its cockpit has it: its triggers' first
 * firings, the deploys and flag changes its timeline saw, what was done and marked.
 */
function snapshotRecommendations(evidence: SnapshotEvidence, burnOn: (slo: string, windowMs: number) => number | null): Recommendation[] {
  const { now, rules, open } = evidence;
  const notBefore = burnNotBefore(evidence.previous);
  // As its cockpit reads them: windows that hold an older burn than the one its 5m window rose with date nothing.
  const olderBurn = open === undefined ? new Set<string>() : slosOverOlderBurn(Object.values(open.triggers), evidence.openBurns, open.actions);
  const burns = evidence.triggers.flatMap((t) => {
    const rule = rules.find((r) => r.id === t.id);
    if (!rule) return [];
    const known = open?.triggers[rule.id];
    const windows = (windowMs: number) => burnOn(rule.slo, windowMs);
    // An incident's trigger that cleared still counts while its SLO burns or recovers, as in its cockpit.
    const status = sloStatus(rules.filter((r) => r.slo === rule.slo), windows);
    if (t.state !== 'fired' && (known === undefined || (status !== 'recovering' && status !== 'burning'))) return [];
    const since = evidence.dataSince.get(rule.slo);
    return [burnEvidenceOf(rule, t.state === 'fired', windows, { now, ...(notBefore === undefined ? {} : { notBefore }), ...(known === undefined ? {} : { known, olderBurn: olderBurn.has(rule.slo) }), ...(since === undefined ? {} : { dataSince: since }) })];
  });
  // An SLO none of whose triggers fires or fired in the incident, burning at a page's pace: ahead of the page.
  const unpaged = [...new Set(rules.map((r) => r.slo))].flatMap((slo) => {
    if (burns.some((b) => b.slo === slo) || Object.values(open?.triggers ?? {}).some((t) => t.slo === slo)) return [];
    const since = evidence.dataSince.get(slo);
    const burn = unpagedBurn(rules.filter((r) => r.slo === slo), (windowMs) => burnOn(slo, windowMs), { now, ...(notBefore === undefined ? {} : { notBefore }), ...(since === undefined ? {} : { dataSince: since }) });
    return burn === undefined ? [] : [burn];
  });
  const listedDeploys = evidence.deploys.status === 'ok' ? evidence.deploys.data : undefined;
  const listedFlags = evidence.flags.status === 'ok' ? evidence.flags.data : [];
  return recommend({
    now,
    burns: [...burns, ...unpaged],
    deploys: open === undefined ? (listedDeploys ?? []) : deploysKnownTo(listedDeploys, open),
    flagChanges: open === undefined ? listedFlags.flatMap(reportedChange) : flagChanges(listedFlags, open),
    actions: open === undefined ? [] : responderActions(open.actions),
    undone: open === undefined ? [] : undoneActions(open.actions),
    ...(open === undefined ? {} : { marked: open.mitigatedAt !== undefined || open.resolvedAt !== undefined }),
    ...(evidence.rollback ? { rollbackPreview: evidence.rollback } : {}),
    ...(open === undefined ? {} : { shortBurns: evidence.openBurns }),
    ...ranCleanBefore(evidence.previous),
  });
}

/** A flag's last change as its provider reports it. */
function reportedChange(flag: Flag): FlagChange[] {
  const changedAt = flag.changedAt === undefined ? Number.NaN : Date.parse(flag.changedAt);
  return Number.isFinite(changedAt) ? [{ key: flag.key, changedAt, variant: flag.defaultVariant, state: flag.state, ...(flag.changedBy ? { by: flag.changedBy } : {}) }] : [];
}

/** Exit 3 when any provider failed, as DESIGN's command table says. */
export function anyProviderFailed(snapshot: StatusSnapshot): boolean {
  return snapshot.providerFailures.length > 0 || [snapshot.deploys, snapshot.flags, snapshot.slos].some((s) => s.status === 'failed');
}

/** The failed sections' providers, then any provider that could not be created and no section names, each once. */
function providerFailures(created: readonly { readonly key: string; readonly plugin: string; readonly message: string }[], sections: readonly Section<unknown>[]): StatusSnapshot['providerFailures'] {
  const failed = sections.flatMap((section) => (section.status === 'failed' ? [{ provider: section.source, error: section.error, kind: section.kind }] : []));
  const named = new Set(failed.map((f) => f.provider));
  const unnamed = created.flatMap((f) => (named.has(`${f.key} (${f.plugin})`) ? [] : [{ provider: `${f.key} (${f.plugin})`, error: f.message, kind: 'unavailable' as const }]));
  return [...failed, ...unnamed];
}
