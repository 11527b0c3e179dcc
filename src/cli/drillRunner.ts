import { argvText } from '../core/argvText';
import { isMitigation } from '../core/nextStep';
import { scoreDrill } from '../core/drillScore';
import type { DrillExpectations, DrillReport } from '../core/drillTypes';
import type { DrillScenarioRecord, StoredEvent } from '../core/events';
import type { Logger, PluginDefinition } from '../plugins/contract';
import type { Exec } from '../plugins/exec';
import type { Runbook } from '../core/runbookModel';
import type { Intent, SessionController } from '../session/intents';
import { ActivityMeter } from '../session/activity';
import { IncidentSession } from '../session/IncidentSession';
import { jsonlIncidentStore, type IncidentStore } from '../timeline/incidentStore';
import { ManualClock, ScaledClock, VirtualTimePump, type DrillSpeed } from '../sandbox/drillClock';
import { startDrillWorld, type DrillWorld } from '../sandbox/drillWorld';
import { loadScenarioText } from '../sandbox/scenario';
import type { Scenario } from '../sandbox/scenarioSchema';
import { worldChangesFromLog, type WorldChange } from '../sandbox/worldReplay';
import { startupMark } from './startupMarks';

export interface DrillOptions {
  readonly runbook: Runbook;
  readonly runbookPath: string;
  readonly plugins: readonly PluginDefinition<unknown>[];
  readonly scenario: Scenario;
  /** Recorded on the incident so the drill can be resumed (`cockpit drill --incident`). */
  readonly scenarioRecord?: DrillScenarioRecord;
  readonly speed: DrillSpeed;
  readonly autopilot: boolean;
  /** At a scaled speed: virtual time stands still until `begin()` (the first frame the responder sees). */
  readonly holdClock?: boolean;
  readonly dataDir: string;
  /** Where the drill's incident lives (a shared store lets the team watch); default: the JSONL store in `dataDir`. */
  readonly incidents?: IncidentStore;
  readonly responder: string;
  readonly log: Logger;
  /** The runbook's secret values (its `secrets:`, credential-named `${NAME}`s): redacted, since command steps run for real. */
  readonly secrets?: readonly string[];
  readonly exec?: Exec;
  /** Said on the status line from the start (what the sandbox made up). */
  readonly notices?: readonly string[];
}

export interface Drill {
  readonly session: IncidentSession;
  readonly world: DrillWorld;
  /** Present at max speed: moves virtual time while the drill waits for something. */
  readonly pump?: VirtualTimePump;
  /** The world is back to health. */
  recovered(): boolean;
  /** Starts a held clock (see `holdClock`); nothing otherwise. */
  begin(): void;
  /**
   * Scores the drill from its timeline, records `drill.scored`, and returns the report. Call it
   * once, when the drill ends: the first call's report is the one recorded and returned after.
   */
  score(): Promise<DrillReport>;
  close(why?: string): Promise<void>;
}

export type DrillResult = { readonly ok: true; readonly drill: Drill } | { readonly ok: false; readonly message: string };

/**
 * A drill: the sandbox world, and a normal incident session on the SAME runbook whose providers
 * are bound to the world's doubles (the real plugins, talking to the sandbox), in drill mode.
 */
export async function startDrill(options: DrillOptions): Promise<DrillResult> {
  return launch(options, { startMs: options.scenario.start, replay: [] });
}

export type ResumeDrillOptions = Omit<DrillOptions, 'scenario' | 'scenarioRecord'> & {
  readonly incidentId: string;
  /** The scenario the command line named, if it did: it must be the recorded one. */
  readonly scenarioArg?: string;
  /** The `--store` the commands it prints need (empty for the default store). */
  readonly storeArgs?: readonly string[];
};

/**
 * Resumes a sandbox drill after its cockpit died: the world is rebuilt from the scenario its log
 * recorded, with what the responder already did re-applied, and virtual time goes on from the
 * log's last event. The session appends to the same incident.
 */
