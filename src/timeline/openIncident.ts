import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { syncDir } from './atomicWrite';
import { makeDirs } from './ioError';
import { join } from 'node:path';
import { anchorBroken, checkAnchor, describeAnchorCheck } from '../core/anchor';
import { COCKPIT_ACTOR } from '../core/cockpitActor';
import { GENESIS_HASH, type IncidentOpenedData, type NewEvent, type StoredEvent } from '../core/events';
import { incidentId } from '../core/incidentId';
import { createRedactor } from '../core/redact';
import { fail, ok, type Result } from '../core/result';
import { readIndex } from './incidentIndex';
import { JsonlEventStore } from './jsonlEventStore';
import { acquireLock, type HeldLock, type LockOwner } from './lock';
import { EVENTS_FILE, incidentDir, incidentsDir, isSafeIncidentId } from './paths';
import { quarantineTail, type Quarantined } from './quarantine';
import { scanLog, type LogProblem } from './scanLog';
import { sweepUnborn } from './sweepUnborn';

export interface CreateIncident extends IncidentOpenedData {
  readonly drill: boolean;
}

export interface OpenIncidentOptions {
  readonly dataDir: string;
  /** Resume this incident; with `create` instead, a new one is made. */
  readonly id?: string;
  readonly create?: CreateIncident;
  /**
   * With `create`: unless the service has an open incident in this environment by then. The shared store checks it under
   * a lock as it creates, and fails with a `conflict` naming the one it found: two responders pressing Enter on `cockpit
   * open` at the same moment each made an incident, and worked apart unknowing. (A local store has one responder.)
   */
  readonly unlessOpen?: { readonly service: string; readonly environment: string };
  /** No lock, no writes, no repair: for export, verify, listing, and a second cockpit. */
  readonly readOnly?: boolean;
  /** Values from `${ENV}` expansions: redacted (with the built-in patterns) before any write. */
  readonly secrets?: Iterable<string>;
  /** Actor of events that name none. */
  readonly responder: string;
  readonly now?: () => Date;
  /**
   * The clock a new incident's id and its lock are stamped with (default: `now`). A sandbox
   * drill's virtual clock starts every drill of a scenario at the same minute, so drills stamp
   * with the wall clock (a lock said "since 2026-11-22T02:30:00Z" of a cockpit started today).
   */
  readonly idNow?: () => Date;
  /**
   * Sees every event of the log as opened, in order: those read (and verified) and those written
   * while opening (incident.opened, the notes of a takeover or a quarantine). The session builds
   * its timeline in this same pass instead of reading the log a second time.
   */
  readonly onEvent?: (event: StoredEvent) => void;
}

export interface OpenedIncident {
  readonly store: JsonlEventStore;
  readonly dir: string;
  /** What opening repaired (writable) or would have to (read-only). */
  readonly recovery: {
    readonly quarantined?: Quarantined & { readonly reason: string };
    readonly tookOverLockFrom?: LockOwner;
    /** Events the log had after its anchor (seq `from` to `to`), taken in and noted (`unanchored`). */
    readonly unanchored?: Unanchored;
    /** Read-only only: a problem left in place (a torn tail or a broken chain). */
    readonly problem?: LogProblem;
  };
}

interface Unanchored {
  readonly from: number;
  readonly to: number;
}

/**
 * The note that names the events taken in after the anchor: once anchored, nothing tells them from the events their
 * cockpit anchored (a line forged with a valid hash after the anchor was anchored without a word on the next open).
 */
function unanchoredNote({ from, to }: Unanchored): NewEvent {
  const which = from === to ? `seq ${from}` : `seq ${from} to ${to}`;
  const text =
    from === 1
      ? `Took in the log's ${to} event(s) with no anchor in incident.json (removed, or written before anchors): events cut from its end would not show. Anchored from here on.`
      : `Took in ${to - from + 1} event(s) (${which}) written after incident.json last anchored the log at seq ${from - 1}: a cockpit that stopped between writing them and its anchor, or lines added to the log by hand (they verify). Anchored from here on.`;
  return { kind: 'note', actor: COCKPIT_ACTOR, data: { text, tag: 'unanchored', details: { from, to } } };
}

/** Sayable suffixes (`-2`, `-3`, …) for this many incidents of one service in one minute; random ones after. */
const COUNTED_SAME_MINUTE = 100;
const RANDOM_ATTEMPTS = 16;

/**
 * Creates the incident directory under a fresh id: mkdir is atomic, so two cockpits never share
 * one. Past the counted suffixes (a data dir full of drills of one scenario) a random suffix is
 * used, so the 101st incident of a minute is made rather than refused.
 */
