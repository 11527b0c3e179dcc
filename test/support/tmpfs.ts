import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, stat, truncate, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mounting a tmpfs needs root; CI runs as root. A suite that needs one says why it skips. */
export function canMountTmpfs(suite: string): boolean {
  const root = process.getuid?.() === 0;
  if (!root) process.stdout.write(`${suite}: skipped, mounting a tmpfs needs root (CI runs as root)\n`);
  return root;
}

/** A real small file system that fills up: `fill(free)` leaves about `free` bytes (whole pages). */
export interface SmallDisk {
  readonly path: string;
  fillLeaving(free: number): Promise<void>;
  freeSpace(): Promise<void>;
  unmount(): Promise<void>;
}

export async function mountSmallDisk(size = '256k', options: { readOnly?: boolean } = {}): Promise<SmallDisk> {
  const path = await mkdtemp(join(tmpdir(), 'cockpit-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options.readOnly ? ',ro' : ''}`, 'tmpfs', path]);
  const filler = join(path, 'filler');
  return {
    path,
    async fillLeaving(free) {
      const handle = await open(filler, 'a');
      const block = Buffer.alloc(4096, 1);
      try {
        for (;;) await handle.write(block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        await handle.close();
      }
      const { size: filled } = await stat(filler);
      await truncate(filler, Math.max(0, filled - free));
    },
    freeSpace: () => unlink(filler),
    async unmount() {
      // Lazy: a failed test may still hold a file open there.
      execFileSync('umount', ['-l', path]);
      await rm(path, { recursive: true, force: true });
    },
  };
}
