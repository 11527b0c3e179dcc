import { argvText } from '../core/argvText';
import { thrownMessage } from '../core/errorText';
import { systemClock } from '../plugins/clock';
import { dirname, resolve } from 'node:path';
import type { OpenedStep, StoredEvent } from '../core/events';
import { decideMode } from '../core/incidentMode';
import type { PluginDefinition } from '../plugins/contract';
import { createExec } from '../plugins/exec';
import { Scheduler } from '../plugins/scheduler';
import { resolveProviders, type ResolvedProvider } from '../runbook/environments';
import type { EventStore } from '../timeline/eventStore';
import { pickOpenIncident, type IncidentSummary } from '../core/summary';
import { jsonlIncidentStore, type IncidentStore } from '../timeline/incidentStore';
import { previousFromLog } from '../timeline/previousFromLog';
import type { PanelSource } from './buildView';
import type { PollIntervals } from './observationRecorder';
import { DEFAULT_INTERVALS, type SessionOptions } from './options';
import { closeProviders, createProviders, declaredProvider, type ProviderSet } from './providers';
import { runbookMismatch } from '../core/runbookMatch';
import { staleAfterMs } from './verifyWatches';

export type PanelSources = { deploys?: PanelSource; flags?: PanelSource; slo?: PanelSource };

/** What opening an incident composes: everything a session runs on. */
export interface SessionParts {
  /** The options, with the mode the log decided. */
  readonly options: SessionOptions;
  readonly intervals: PollIntervals;
  /** How old SLO data may be before a recovery check calls it stale (verifyWatches.ts). */
  readonly staleAfterMs: number;
  readonly store: EventStore;
  readonly providers: ProviderSet;
  /** Stops the providers' own work (their context's signal). */
  readonly stopProviders: AbortController;
  readonly scheduler: Scheduler;
  readonly sources: PanelSources;
  /** Set when the incident is watched with no provider started. */
  readonly watchOnly: boolean;
  /** The service's open incident that was resumed (`resumeOpen`), to say so on screen. */
  readonly resumed?: IncidentSummary;
}

export type OpenPartsResult = { readonly ok: true; readonly parts: SessionParts } | { readonly ok: false; readonly message: string };

/**
 * Decides the mode, opens (or creates) the incident under its lock, and starts its providers.
 * `replay` sees every event of the log as it is opened (see openIncident's `onEvent`).
 */
export async function openSessionParts(requested: SessionOptions, replay?: (event: StoredEvent) => void, again = false): Promise<OpenPartsResult> {
  const incidents = requested.incidents ?? jsonlIncidentStore(requested.dataDir);
  let listed: readonly IncidentSummary[];
  try {
    listed = opensRealIncident(requested) ? await listFor(requested, incidents) : [];
  } catch (error) {
    // A store out of reach is the responder's to know, not a bug: `open` ended "internal error", exit 70.
    return { ok: false, message: `${thrownMessage(error)} (the incidents could not be listed to find the open one: try again once the store answers)` };
  }
  const resumed = requested.resumeOpen ? pickOpenIncident(listed, { service: requested.runbook.service, environment: requested.environment }) : undefined;
  const asked = resumed === undefined ? requested : { ...requested, incidentId: resumed.id };
  const storeArgs = incidents.kind === 'postgres' ? ['--store', incidents.where] : [];
  const drill = openDrillOf(listed, requested, storeArgs);
  if (asked.readOnly && asked.incidentId === undefined) {
    return { ok: false, message: `no open incident of ${asked.runbook.service} in ${asked.environment} to watch; name one with --incident${drill === undefined ? '' : ` (${drill.watch})`}` };
  }
  // Before the lock, the providers, or any append: a refusal leaves the incident as it was.
  const logged = asked.incidentId === undefined ? undefined : await incidents.readOpened(asked.incidentId);
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
  // A teammate's `open` beside a drill of the service made a real incident, the drill unsaid (its id not even listed).
  const aside = asked.incidentId === undefined && drill !== undefined ? [`this is a new incident, not the sandbox drill of ${asked.runbook.service} open on this store (${drill.id}): ${drill.watch}`] : [];
  // The store it was opened from, the local one too: a watch follows its writer by the incident's lock (lockPresence.ts).
  const options: SessionOptions = { ...asked, incidents, mode: decided.mode, ...(aside.length === 0 ? {} : { notices: [...aside, ...(asked.notices ?? [])] }) };
  const { runbook, clock } = options;
  const steps: OpenedStep[] = [
    ...runbook.first_actions.map((s) => ({ id: s.id, title: s.title, phase: 'first_actions' as const, ...(s.reverses === undefined ? {} : { reverses: s.reverses }) })),
    ...runbook.recovery.map((s) => ({ id: s.id, title: s.title, phase: 'recovery' as const, ...(s.reverses === undefined ? {} : { reverses: s.reverses }) })),
  ];
  const command = options.mode === 'drill-sandbox' ? 'drill' : 'open';
  const recordedRunbook = logged?.ok ? logged.value.data.runbook : undefined;
  const mismatch = logged?.ok
    ? runbookMismatch({
        recorded: logged.value.data.steps,
        ...(recordedRunbook === undefined ? {} : { recordedRunbook, sameFile: resolve(recordedRunbook) === resolve(asked.runbookPath) }),
        steps,
        runbookPath: asked.runbookPath,
        incidentId: asked.incidentId!,
        command,
        readOnly: asked.readOnly ?? false,
        storeArgs,
      })
    : undefined;
  if (mismatch !== undefined) return { ok: false, message: mismatch };
  const resolvedAll = resolveProviders(runbook, options.environment, options.defaultEnvironment);
  if (!resolvedAll.ok) return { ok: false, message: resolvedAll.message };
  const resolved = decided.providers === 'none' ? { ...resolvedAll, providers: [] } : resolvedAll;
  const intervals = { ...DEFAULT_INTERVALS, ...options.intervals };
  const stopProviders = new AbortController();
  let incidentId = '';
  // Created while the log is opened (issue #17): the providers' clients (the AWS SDK's among
  // them) are built while the log's writes wait for the disk. Nothing is polled before the
  // session starts; a refused open lets them go.
  const providersStarting = createProviders(resolved.providers, options.plugins, {
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
      incident: incidentId,
      responder: options.responder,
    }),
    ...(options.activity ? { activity: options.activity } : {}),
  });
  const letProvidersGo = async () => {
    stopProviders.abort();
    await closeProviders(await providersStarting);
  };
  // Read from its log while the providers start: what it rolled back from steers this incident's rollbacks.
  const previous = options.incidentId === undefined ? await previousOf(listed, options, incidents) : {};
  const opened = await incidents.open({
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
            ...(previous.previous === undefined ? {} : { previousIncident: previous.previous }),
            ...(previous.earlierBad === undefined ? {} : { earlierBad: previous.earlierBad }),
            drill: options.mode !== 'incident',
          },
          // The open incident the list did not show yet (a teammate's `open` the same moment) is resumed, not doubled.
          ...(options.resumeOpen ? { unlessOpen: { service: runbook.service, environment: options.environment } } : {}),
        }),
    readOnly: options.readOnly ?? false,
    secrets: options.secrets,
    responder: options.responder,
    now: () => clock.now(),
    // Every sandbox drill of a scenario starts at its virtual start: the id says when it really ran.
    ...(options.mode === 'drill-sandbox' ? { idNow: () => new Date() } : {}),
    ...(replay === undefined ? {} : { onEvent: replay }),
  }).catch(async (error: unknown) => {
    await letProvidersGo();
    throw error;
  });
  if (!opened.ok) {
    await letProvidersGo();
    if (opened.error.kind === 'conflict' && options.resumeOpen && !again) return openSessionParts(requested, replay, true);
    const instead = resumed === undefined || options.readOnly ? '' : ` (it is ${runbook.service}'s open incident: add --read-only to watch it, or --new to start another)`;
    return { ok: false, message: `${opened.error.message}${instead}` };
  }
  const { store } = opened.value;
  incidentId = store.incidentId;
  const providers = await providersStarting;
  const scheduler = new Scheduler({ clock, timeoutClock: systemClock, ...(options.random ? { random: options.random } : {}) });
  return {
    ok: true,
    parts: {
      options: previous.notice === undefined ? options : { ...options, notices: [...(options.notices ?? []), previous.notice] },
      intervals,
      staleAfterMs: staleAfterMs(intervals.slo, options.clockFactor),
      store,
      providers,
      stopProviders,
      scheduler,
      sources: panelSources(resolved.providers, options.plugins, providers, intervals),
      watchOnly: decided.providers === 'none',
      ...(resumed === undefined ? {} : { resumed }),
    },
  };
}

