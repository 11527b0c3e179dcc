import { mkdir, open, readdir, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../core/result';
import { syncDir } from '../atomicWrite';
import { acquireLock, type HeldLock } from '../lock';
import type { PreparedEvent } from '../storedEvents';
import { writeSynced } from '../syncedWrite';

export const QUEUE_DIR = 'queue';
export const QUEUE_FILE = 'events.jsonl';

/** Where an incident's local queue lives under the local data dir. */
export function queueDir(dataDir: string, incident: string): string {
  return join(dataDir, QUEUE_DIR, incident);
}

/** The shared incidents with events queued on this machine, and how many each (a line an event). */
export async function queuedHere(dataDir: string): Promise<{ readonly incident: string; readonly events: number; readonly file: string }[]> {
  const incidents = await readdir(join(dataDir, QUEUE_DIR)).catch(() => [] as string[]);
  const counted = await Promise.all(
    incidents.map(async (incident) => {
      const file = join(queueDir(dataDir, incident), QUEUE_FILE);
      const text = await readFile(file, 'utf8').catch(() => '');
      return { incident, events: text.split('\n').filter((line) => line.trim() !== '').length, file };
    }),
  );
  return counted.filter((queue) => queue.events > 0);
}

/**
 * The local queue of one shared incident: events the responder did while the shared store could
 * not be reached, kept on this machine until they are uploaded. `<dataDir>/queue/<incident>/events.jsonl`
 * holds one event per line, as stamped when it was done (id, time, actor, redacted data: a
 * PreparedEvent) and never its place in the chain: no seq, prev or hash. Those are given at
 * upload, under the head row lock, after whatever other responders committed meanwhile, so the
 * queue cannot fork the chain. The id makes the upload idempotent: an event whose id is already in
 * the shared timeline (a COMMIT whose answer was lost, a crash before this file was rewritten) is
 * recognised and never sent twice.
 *
 * An event is acknowledged as queued only after its line is written and fdatasynced; a torn last
 * line (a crash mid-write) was never acknowledged and is cut off on the next open. One cockpit
 * holds a queue at a time (the lock file beside it, as for a local incident).
 */
export class LocalQueue {
  private handle: FileHandle | undefined;
  /** Bytes of the file that hold whole, synced lines. */
  private size: number;

  private constructor(
    readonly path: string,
    private items: PreparedEvent[],
    size: number,
    private readonly lock: HeldLock,
  ) {
    this.size = size;
  }

  /** Takes the incident's queue on this machine and reads what an earlier cockpit left in it. */
  static async open(dataDir: string, incident: string, now: Date): Promise<Result<LocalQueue>> {
    const dir = queueDir(dataDir, incident);
    await mkdir(dir, { recursive: true });
    const lock = await acquireLock(dir, now);
    if (!lock.ok) return fail('conflict', `another cockpit on this machine holds the local queue of ${incident} (${lock.error.message})`);
    const path = join(dir, QUEUE_FILE);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const items: PreparedEvent[] = [];
    let size = 0;
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      const last = index === lines.length - 1;
      // The last piece has no newline: empty, or a write torn by a crash (never acknowledged).
      if (last) break;
      const event = parseQueued(line, incident);
      if (event === undefined) {
        await lock.value.release();
        return fail('invalid-response', `${path}:${index + 1}: not a queued event of ${incident}; move the file aside to open the incident (its events are not uploaded)`);
      }
      items.push(event);
      size += Buffer.byteLength(line) + 1;
    }
    return ok(new LocalQueue(path, items, size, lock.value));
  }

  /** Queued events not yet uploaded, in order. */
  entries(): readonly PreparedEvent[] {
    return this.items;
  }

  /** Appends and fdatasyncs: once this resolves the events survive a crash of this process or machine. */
  async add(events: readonly PreparedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const fresh = this.handle === undefined;
    this.handle ??= await open(this.path, 'a+');
    // A torn tail left by a crash, or by a failed write here, is cut before writing after it.
    if ((await this.handle.stat()).size !== this.size) await this.handle.truncate(this.size);
    const data = Buffer.from(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    try {
      // All of it or a failure: a write on a filling disk may take only part (ShortWriteError).
      await writeSynced(this.handle, data, this.size);
    } catch (error) {
      // What part was written was never acknowledged: cut it now, so a later open does not queue
      // whole lines of a batch its caller was told failed (the next add cuts it too, if this fails).
      await this.handle.truncate(this.size).catch(() => undefined);
      throw error;
    }
    if (fresh) await syncDir(join(this.path, '..'));
    this.size += data.length;
    this.items.push(...events);
  }

  /**
   * Forgets events that are recorded now. Memory first: even if the file cannot be rewritten
   * (a full disk), they are not uploaded again by this process, and the next open finds their
   * ids in the shared timeline.
   */
  async remove(ids: ReadonlySet<string>): Promise<void> {
    const before = this.items.length;
    this.items = this.items.filter((event) => !ids.has(event.id));
    if (this.items.length === before) return;
    await this.rewrite();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    await this.lock.release();
  }

  /** The file as `items` says: emptied in place, or replaced whole (written aside, synced, renamed). */
  private async rewrite(): Promise<void> {
    if (this.items.length === 0) {
      this.handle ??= await open(this.path, 'a+');
      await this.handle.truncate(0);
      await this.handle.datasync();
      this.size = 0;
      return;
    }
    const data = Buffer.from(this.items.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const temp = `${this.path}.${process.pid}.tmp`;
    const out = await open(temp, 'w');
    try {
      await writeSynced(out, data, 0);
    } finally {
      await out.close();
    }
    await this.handle?.close();
    this.handle = undefined;
    await rename(temp, this.path);
    await syncDir(join(this.path, '..'));
    this.size = data.length;
  }
}

function parseQueued(line: string, incident: string): PreparedEvent | undefined {
  try {
    const event = JSON.parse(line) as Partial<PreparedEvent>;
    const shaped = typeof event.id === 'string' && typeof event.at === 'string' && typeof event.kind === 'string' && typeof event.actor === 'string' && event.incident === incident;
    return shaped ? (event as PreparedEvent) : undefined;
  } catch {
    return undefined;
  }
}
