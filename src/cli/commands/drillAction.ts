import { loadRunbookFile } from '../../runbook/load';
import { useSandboxAwsCredentials } from '../../sandbox/awsSandboxCredentials';
import type { Runbook } from '../../core/runbookModel';
import type { Drill } from '../drillRunner';
import { parseSpeed } from '../../sandbox/drillClock';
import { logFile, settingsFile } from '../../timeline/paths';
import { settingsOrComplain } from '../settings';
import { startingView } from '../../session/startingView';
import { drawStarting, type StartingCockpit } from '../startingCockpit';
import { EXIT } from '../exit';
import { argvText } from '../../core/argvText';
import { fileLogger, routeProcessWarnings } from '../fileLogger';
import { closeOnSignals, stoppedBy } from '../signals';
import { checkInputFile } from '../inputFile';
import { processStreams, tuiRefusal } from '../terminal';
import { colorEnabled } from '../color';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../plugins/registry';
import { markOnce, startupMark } from '../startupMarks';
import { panelsFilled } from '../../session/panelsFilled';
import { locateStore, storeOption, type LocatedStore } from '../storeLocator';
import { notRecordingText } from '../notRecording';
import { DEFAULT_SCENARIO } from '../../sandbox/defaultScenario';

export interface DrillCliOptions {
  scenario?: string;
  incident?: string;
  speed?: string;
  autopilot?: boolean;
  json?: boolean;
  initScenario?: string;
  store?: string;
  color: boolean;
}

