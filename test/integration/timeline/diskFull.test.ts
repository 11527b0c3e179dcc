import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { openIncident } from '../../../src/timeline/openIncident';
import { isIntact, verifyIncident } from '../../../src/timeline/verifyIncident';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../../support/tmpfs';
import { CREATE, mustOpen } from './helpers';

/**
 * A real full disk: a small tmpfs mounted by the test (needs root, as CI runs). The promise under
 * test: an append resolves only when its event is on disk; a failed write leaves the log a valid
 * prefix; once space is back the same incident records again and verifies, with every
 * acknowledged event in it.
 */
let disk: SmallDisk;
let mountPoint: string;

describe.skipIf(!canMountTmpfs('diskFull.test.ts'))('a full disk (real tmpfs)', () => {
  beforeEach(async () => {
    disk = await mountSmallDisk();
    mountPoint = disk.path;
  });
  afterEach(async () => disk.unmount());

  for (const free of [0, 300, 4096, 12_288]) {
    it(`appends with ${free} bytes left: a failed append is never acknowledged, the log stays a valid prefix, recording resumes once space is back`, async () => {
      const opened = await mustOpen({ dataDir: mountPoint, create: CREATE });
      const { store } = opened;
      await disk.fillLeaving(free);
      const acknowledged: StoredEvent[] = [];
      let failures = 0;
      // Concurrent appends, so failures land inside group-committed batches too.
      for (let round = 0; round < 20 && failures === 0; round += 1) {
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => store.append({ kind: 'note', data: { text: `round ${round} note ${i} ${'x'.repeat(200)}` } })),
        );
        for (const result of results) {
          if (result.status === 'fulfilled') acknowledged.push(result.value);
          else {
            failures += 1;
            expect(result.reason.message).toMatch(/disk full \(ENOSPC\)|short write/);
          }
        }
      }
      expect(failures).toBeGreaterThan(0);
      expect(store.recordingFailure()?.reason).toMatch(/^(disk full \(ENOSPC\)|short write)/);

      // On disk: exactly the acknowledged events, nothing half-written after them.
      const onDisk = await verifyIncident(mountPoint, store.incidentId);
      if (!onDisk.ok) throw new Error(onDisk.error.message);
      expect(onDisk.value.problem, JSON.stringify(onDisk.value.problem)).toBeUndefined();
      expect(onDisk.value.events).toBe(1 + acknowledged.length);

      await disk.freeSpace();
      const after = await store.append({ kind: 'note', data: { text: 'space is back' } });
      expect(after.seq).toBe(2 + acknowledged.length);
      expect(store.recordingFailure()).toBeUndefined();
      await store.close();

      const resumed = await mustOpen({ dataDir: mountPoint, id: store.incidentId });
      expect(resumed.recovery.quarantined).toBeUndefined();
      await resumed.store.close();
      const verified = await verifyIncident(mountPoint, store.incidentId);
      if (!verified.ok) throw new Error(verified.error.message);
      expect(isIntact(verified.value)).toBe(true);
      const texts: string[] = [];
      for await (const event of resumed.store.events()) if (event.kind === 'note') texts.push(event.data.text);
      for (const event of acknowledged) expect(texts).toContain((event.data as { text: string }).text);
    });
  }

  it('an append made the moment a write fails (while the log is cut back) still settles, and recording resumes after it', async () => {
    const { store } = await mustOpen({ dataDir: mountPoint, create: CREATE });
    await disk.fillLeaving(0);
    const retried = store.append({ kind: 'note', data: { text: 'x'.repeat(4000) } }).then(
      () => 'recorded',
      // Rejected before the cut-back: this append is queued while it runs.
      () => store.append({ kind: 'note', data: { text: 'right after' } }).then(() => 'recorded', () => 'failed'),
    );
    expect(['recorded', 'failed']).toContain(await retried);
    await disk.freeSpace();
    expect((await store.append({ kind: 'note', data: { text: 'space is back' } })).kind).toBe('note');
    await store.close();
  });

  for (const free of [0, 1024, 4096, 8192]) {
    it(`creating an incident with ${free} bytes left either works whole or leaves nothing behind (no 0-byte lock, no half-made incident)`, async () => {
      await mustOpen({ dataDir: mountPoint, create: CREATE }).then((o) => o.store.close());
      const before = await readdir(join(mountPoint, 'incidents'));
      await disk.fillLeaving(free);
      const created = await openIncident({ dataDir: mountPoint, responder: 'alice', create: { ...CREATE, service: 'search-api' } }).catch((error: NodeJS.ErrnoException) => error);
      const after = await readdir(join(mountPoint, 'incidents'));
      if (created instanceof Error) {
        expect(created.message).toMatch(/ENOSPC|disk full/);
        expect(after).toEqual(before);
      } else {
        if (!created.ok) throw new Error(created.error.message);
        await created.value.store.close();
        const verified = await verifyIncident(mountPoint, created.value.store.incidentId);
        expect(verified.ok && isIntact(verified.value), JSON.stringify(verified)).toBe(true);
      }
      for (const id of after) expect((await readdir(join(mountPoint, 'incidents', id))).filter((f) => f.startsWith('lock'))).toEqual([]);
    });
  }
});