export async function resumeDrill(options: ResumeDrillOptions): Promise<DrillResult> {
  const id = options.incidentId;
  const resume = argvText(['cockpit', 'open', options.runbookPath, '--incident', id, ...(options.storeArgs ?? [])]);
  const incidents = options.incidents ?? jsonlIncidentStore(options.dataDir);
  const opened = await incidents.readOpened(id);
  if (!opened.ok) return { ok: false, message: opened.error.message };
  const { mode, scenario: record, service } = opened.value.data;
  if (mode !== 'drill-sandbox') {
    const what = mode === 'incident' ? 'a real incident' : 'a drill on real providers';
    return { ok: false, message: `incident ${id} is ${what}, not a sandbox drill; resume it with \`${resume}\`` };
  }
  if (service !== options.runbook.service) return { ok: false, message: `incident ${id} is a drill of ${service}, not of ${options.runbook.service}: give its own runbook` };
  if (!record) return { ok: false, message: `incident ${id} was started before drills recorded their scenario; it cannot be resumed` };
  if (options.scenarioArg !== undefined && options.scenarioArg !== record.source && options.scenarioArg !== record.name) {
    return { ok: false, message: `incident ${id} is the ${record.name} drill: a resumed drill keeps the scenario its log recorded; drop --scenario` };
  }
  // A sandbox drill has one world, in the cockpit that drives it: a second driver on a shared store
  // got a world of its own (bob's flag on, alice's off) and its events interleaved with hers.
  const driver = (await incidents.presence?.present(id).catch(() => []))?.find((p) => !p.readOnly);
  if (driver !== undefined) {
    return { ok: false, message: `incident ${id} is being driven by ${driver.responder}'s cockpit (since ${driver.since.slice(11, 19)} UTC): watch it with \`${resume} --read-only\` (a cockpit that was killed drops out within seconds of its last heartbeat)` };
  }
  const loaded = loadScenarioText(record.text, `${id}: scenario ${record.name}`);
  if (!loaded.ok) return { ok: false, message: `the scenario recorded in incident ${id} no longer loads: ${loaded.problems[0]?.message ?? 'invalid'}` };

  const events = await verifiedEvents(incidents, id);
  // The autopilot has nothing to play in a resolved drill: it only appended a note and a second score after the postmortem was made.
  const ended = events.findLast((e) => e.kind === 'incident.resolved' || e.kind === 'incident.reopened');
  if (options.autopilot && ended?.kind === 'incident.resolved') {
    return { ok: false, message: `incident ${id} is resolved: the autopilot has nothing left to play (\`${argvText(['cockpit', 'export', id, ...(options.storeArgs ?? [])])}\` writes its postmortem; without --autopilot it opens, and o reopens it)` };
  }
  const lastAt = Date.parse(events.at(-1)!.at);
  return launch(
    { ...options, scenario: loaded.loaded.scenario },
    { startMs: Math.max(lastAt, loaded.loaded.scenario.start), replay: worldChangesFromLog(events, options.runbook), incidentId: id },
  );
}