export async function drill(file: string, options: DrillCliOptions): Promise<number> {
  const speed = parseSpeed(options.speed ?? (options.autopilot ? 'max' : '1'));
  if (!speed) {
    process.stderr.write(`cockpit drill: --speed takes a factor above 0 and at most 10000, or \`max\`, not ${JSON.stringify(options.speed)}\n`);
    return EXIT.usage;
  }
  // Only the autopilot moves a clock without bound: a responder's drill at max stood at `open 0s` with its panels loading
  // for good, and its quit was scored `NOT RECOVERED` on a world never observed.
  if (speed.kind === 'max' && !options.autopilot && options.initScenario === undefined) {
    process.stderr.write('cockpit drill: --speed max runs with --autopilot only (its clock moves as fast as the autopilot works, faster than anyone can read); a responder plays at a factor, e.g. --speed 60\n');
    return EXIT.usage;
  }
  const init = options.initScenario;
  if (init !== undefined && (options.scenario !== undefined || options.incident !== undefined)) {
    process.stderr.write('cockpit drill: --init-scenario prints a scenario and runs no drill; drop --scenario and --incident\n');
    return EXIT.usage;
  }
  const input = await checkInputFile(file, 'runbook');
  const cannot = !input.ok ? `cockpit drill: ${input.message}` : options.autopilot || init !== undefined ? undefined : tuiRefusal('drill', process.env, processStreams());
  if (cannot !== undefined) {
    process.stderr.write(`${cannot}\n`);
    return EXIT.usage;
  }
  // The sandbox stands in for every provider: no ${ENV} is needed, nor expanded. The secrets are
  // still known, and redacted: a command step runs for real, and `env_allow` may hand one to it
  // (a drill's timeline and postmortem held a database password in clear).
  const settings = settingsOrComplain('drill');
  if (!settings) return EXIT.usage;
  startupMark('drill action');
  const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins), userPlugins: settings.plugins, secretEnv: process.env, checkSteps: true });
  startupMark('runbook loaded');
  // A resumed drill's scenario is the one its log recorded (checked against the runbook when it started).
  const scenarioArg = init ?? options.scenario ?? DEFAULT_SCENARIO;
  // Imported when used, like the drill's runner below: the bundle evaluates the scenario schema, the
  // sandbox and the session after the runbook's first frame, not before it (issue #17).
  const scenarioOf = async () => (await import('../drillScenario')).drillScenario(file, loaded, options.incident === undefined ? scenarioArg : undefined);
  // Interactive, with a sound runbook: its frame is drawn before the scenario is bound (below).
  const drawsFirst = loaded.ok && !options.autopilot && init === undefined;
  const early = drawsFirst ? undefined : await scenarioOf();
  if (early && !early.ok) {
    process.stderr.write(early.lines.join(''));
    return EXIT.usage;
  }
  if (!loaded.ok) return EXIT.usage;
  if (init !== undefined && early?.scenario) {
    // The modeline points at a schema file next to the scenario: the hint says how to write it.
    process.stdout.write(`# Edit, check with \`cockpit lint FILE\`, drill with --scenario FILE. Editor schema: cockpit schema --scenario > scenario.schema.json\n# yaml-language-server: $schema=./scenario.schema.json\n${early.scenario.text}`);
    return EXIT.ok;
  }

  useSandboxAwsCredentials();
  const log = fileLogger(logFile(), loaded.secrets);
  const restoreWarnings = routeProcessWarnings(log);
  let located: LocatedStore | undefined;
  try {
    const ended = new AbortController();
    let running: Drill | undefined;
    const drawing = { done: Promise.resolve() as Promise<unknown> };
    const releaseSignals = closeOnSignals(async (signal) => {
      // Scored as a quit is, from where it stopped, before the screen's end closes the session: a drill killed mid-rollout
      // kept the score of an earlier sitting, which said the responder quit, beside a timeline that said SIGTERM.
      await running?.session.stopWork(stoppedBy(signal));
      await running?.score().catch((error: unknown) => log.warn('the drill could not be scored as it was stopped', { error: String(error) }));
      ended.abort();
      // Ink's last writes first, then the terminal leaves the alternate screen: only then may the process exit.
      await drawing.done;
      await running?.close(stoppedBy(signal));
      await log.flush();
    });
    // Interactive: the runbook is on screen while the scenario is bound and the sandbox and the
    // session start (issue #17).
    const screen = options.autopilot
      ? undefined
      : await drawStarting(
          startingView({ runbook: loaded.runbook, plugins: loaded.plugins, mode: 'drill-sandbox', environment: 'sandbox', responder: settings.responder, now: new Date(), doing: 'starting the sandbox…', secrets: loaded.secrets }),
          {
            color: colorEnabled(process.env, !options.color),
            signal: ended.signal,
            log,
            // The frame is the runbook's and the settings' (the responder); a user plugin's panels are its own code's.
            ...(settings.plugins.length === 0 ? { drawnFrom: [file, settingsFile()] } : {}),
          },
        );
    if (screen) drawing.done = screen.done.catch(() => undefined);
    const resolved = early ?? (await scenarioOf());
    if (!resolved.ok) {
      // Written once the terminal is back: on the alternate screen they would vanish with it.
      await screen?.fail();
      releaseSignals();
      process.stderr.write(resolved.lines.join(''));
      return EXIT.usage;
    }
    const scenario = resolved.scenario;
    // Without a screen (the autopilot), what the screen would say from the start goes to stderr.
    if (!screen) for (const notice of resolved.notices) process.stderr.write(`cockpit drill: ${notice}\n`);
    // After the first frame too: the store (a shared one connects) is needed from the session on.
    located = await locateStore(options.store).catch(async (error: unknown) => {
      await screen?.fail();
      throw error;
    });
    const storeArgs = storeOption(options.store, located.incidents.where);
    const common = {
      runbook: loaded.runbook,
      runbookPath: file,
      plugins: loaded.plugins,
      speed,
      autopilot: options.autopilot ?? false,
      // An interactive drill's clock starts with its first frame: start-up is not the responder's time.
      holdClock: !options.autopilot,
      notices: resolved.notices,
      dataDir: located.dataDir,
      incidents: located.incidents,
      responder: options.autopilot ? 'autopilot' : settings.responder,
      log,
      secrets: loaded.secrets,
    };
    const { resumeDrill, startDrill } = await import('../drillRunner');
    const started = await (scenario
      ? startDrill({
          ...common,
          scenario: scenario.scenario,
          scenarioRecord: { name: scenario.scenario.name, source: scenarioArg, text: scenario.text },
        })
      : resumeDrill({ ...common, incidentId: options.incident!, storeArgs, ...(options.scenario === undefined ? {} : { scenarioArg: options.scenario }) })
    ).catch(async (error: unknown) => {
      await screen?.fail();
      throw error;
    });
    if (!started.ok) {
      await screen?.fail();
      releaseSignals();
      process.stderr.write(`cockpit drill: ${started.message}\n`);
      return EXIT.usage;
    }
    running = started.drill;
    startupMark('drill started');
    markOnce(running.session.subscribe, panelsFilled, 'panels filled');
    for (const panel of ['deploys', 'flags', 'slos'] as const) markOnce(running.session.subscribe, (view) => view[panel].status !== 'loading', `${panel} filled`);
    // Every drill leaves a line in the log, so a report of trouble can be matched to its incident.
    log.info('drill started', { incident: running.session.incidentId, scenario: scenario ? scenario.scenario.name : 'resumed', autopilot: options.autopilot ?? false });
    try {
      const work = screen ? interactive(running, screen, ended.signal) : autopilot(running, loaded.runbook);
      // Ended by a signal: what the drill was doing fails as its session closes; the handler exits with the signal's code.
      const report = await work.catch((error: unknown) => {
        if (ended.signal.aborted) return undefined;
        throw error;
      });
      if (!report || ended.signal.aborted) return EXIT.ok;
      releaseSignals();
      if (report === NOT_PLAYED) {
        process.stdout.write(`Quit while the drill was starting: not scored. To play it:\n  ${resumeCommand(file, running.session.incidentId, options.speed, storeArgs)}\n`);
        return EXIT.ok;
      }
      const { drillReportJson } = await import('../../core/drillReportJson');
      const { formatDrillReport } = await import('../../core/drillReportText');
      process.stdout.write(options.json ? `${JSON.stringify(drillReportJson(report), null, 2)}\n` : formatDrillReport(report, process.stdout.isTTY ? process.stdout.columns : undefined));
      if (!options.json) process.stdout.write(`Postmortem: ${argvText(['cockpit', 'export', running.session.incidentId, '--format', 'md', ...storeArgs])}\n`);
      // Quit before resolving: the drill is still open (\`incidents\` lists it so), and can go on.
      if (!options.json && !options.autopilot && running.session.view().incident.status !== 'resolved') {
        // The command on a line of its own: wrapped after the words, it broke mid-id at 80 columns.
        process.stdout.write(`The drill is still open. To go on with it:\n  ${resumeCommand(file, running.session.incidentId, options.speed, storeArgs)}\n`);
      }
      const failure = running.session.viewInputs().recordingFailure;
      if (failure !== undefined) {
        process.stderr.write(`cockpit drill: ${notRecordingText(failure, "the drill's score")}\n`);
        return EXIT.storage;
      }
      // DESIGN: an interactive drill exits 0 (its report says how it went); the autopilot's exit code is the verdict.
      if (!options.autopilot) return EXIT.ok;
      return report.recovered && report.recoveryChecksPassed ? EXIT.ok : EXIT.problems;
    } finally {
      await running.close();
    }
  } finally {
    restoreWarnings();
    await located?.incidents.close();
    await log.flush();
  }
}

