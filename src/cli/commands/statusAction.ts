import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createCleaner } from '../../core/displayText';
import { createSecretMatcher } from '../../core/secretMatcher';
import { systemClock } from '../../plugins/clock';
import { loadRunbookFile } from '../../runbook/load';
import { formatProblem } from '../../runbook/problem';
import { formatStatus } from '../statusFormat';
import { settingsOrComplain } from '../settings';
import { EXIT } from '../exit';
import { stderrLogger } from '../logger';
import { checkInputFile } from '../inputFile';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../plugins/registry';
import type { EarlierBad, PreviousIncident, StoredEvent } from '../../core/events';
import { addShortBurn, type BurnSamples } from '../../core/changeWindow';
import { previousFromLog } from '../../timeline/previousFromLog';
import { locateStore, STORE_ENV, storeOption, type LocatedStore } from '../storeLocator';
import { pickOpenIncident } from '../../core/summary';
import { argvText } from '../../core/argvText';
import type { IncidentState } from '../../core/incident';
import { actionsDone } from '../../core/actionsDone';
import { lockIsStale, readLockOwner } from '../../timeline/lock';
import { incidentDir, LOCK_FILE } from '../../timeline/paths';

export interface StatusOptions {
  env?: string;
  json?: boolean;
  store?: string;
}