async function launch(options: DrillOptions, from: { startMs: number; replay: readonly WorldChange[]; incidentId?: string }): Promise<DrillResult> {
  const { scenario } = options;
  const manual = options.speed.kind === 'max' ? new ManualClock(from.startMs) : undefined;
  const scaled = manual ? undefined : new ScaledClock(from.startMs, options.speed.kind === 'scaled' ? options.speed.factor : 1, options.holdClock ?? false);
  const clock = manual ?? scaled!;
  const stopWorld = new AbortController();
  const started = await startDrillWorld({ scenario, runbook: options.runbook, clock, signal: stopWorld.signal, replay: from.replay });
  if (!started.ok) return started;
  startupMark('sandbox listening');
  const world = started.world;
  const activity = manual ? new ActivityMeter() : undefined;
  const stop = async () => {
    stopWorld.abort();
    await world.close();
  };
  // A store that cannot be created (a full or read-only data dir) throws: the world's servers must not outlive it.
  const opened = await IncidentSession.open({
    runbook: world.runbook,
    runbookPath: options.runbookPath,
    plugins: options.plugins,
    secrets: options.secrets ?? [],
    environment: 'sandbox',
    defaultEnvironment: true,
    mode: 'drill-sandbox',
    dataDir: options.dataDir,
    ...(options.incidents ? { incidents: options.incidents } : {}),
    responder: options.responder,
    clock,
    log: options.log,
    sandboxDir: world.sandboxDir,
    ...(from.incidentId ? { incidentId: from.incidentId } : {}),
    ...(options.scenarioRecord ? { scenario: options.scenarioRecord } : {}),
    ...(options.notices ? { notices: options.notices } : {}),
    autopilot: options.autopilot,
    ...(activity ? { activity } : {}),
    ...(options.exec ? { exec: options.exec } : {}),
    // Deterministic backoff: the same drill makes the same calls at the same virtual times.
    random: () => 0.5,
    ...(options.speed.kind === 'scaled' ? { clockFactor: options.speed.factor } : {}),
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  if (!opened.ok) {
    await stop();
    return { ok: false, message: opened.message };
  }
  startupMark('session open');
  const session = opened.session;
  const pump = manual ? new VirtualTimePump(manual, [session]) : undefined;
  const expectations = expectationsOf(scenario, options.runbook);

  let report: DrillReport | undefined;
  return {
    ok: true,
    drill: {
      session,
      world,
      ...(pump ? { pump } : {}),
      recovered: () => world.recovered(),
      begin: () => scaled?.begin(),
      async score() {
        if (report) return report;
        await session.settled();
        const events = await verifiedEvents(options.incidents ?? jsonlIncidentStore(options.dataDir), session.incidentId);
        const leftChanged = session.view().incident.openEnds?.changes ?? [];
        report = scoreDrill(events, expectations, { recovered: world.recovered(), speed: options.speed, resumed: from.incidentId !== undefined, leftChanged });
        await session.recordDrillScore(report);
        return report;
      },
      async close(why?: string) {
        await session.close(why);
        stopWorld.abort();
        await world.close();
      },
    },
  };
}

/** The incident's events up to the first that does not verify, from whichever store holds it. */
async function verifiedEvents(incidents: IncidentStore, id: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  const scanned = await incidents.source.scan(id, { fold: false, onEvent: (event) => void events.push(event) });
  if (!scanned.ok) throw new Error(scanned.error.message);
  return events;
}

export function expectationsOf(scenario: Scenario, runbook: Runbook): DrillExpectations {
  return {
    scenario: scenario.name,
    mitigations: scenario.mitigations.map((m) => ({
      action: m.action,
      ...(m.flag ? { flag: m.flag } : {}),
      ...(m.variant ? { variant: m.variant } : {}),
      verdict: m.verdict,
      why: m.why,
    })),
    targets: { firstActionMs: scenario.targets.time_to_first_action, mitigateMs: scenario.targets.time_to_mitigate, recoverMs: scenario.targets.time_to_recover },
    recoverySteps: runbook.recovery.map((s) => s.id),
    mitigationSteps: [...runbook.first_actions, ...runbook.recovery].flatMap((s) => (s.run !== undefined && isMitigation(s.run.action) ? [s.id] : [])),
  };
}

/**
 * What the drill's screen drives: the session, with the score recorded once, when the responder
 * quits, from the final state. Resolving is not the end: a burn that returns or a check that
 * passes later still counts, so a resolve never freezes the score.
 */
export function drillController(drill: Pick<Drill, 'session' | 'score'>, played: () => boolean = () => true): SessionController {
  const { session } = drill;
  return {
    view: session.view,
    subscribe: session.subscribe,
    dispatch: async (intent: Intent) => {
      // The score is the timeline's last event: after the work stops (a check quit mid-way is
      // recorded unwatched), before the session closes the timeline. A drill quit before it was on
      // screen was not played: nothing to score.
      if (intent.type === 'quit' && played()) {
        await session.stopWork();
        await drill.score();
      }
      return session.dispatch(intent);
    },
  };
}
