import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreparedEvent } from '../../../src/timeline/storedEvents';
import { openQueue, queuedNote } from '../../support/localQueue';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../../support/tmpfs';

let disk: SmallDisk | undefined;
afterEach(async () => {
  await disk?.unmount();
  disk = undefined;
});

describe.skipIf(!canMountTmpfs('pgLocalQueueFullDisk.test.ts'))('the local queue of a shared incident on a full disk (real tmpfs)', () => {
  it('never acknowledges a batch the disk took only part of; the next open keeps what was acknowledged', async () => {
    disk = await mountSmallDisk();
    const queue = await openQueue(disk.path);
    await queue.add([queuedNote('01A', 'queued while PostgreSQL was away')]);
    await disk.fillLeaving(4096);
    // Three pages of events into one free page: the kernel takes part of the write, then refuses.
    const big = Array.from({ length: 12 }, (_, i) => queuedNote(`01B${i}`, 'x'.repeat(1_000)));
    await expect(queue.add(big)).rejects.toThrow();
    await queue.close();

    await disk.freeSpace();
    const again = await openQueue(disk.path);
    expect(again.entries().map((e) => e.id)).toEqual(['01A']);
    await again.add([queuedNote('01C', 'after the space came back')]);
    expect(again.entries().map((e) => e.id)).toEqual(['01A', '01C']);
    const lines = (await readFile(again.path, 'utf8')).split('\n').filter(Boolean);
    expect(lines.map((line) => (JSON.parse(line) as PreparedEvent).id)).toEqual(['01A', '01C']);
    await again.close();
  });
});