export async function createIncidentDir(dataDir: string, service: string, at: string): Promise<{ id: string; dir: string }> {
  await makeDirs(incidentsDir(dataDir));
  const candidates = function* () {
    for (let attempt = 1; attempt <= COUNTED_SAME_MINUTE; attempt += 1) yield incidentId(at, service, attempt);
    for (let attempt = 0; attempt < RANDOM_ATTEMPTS; attempt += 1) yield `${incidentId(at, service)}-${randomBytes(3).toString('hex')}`;
  };
  for (const id of candidates()) {
    const dir = incidentDir(dataDir, id);
    try {
      await mkdir(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`no free incident id for ${service} at ${at}: ${COUNTED_SAME_MINUTE} counted and ${RANDOM_ATTEMPTS} random ones are taken`);
}


async function createIncident(options: OpenIncidentOptions, create: CreateIncident): Promise<Result<OpenedIncident>> {
  const now = options.now ?? (() => new Date());
  const at = now().toISOString();
  const { id, dir } = await createIncidentDir(options.dataDir, create.service, (options.idNow ?? now)().toISOString());
  let store: JsonlEventStore | undefined;
  let lock: HeldLock | undefined;
  try {
    const acquired = await acquireLock(dir, (options.idNow ?? now)(), options.responder);
    // Nobody else can hold the lock of a directory this process just made.
    if (!acquired.ok) throw new Error(acquired.error.message);
    lock = acquired.value;
    const { drill, ...data } = create;
    const handle = await open(join(dir, EVENTS_FILE), 'wx');
    await syncDir(dir);
    // The opened event goes through the store like every other: one code path writes lines.
    store = new JsonlEventStore({
      dir,
      id,
      drill,
      lastHash: GENESIS_HASH,
      handle,
      lock,
      redact: createRedactor(options.secrets),
      responder: options.responder,
      now,
    });
    const opened = await store.append({ kind: 'incident.opened', data, at });
    options.onEvent?.(opened);
    // An incident without its index is neither listed nor anchored: it is made whole or not at all.
    await store.syncIndex();
    // Off the start-up path: what earlier cockpits left half-made is removed while this one runs.
    void sweepUnborn(options.dataDir, now()).catch(() => undefined);
    return ok({ store, dir, recovery: {} });
  } catch (error) {
    // Nothing of this incident was acknowledged: leave no half-made directory behind.
    await (store?.close() ?? lock?.release())?.catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

async function resumeIncident(options: OpenIncidentOptions, id: string): Promise<Result<OpenedIncident>> {
  const now = options.now ?? (() => new Date());
  if (!isSafeIncidentId(id)) return fail('not-found', `${JSON.stringify(id)} is not an incident id`);
  const dir = incidentDir(options.dataDir, id);
  const log = join(dir, EVENTS_FILE);
  const redact = createRedactor(options.secrets);

  let lock: HeldLock | undefined;
  if (!options.readOnly) {
    const acquired = await acquireLock(dir, (options.idNow ?? now)(), options.responder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return fail('not-found', `no incident ${id} in ${incidentsDir(options.dataDir)}`);
      throw error;
    });
    if (!acquired.ok) return acquired;
    lock = acquired.value;
  }
  const release = async () => lock?.release();

  const anchor = (await readIndex(dir))?.anchor;
  let hashAtAnchor: string | undefined;
  let scan;
  try {
    scan = await scanLog(log, {
      onEvent: (event) => {
        if (event.seq === anchor?.events) hashAtAnchor = event.hash;
        options.onEvent?.(event);
      },
    });
  } catch (error) {
    await release();
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail('not-found', `no incident ${id} in ${incidentsDir(options.dataDir)}`);
    throw error;
  }
  if (scan.state === undefined) {
    await release();
    const why = scan.problem === undefined ? 'the log is empty' : `seq 1: ${scan.problem.reason}`;
    return fail('invalid-response', `incident ${id} cannot be read: ${why}`);
  }
  if (options.readOnly) {
    // A break before the last line is damage: nothing after it is trusted, so the watch does not follow past it.
    const followFrom = scan.problem === undefined || scan.problem.atTail ? { verifiedBytes: scan.verifiedBytes } : {};
    const store = new JsonlEventStore({ dir, id: scan.state.id, drill: scan.state.drill, state: scan.state, lastHash: scan.lastHash, ...followFrom, redact, responder: options.responder, now });
    return ok({ store, dir, recovery: scan.problem === undefined ? {} : { problem: scan.problem } });
  }
  if (scan.problem !== undefined && !scan.problem.atTail) {
    await release();
    return fail(
      'invalid-response',
      `the timeline of ${id} is broken at seq ${scan.problem.seq} (${scan.problem.reason}); nothing will be appended to it. Run cockpit verify ${id}, or open it read-only`,
    );
  }
  // A tail the anchor counted was acknowledged: losing it is damage, not a torn write, and is said so.
  const acknowledgedTail = scan.problem !== undefined && anchor !== undefined && scan.problem.seq <= anchor.events;
  const check = anchor === undefined ? undefined : checkAnchor(anchor, { count: scan.count, ...(hashAtAnchor === undefined ? {} : { hashAtAnchor }) });
  if (anchor !== undefined && check !== undefined) {
    // Appending would move the anchor and erase the evidence; only a damaged last event may be set aside (with a note).
    const onlyTheTail = acknowledgedTail && scan.problem?.seq === anchor.events && check.status === 'log-short' && check.missing === 1;
    if (anchorBroken(check) && !onlyTheTail) {
      await release();
      return fail(
        'invalid-response',
        `the timeline of ${id} ${describeAnchorCheck(check, anchor, 'incident.json')}; nothing will be appended to it. Run cockpit verify ${id}, or open it read-only`,
      );
    }
  }
  const quarantined =
    scan.problem === undefined
      ? undefined
      : {
          ...(await quarantineTail(log, scan.problem.offset, now())),
          reason: acknowledgedTail ? `an acknowledged event (seq ${scan.problem.seq}) failed verification, so this is damage, not an interrupted write: ${scan.problem.reason}` : scan.problem.reason,
        };
  let handle: FileHandle;
  try {
    handle = await open(log, 'a');
  } catch (error) {
    await release();
    throw error;
  }
  const heldLock = lock as HeldLock;
  const store = new JsonlEventStore({
    dir,
    id: scan.state.id,
    drill: scan.state.drill,
    state: scan.state,
    lastHash: scan.lastHash,
    handle,
    lock: heldLock,
    redact,
    responder: options.responder,
    now,
  });
  const notes: NewEvent[] = [];
  if (heldLock.tookOverFrom !== undefined) {
    const from = heldLock.tookOverFrom;
    notes.push({
      kind: 'note',
      actor: COCKPIT_ACTOR,
      data: { text: `Took over the lock of a cockpit that is gone (pid ${from.pid} on ${from.host}).`, tag: 'lock-takeover', details: { ...from } },
    });
  }
  if (quarantined !== undefined) {
    notes.push({
      kind: 'note',
      actor: COCKPIT_ACTOR,
      data: {
        text: `Moved a damaged last line (${quarantined.bytes} bytes) to ${quarantined.file}: ${quarantined.reason}.`,
        tag: 'quarantine',
        details: { file: quarantined.file, bytes: quarantined.bytes, afterSeq: scan.count, reason: quarantined.reason },
      },
    });
  }
  // Events after the anchor: a cockpit stopped between writing them and its index, or lines added by hand that verify.
  // The next sync anchors them, and `verify` could no longer tell them from the rest: said here, with which they are.
  // No anchor at all (removed with lines cut from the log's end): the whole log is taken in so, and said.
  const unanchored = anchor === undefined ? { from: 1, to: scan.count } : check?.status === 'log-ahead' ? { from: anchor.events + 1, to: anchor.events + check.newer } : undefined;
  if (unanchored !== undefined) notes.push(unanchoredNote(unanchored));
  // Appends keep call order, so the notes come back in seq order.
  for (const note of await Promise.all(notes.map((n) => store.append(n)))) options.onEvent?.(note);
  // Rebuilt on every open: the index is a cache of the fold, the anchor follows the log.
  await store.syncIndex().catch(() => undefined);
  return ok({
    store,
    dir,
    recovery: {
      ...(quarantined === undefined ? {} : { quarantined }),
      ...(unanchored === undefined ? {} : { unanchored }),
      ...(heldLock.tookOverFrom === undefined ? {} : { tookOverLockFrom: heldLock.tookOverFrom }),
    },
  });
}

/**
 * Opens an incident's timeline: creates a new one (`create`) or resumes one by id, folding its
 * log back into state. A writable open takes the incident's lock, quarantines a torn tail, and
 * records both facts as notes; a read-only open changes nothing on disk.
 */
export async function openIncident(options: OpenIncidentOptions): Promise<Result<OpenedIncident>> {
  if (options.create !== undefined) {
    if (options.readOnly) return fail('unsupported', 'a new incident cannot be opened read-only');
    return createIncident(options, options.create);
  }
  if (options.id === undefined) return fail('not-found', 'no incident id given');
  return resumeIncident(options, options.id);
}
