import { argvText } from '../../core/argvText';
import type { IncidentMode } from '../../core/events';
import { decideMode } from '../../core/incidentMode';
import { systemClock } from '../../plugins/clock';
import { loadRunbookFile } from '../../runbook/load';
import { formatProblem } from '../../runbook/problem';
import type { IncidentSession } from '../../session/IncidentSession';
import type { IncidentStore } from '../../timeline/incidentStore';
import { logFile, settingsFile } from '../../timeline/paths';
import { locateStore, storeOption } from '../storeLocator';
import { settingsOrComplain } from '../settings';
import { startingView } from '../../session/startingView';
import { drawStarting } from '../startingCockpit';
import { EXIT } from '../exit';
import { fileLogger, routeProcessWarnings } from '../fileLogger';
import { closeOnSignals, stoppedBy } from '../signals';
import { checkInputFile } from '../inputFile';
import { processStreams, tuiRefusal } from '../terminal';
import { colorEnabled } from '../color';
import { notRecordingText } from '../notRecording';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../plugins/registry';

export interface OpenOptions {
  env?: string;
  drill?: boolean;
  incident?: string;
  readOnly?: boolean;
  new?: boolean;
  store?: string;
  color: boolean;
}

export async function openCockpit(file: string, options: OpenOptions, mode: IncidentMode): Promise<number> {
  const located = await locateStore(options.store);
  try {
    return await openIn(located.incidents, located.dataDir, file, options, mode);
  } finally {
    await located.incidents.close();
  }
}

async function openIn(incidents: IncidentStore, dataDir: string, file: string, options: OpenOptions, mode: IncidentMode): Promise<number> {
  const conflict = optionConflict(options);
  if (conflict !== undefined) {
    process.stderr.write(`cockpit open: ${conflict}\n`);
    return EXIT.usage;
  }
  // Said first, with or without a terminal: it is the answer whatever else is wrong. This is for
  // the user; the safeguard is the session, which refuses the same incident again.
  const refusal = options.incident === undefined ? undefined : await modeRefusal(incidents, file, options.incident, mode, { readOnly: options.readOnly ?? false, storeArgs: storeOption(options.store, incidents.where) });
  if (refusal !== undefined) {
    process.stderr.write(`cockpit open: ${refusal}\n`);
    return EXIT.usage;
  }
  const input = await checkInputFile(file, 'runbook');
  const cannot = input.ok ? tuiRefusal('open', process.env, processStreams()) : `cockpit open: ${input.message}`;
  if (cannot !== undefined) {
    process.stderr.write(`${cannot}\n`);
    return EXIT.usage;
  }
  const settings = settingsOrComplain('open');
  if (!settings) return EXIT.usage;
  const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins), env: process.env, userPlugins: settings.plugins });
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
    return EXIT.problems;
  }
  const log = fileLogger(logFile(), loaded.secrets);
  const environment = options.env ?? settings.defaultEnvironment;
  const ended = new AbortController();
  let session: IncidentSession | undefined;
  let drawing: Promise<unknown> = Promise.resolve();
  const releaseSignals = closeOnSignals(async (signal) => {
    ended.abort();
    // Ink's last writes first, then the terminal leaves the alternate screen: only then may the process exit.
    await drawing;
    await session?.close(stoppedBy(signal));
    await log.flush();
  });
  // The runbook is on screen while the incident's log is read and the providers start (issue #17).
  const screen = await drawStarting(
    startingView({ runbook: loaded.runbook, plugins: loaded.plugins, mode, environment, responder: settings.responder, now: new Date(), doing: 'opening the incident and asking the providers…', secrets: loaded.secrets }),
    {
      color: colorEnabled(process.env, !options.color),
      signal: ended.signal,
      log,
      // Kept to replay at the next identical start (the environment is in its key: so are the ${NAME}s), unless
      // a user plugin's code draws a panel, or the incident named is checked against the store first.
      ...(settings.plugins.length === 0 && options.incident === undefined ? { drawnFrom: [file, settingsFile()] } : {}),
    },
  );
  drawing = screen.done.catch(() => undefined);
  // The session (providers, store, recording) is evaluated behind the first frame (issue #17).
  const { IncidentSession } = await import('../../session/IncidentSession');
  const leftHere = incidents.kind === 'postgres' && !options.readOnly ? await uploadLeft(incidents, dataDir, settings.responder, loaded.secrets) : [];
  const opened = await IncidentSession.open({
    runbook: loaded.runbook,
    runbookPath: file,
    plugins: loaded.plugins,
    secrets: loaded.secrets,
    environment,
    // `--env production` names the default (what the top bar says): the runbook's providers as written.
    defaultEnvironment: environment === settings.defaultEnvironment,
    mode,
    dataDir,
    incidents,
    responder: settings.responder,
    clock: systemClock,
    log,
    ...(options.incident ? { incidentId: options.incident } : {}),
    ...(options.readOnly ? { readOnly: true } : {}),
    // Looking at the runbook again is not a new incident: the open one is picked up (issue #14).
    resumeOpen: !options.new,
    ...(leftHere.length === 0 ? {} : { notices: leftHere }),
  }).catch(async (error: unknown) => {
    await screen.fail();
    throw error;
  });
  if (!opened.ok) {
    await screen.fail();
    releaseSignals();
    const hint = /lock|another cockpit|held by/i.test(opened.message) && !opened.message.includes('--read-only') ? ' (add --read-only to watch it without writing)' : '';
    process.stderr.write(`cockpit open: ${opened.message}${hint}${incidents.kind === 'postgres' ? await queuedHint(dataDir) : ''}\n`);
    return EXIT.usage;
  }
  session = opened.session;
  const restoreWarnings = routeProcessWarnings(log);
  try {
    screen.attach(opened.session);
    await screen.done;
  } finally {
    await opened.session.close();
    restoreWarnings();
    await log.flush();
  }
  // Ended by a signal: its handler exits once the session is closed; nothing more is said.
  if (ended.signal.aborted) return EXIT.ok;
  releaseSignals();
  const inputs = opened.session.viewInputs();
  const queued = inputs.pending?.length ? { count: inputs.pending.length, file: inputs.unreachable?.queue ?? 'the local queue' } : undefined;
  const open = inputs.state.resolvedAt === undefined;
  const notRecording = inputs.recordingFailure !== undefined;
  process.stdout.write(`${farewell(opened.session.incidentId, options.readOnly ?? false, storeOption(options.store, incidents.where), file, queued, open, notRecording)}\n`);
  if (inputs.recordingFailure === undefined) return EXIT.ok;
  process.stderr.write(`cockpit open: ${notRecordingText(inputs.recordingFailure, 'its close')}\n`);
  return EXIT.storage;
}