async function autopilot(running: Drill, runbook: Runbook) {
  const { runAutopilot } = await import('../../session/autopilot');
  return runAutopilot(running, runbook);
}

/**
 * The cockpit TUI on the drill; the drill is scored once, when the responder quits, from the final
 * state: resolving is not the end (later facts — a burn that returns, a check that passes — count).
 */
async function interactive(running: Drill, screen: StartingCockpit, signal: AbortSignal) {
  const { drillController } = await import('../drillRunner');
  screen.attach(drillController(running, () => !screen.quitWhileStarting()));
  // The responder's time starts with the drill on screen, not with the runbook's starting frame.
  running.begin();
  await screen.done;
  if (signal.aborted) return undefined;
  return screen.quitWhileStarting() ? NOT_PLAYED : running.score();
}

const NOT_PLAYED = 'not played';

/** How to go on with a drill left open (quit while starting, or before it was resolved). */
function resumeCommand(file: string, incidentId: string, speed: string | undefined, storeArgs: readonly string[]): string {
  // Continued on a second line (a shell reads the two as one): one line was wider than 80 columns and
  // broke mid-id where the terminal wrapped it.
  return `${argvText(['cockpit', 'drill', file])} \\\n    ${argvText(['--incident', incidentId, ...(speed === undefined ? [] : ['--speed', speed]), ...storeArgs])}`;
}
