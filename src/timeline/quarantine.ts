import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { QUARANTINE_PREFIX } from './paths';

export interface Quarantined {
  readonly file: string;
  readonly bytes: number;
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/**
 * Moves the bytes of `log` from `offset` to its end into `events.jsonl.corrupt-<timestamp>`,
 * then cuts the log at `offset`. The copy is synced before the cut, so a crash in between
 * leaves the bytes in both places, never in neither.
 */
export async function quarantineTail(log: string, offset: number, now: Date): Promise<Quarantined> {
  const handle = await open(log, 'r+');
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(size - offset);
    await handle.read(tail, 0, tail.length, offset);
    const dir = dirname(log);
    let name = `${QUARANTINE_PREFIX}${stamp(now)}`;
    for (let n = 2; ; n += 1) {
      try {
        const out = await open(join(dir, name), 'wx');
        try {
          await out.writeFile(tail);
          await out.sync();
        } finally {
          await out.close();
        }
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        name = `${QUARANTINE_PREFIX}${stamp(now)}-${n}`;
      }
    }
    await handle.truncate(offset);
    await handle.sync();
    return { file: basename(name), bytes: tail.length };
  } finally {
    await handle.close();
  }
}
