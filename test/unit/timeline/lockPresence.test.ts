import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockPresence } from '../../../src/timeline/lockPresence';
import { incidentDir, LOCK_FILE } from '../../../src/timeline/paths';

const ID = 'inc-20261122-0230-checkout-api';
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cockpit-lock-presence-'));
  await mkdir(incidentDir(dataDir, ID), { recursive: true });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const lockWith = (text: string) => writeFile(join(incidentDir(dataDir, ID), LOCK_FILE), text);
const since = '2026-11-22T02:30:00.000Z';

describe("the local store's writer, as a watch reads it from the incident's lock", () => {
  it('is the responder a live process holds it for', async () => {
    await lockWith(JSON.stringify({ pid: process.pid, host: hostname(), since, responder: 'alice' }));
    expect(await lockPresence(dataDir).present(ID)).toEqual([{ responder: 'alice', since, readOnly: false, self: false }]);
  });

  it('is nobody once its process is gone, or there is no lock', async () => {
    await lockWith(JSON.stringify({ pid: spawnSync(process.execPath, ['-e', '0']).pid, host: hostname(), since, responder: 'alice' }));
    expect(await lockPresence(dataDir).present(ID)).toEqual([]);
    await rm(join(incidentDir(dataDir, ID), LOCK_FILE));
    expect(await lockPresence(dataDir).present(ID)).toEqual([]);
  });

  it('is not said at all from a lock that names nobody (an older cockpit) or cannot be read', async () => {
    const seen: unknown[] = [];
    const stop = new AbortController();
    await lockWith(JSON.stringify({ pid: process.pid, host: hostname(), since }));
    const watching = lockPresence(dataDir).attend({ incident: ID, responder: 'bob', readOnly: true }, stop.signal, (present) => seen.push(present));
    await lockWith('{"pid":');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stop.abort();
    await watching;
    expect(seen).toEqual([]);
  });

  it('is looked for by a watch only: a writer holds the lock itself', async () => {
    const seen: unknown[] = [];
    await lockPresence(dataDir).attend({ incident: ID, responder: 'alice', readOnly: false }, new AbortController().signal, (present) => seen.push(present));
    expect(seen).toEqual([]);
  });
});