/** The service's sandbox drill left open in the store (the newest), and the command that watches it. */
function openDrillOf(listed: readonly IncidentSummary[], asked: SessionOptions, storeArgs: readonly string[]): { readonly id: string; readonly watch: string } | undefined {
  const drill = listed.find((s) => s.service === asked.runbook.service && s.mode === 'drill-sandbox' && s.status !== 'resolved');
  if (drill === undefined) return undefined;
  return { id: drill.id, watch: `\`${argvText(['cockpit', 'open', asked.runbookPath, '--incident', drill.id, '--read-only', ...storeArgs])}\` watches the drill` };
}

/**
 * Opening a real incident asked without an id reads the store's incidents: the open one it resumes
 * (`resumeOpen`), or, for a new one, the service's previous incident (core/priorIncident.ts).
 */
function opensRealIncident(asked: SessionOptions): boolean {
  return asked.incidentId === undefined && asked.mode === 'incident' && asked.sandboxDir === undefined;
}

/** Resuming needs the list; a new incident only bounds its burn by it, which a store that cannot list costs (logged). */
async function listFor(asked: SessionOptions, incidents: IncidentStore): Promise<readonly IncidentSummary[]> {
  if (asked.resumeOpen) return incidents.list();
  return incidents.list().catch((error: unknown) => {
    asked.log.warn('could not list the incidents: the burn is not bounded by a previous one', { error: String(error) });
    return [];
  });
}

async function previousOf(listed: readonly IncidentSummary[], options: SessionOptions, incidents: IncidentStore): Promise<Awaited<ReturnType<typeof previousFromLog>>> {
  if (options.mode !== 'incident') return {};
  return previousFromLog(listed, { service: options.runbook.service, environment: options.environment }, options.clock.now().getTime(), incidents.source);
}

/** Which provider feeds each panel, decided from the plugins' declared capabilities (so a provider that failed to start still has its panel). */
function panelSources(resolved: readonly ResolvedProvider[], plugins: readonly PluginDefinition<unknown>[], providers: ProviderSet, intervals: PollIntervals): PanelSources {
  const sourceFor = (capability: 'deploys' | 'flags' | 'slo', intervalMs: number): PanelSource | undefined => {
    const declared = declaredProvider(resolved, plugins, providers.failures, capability);
    return declared && { ...declared, intervalMs };
  };
  const sources: PanelSources = {};
  const deploys = sourceFor('deploys', intervals.deploys);
  const flags = sourceFor('flags', intervals.flags);
  const slo = sourceFor('slo', intervals.slo);
  if (deploys) sources.deploys = deploys;
  if (flags) sources.flags = flags;
  if (slo) sources.slo = slo;
  return sources;
}