export async function status(file: string, options: StatusOptions): Promise<void> {
  const settings = settingsOrComplain('status');
  if (!settings) {
    process.exitCode = EXIT.usage;
    return;
  }
  const input = await checkInputFile(file, 'runbook');
  if (!input.ok) {
    process.stderr.write(`cockpit status: ${input.message}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins), env: process.env, userPlugins: settings.plugins });
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
    process.exitCode = EXIT.problems;
    return;
  }
  const environment = options.env ?? settings.defaultEnvironment;
  // Loaded by status alone (the providers, argv-only exec), not with the command line.
  const [{ anyProviderFailed, takeSnapshot }, { createExec }] = await Promise.all([import('../../session/statusSnapshot'), import('../../plugins/exec')]);
  const { previous, earlierBad, open, storeArgs, unread } = await storeIncidents(options.store, loaded.runbook.service, environment);
  const snapshot = await takeSnapshot({
    ...(previous === undefined ? {} : { previousIncident: previous }),
    ...(earlierBad === undefined ? {} : { earlierBad }),
    ...(open?.state === undefined ? {} : { openIncident: open.state, ...(open.shortBurns === undefined ? {} : { openBurns: open.shortBurns }) }),
    runbook: loaded.runbook,
    baseDir: dirname(file),
    plugins: loaded.plugins,
    environment,
    // `--env production` names the default (what the top bar says): the runbook's providers as written.
    defaultEnvironment: environment === settings.defaultEnvironment,
    clock: systemClock,
    log: stderrLogger(loaded.secrets),
    exec: createExec(),
    signal: snapshotSignal(),
  });
  if (!snapshot.ok) {
    process.stderr.write(`cockpit status: ${createCleaner(createSecretMatcher(loaded.secrets))(snapshot.error.message)}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  // Provider answers and errors are text from outside: redacted and without terminal controls.
  const shown = createCleaner(createSecretMatcher(loaded.secrets))({ ...snapshot.value, ...(open === undefined ? {} : { openIncident: openIncidentJson(open) }), ...(unread === undefined ? {} : { incidentsUnread: unread }) });
  // The store as it may be printed: a postgres:// URL without its password (`--store postgres://cockpit:sekret@…` was printed whole).
  const resume = ['cockpit', 'open', file, ...(options.env === undefined ? [] : ['--env', options.env]), ...storeArgs];
  const incidents = open !== undefined ? openIncidentLine(open, resume) : unread !== undefined ? unreadLine(unread) : '';
  process.stdout.write(options.json ? `${JSON.stringify(shown, null, 2)}\n` : `${formatStatus(shown)}${incidents}`);
  process.exitCode = anyProviderFailed(shown) ? EXIT.providerFailed : EXIT.ok;
}

/**
 * The snapshot's one deadline. Every call it makes at once listens on it (the SLO's windows, the
 * deploys, the flags, the rollback plan's own calls): more than Node's default of 10 printed a
 * MaxListenersExceededWarning on the responder's stderr, as the scheduler's signals once did.
 */
function snapshotSignal(): AbortSignal {
  const signal = AbortSignal.timeout(60_000);
  setMaxListeners(0, signal);
  return signal;
}

/**
 * A snapshot alone knows no history: an open incident's timeline is folded into it, and it says so
 * (a real incident's status blamed a deploy made after the errors its open incident had recorded).
 */
function openIncidentLine(open: OpenIncident, resume: readonly string[]): string {
  const head = `\nOPEN INCIDENT  ${open.id} (opened ${open.openedAt.slice(0, 16).replace('T', ' ')}Z): `;
  // A cockpit that drives it refuses a second writer: watch it instead.
  const watch = `\`${argvText([...resume, '--read-only'])}\` watches it`;
  // Broken before its last line, `open` refuses to write to it: "resumes it" sent a responder to a refusal.
  const resumes = open.refused ? `(\`${argvText(['cockpit', 'verify', open.id])}\` says where it breaks; ${watch}: \`open\` refuses to write to it)` : open.drivenBy === undefined ? `(\`${argvText(resume)}\` resumes it)` : `(driven by ${open.drivenBy}: ${watch})`;
  if (open.state === undefined) return `${head}its timeline could not be read (${open.unread}): this snapshot reads the SLO windows alone ${resumes}\n`;
  const last = open.broken !== undefined ? ` up to where it breaks: ${open.broken}` : open.lastEventAt === undefined ? '' : `, the last at ${open.lastEventAt.slice(11, 19)}Z`;
  const done = actionsDone(open.state.actions);
  const what = done.length === 0 ? '  nothing done yet\n' : done.map((line) => `  ${line}\n`).join('');
  return `${head}the recommendation reads its timeline (${open.events} events${last}): when its triggers fired, what changed and what was done ${resumes}\n${what}`;
}

/**
 * The store could not be read: said beside the snapshot, not on stderr alone. A wrong password printed no OPEN INCIDENT
 * section and a warning a responder reading stdout never saw, who then took it that nothing was open.
 */
function unreadLine(unread: string): string {
  return `\nINCIDENTS  could not be read (${unread}): an open incident of this service would not show here, and the burn's start is estimated from the SLO windows alone\n`;
}

/** The open incident in `--json`: which it is, and how much of its timeline the snapshot read. */
function openIncidentJson(open: OpenIncident) {
  return { id: open.id, openedAt: open.openedAt, ...(open.drivenBy === undefined ? {} : { drivenBy: open.drivenBy }), ...(open.state === undefined ? {} : { actions: actionsDone(open.state.actions) }), ...(open.state === undefined ? { timelineUnread: open.unread } : { timelineEvents: open.events, ...(open.lastEventAt === undefined ? {} : { lastEventAt: open.lastEventAt }), ...(open.broken === undefined ? {} : { timelineBroken: open.broken }) }) };
}

interface OpenIncident {
  readonly id: string;
  readonly openedAt: string;
  /** Its timeline folded, up to the first event that does not verify; absent when it could not be read (`unread` says why). */
  readonly state?: IncidentState;
  readonly events?: number;
  readonly lastEventAt?: string;
  /** Read up to the first event that does not verify: which, and why. */
  readonly broken?: string;
  /** Broken before its last line (not a torn tail `open` sets aside): `open` refuses to write to it. */
  readonly refused?: boolean;
  readonly unread?: string;
  /** The cockpit writing it now, if one is: `alice's cockpit, since 02:31:07Z`, `a cockpit (pid 4711 on vm, since …)`. */
  readonly drivenBy?: string;
  /** Its 5m burns as recorded: what its cockpit judged the responders' changes and the burn's start by. */
  readonly shortBurns?: BurnSamples;
}

/**
 * The service's previous incident in the store, which bounds when the burn began, and its open
 * one. A store that cannot be read costs only these: the snapshot is of the providers, and is still given.
 */
async function storeIncidents(
  store: string | undefined,
  service: string,
  environment: string,
): Promise<{ previous?: PreviousIncident; earlierBad?: readonly EarlierBad[]; open?: OpenIncident; readonly storeArgs: readonly string[]; readonly unread?: string }> {
  let located: LocatedStore | undefined;
  try {
    located = await locateStore(store);
    const storeArgs = storeOption(store, located.incidents.where);
    // A store named (not the default data dir) that is not there is a typo more likely than an empty store.
    const named = store ?? (process.env[STORE_ENV] === '' ? undefined : process.env[STORE_ENV]);
    if (named !== undefined && located.incidents.kind === 'jsonl' && !existsSync(located.incidents.where)) throw new Error(`there is no store at ${located.incidents.where}`);
    const listed = await located.incidents.list();
    const { previous, earlierBad, notice } = await previousFromLog(listed, { service, environment }, systemClock.now().getTime(), located.incidents.source);
    if (notice !== undefined) process.stderr.write(`cockpit status: ${notice}\n`);
    const picked = pickOpenIncident(listed, { service, environment });
    const open = picked === undefined ? undefined : await readOpen(located, picked);
    return { ...(previous === undefined ? {} : { previous }), ...(earlierBad === undefined ? {} : { earlierBad }), ...(open === undefined ? {} : { open }), storeArgs };
  } catch (error) {
    const unread = (error as Error).message;
    process.stderr.write(`cockpit status: could not read the incidents (${unread}): the burn's start is estimated from the SLO windows alone\n`);
    return { storeArgs: located === undefined ? [] : storeOption(store, located.incidents.where), unread };
  } finally {
    await located?.incidents.close();
  }
}

/** The open incident's timeline, folded in one verifying pass; what could not be read is said, and costs only the fold. */
async function readOpen(located: LocatedStore, open: { readonly id: string; readonly openedAt: string }): Promise<OpenIncident> {
  let lastEventAt: string | undefined;
  const shortBurns = new Map<string, { at: number; burn: number | null }[]>();
  const onEvent = (event: StoredEvent) => {
    lastEventAt = event.at;
    addShortBurn(shortBurns, event);
  };
  const scanned = await located.incidents.source.scan(open.id, { onEvent }).catch((error: unknown) => ({ ok: false as const, error: { message: (error as Error).message } }));
  if (!scanned.ok) return { ...open, unread: scanned.error.message };
  const { state, count, problem } = scanned.value;
  const broken = problem === undefined ? undefined : `event ${problem.seq} does not verify: ${problem.reason}`;
  const driver = await drivenBy(located, open.id);
  const driven = driver === undefined ? {} : { drivenBy: driver };
  if (state === undefined) return { ...open, ...driven, unread: broken ?? 'no events' };
  return { ...open, ...driven, state, shortBurns, events: count, ...(lastEventAt === undefined ? {} : { lastEventAt }), ...(broken === undefined ? {} : { broken, refused: problem?.atTail !== true }) };
}

/**
 * The cockpits writing the incident now: the shared store's presence (every writer: alice and bob both writing read
 * `driven by bob's cockpit`), or the local store's lock held by a live process.
 */
async function drivenBy(located: LocatedStore, id: string): Promise<string | undefined> {
  const since = (iso: string) => (iso === '' ? '' : `, since ${iso.slice(11, 19)}Z`);
  const board = located.incidents.kind === 'jsonl' ? undefined : located.incidents.presence;
  const writers = ((await board?.present(id).catch(() => [])) ?? []).filter((p) => !p.readOnly);
  if (writers.length > 0) return writers.map((p) => `${p.responder}'s cockpit${since(p.since)}`).join(' and ');
  if (located.incidents.kind !== 'jsonl') return undefined;
  const owner = await readLockOwner(join(incidentDir(located.dataDir, id), LOCK_FILE));
  return typeof owner === 'object' && !lockIsStale(owner) ? `a cockpit (pid ${owner.pid} on ${owner.host}${since(owner.since)})` : undefined;
}