/** What stopped cockpits of this machine left queued, uploaded to their incidents first (said on screen). */
async function uploadLeft(incidents: IncidentStore, dataDir: string, responder: string, secrets: Iterable<string>): Promise<string[]> {
  const { uploadLeftQueues } = await import('../../timeline/postgres/pgLeftQueues');
  return uploadLeftQueues(incidents, dataDir, responder, secrets);
}

/** Events kept on this machine for a shared store it could not open: where, and that they wait (bob was told nothing of his 4). */
async function queuedHint(dataDir: string): Promise<string> {
  const { queuedHere } = await import('../../timeline/postgres/pgLocalQueue');
  const queued = await queuedHere(dataDir);
  return queued.map((q) => `; ${q.events} event(s) of ${q.incident} are kept on this machine (${q.file}) and are uploaded when it is opened again`).join('');
}

/** What is said on leaving: a watcher wrote nothing, so it never says "saved"; events still queued locally are not "saved" either. */
function farewell(id: string, readOnly: boolean, storeArgs: readonly string[], runbook: string, queued: { readonly count: number; readonly file: string } | undefined, open: boolean, notRecording = false): string {
  const exportHint = `Export it with: ${argvText(['cockpit', 'export', id, '--format', 'md', ...storeArgs])}`;
  if (queued !== undefined) {
    // The command as it is to be run: without `--store` it looked in the data dir ("no incident …", exit 2).
    const reopen = argvText(['cockpit', 'open', runbook, '--incident', id, ...storeArgs]);
    return `Incident ${id}: ${queued.count} event(s) not recorded yet (the shared store was unreachable), kept in ${queued.file}; they are uploaded the next time this machine opens the incident (${reopen}).`;
  }
  if (readOnly) return `Watched incident ${id} read-only; this cockpit wrote nothing. ${exportHint}`;
  // Quit with the incident open (a rollback left unwatched, a burn at 316x): "saved" alone read as done with. By its id:
  // `cockpit open RUNBOOK` resumes the service's newest open incident, another one when two are open.
  const saved = notRecording ? 'is not saved whole (below)' : 'saved';
  return open ? `Incident ${id} ${saved}; it is still open: ${argvText(['cockpit', 'open', runbook, '--incident', id, ...storeArgs])} resumes it. ${exportHint}` : `Incident ${id} ${saved}. ${exportHint}`;
}

function optionConflict(options: OpenOptions): string | undefined {
  if (!options.new) return undefined;
  if (options.incident !== undefined) return '--new starts another incident; it cannot be used with --incident';
  if (options.readOnly) return '--new starts another incident; it cannot be used with --read-only';
  return undefined;
}

/** Why the logged mode of the incident forbids this `open`; undefined when it does not (or the log cannot say). */
async function modeRefusal(
  incidents: IncidentStore,
  file: string,
  incidentId: string,
  asked: IncidentMode,
  how: { readonly readOnly: boolean; readonly storeArgs: readonly string[] },
): Promise<string | undefined> {
  const opened = await incidents.readOpened(incidentId);
  if (!opened.ok) return undefined;
  const decided = decideMode({ logged: opened.value.data.mode, asked, sandbox: false, incidentId, runbookPath: file, ...how });
  return decided.ok ? undefined : decided.message;
}
