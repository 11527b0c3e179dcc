import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../src/core/events';
import { sealEvent } from '../../../src/core/hashChain';
import { openIncident } from '../../../src/timeline/openIncident';
import { isIntact, verifyIncident } from '../../../src/timeline/verifyIncident';
import { CREATE, logPath, mustOpen, readLogLines, tempDataDir, writeLogLines } from './helpers';

let dataDir: string;
let cleanup: () => Promise<void>;
let id: string;
let path: string;
let original: string[];

beforeEach(async () => {
  ({ dataDir, cleanup } = await tempDataDir());
  const opened = await mustOpen({ dataDir, create: CREATE });
  for (let i = 1; i <= 6; i += 1) await opened.store.append({ kind: 'note', data: { text: `note ${i}` } });
  await opened.store.close();
  id = opened.store.incidentId;
  path = logPath(opened);
  original = await readLogLines(path);
});
afterEach(async () => cleanup());

async function problem() {
  const result = await verifyIncident(dataDir, id);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.problem;
}

describe('verify catches tampering', () => {
  it('passes an untouched log', async () => {
    expect(await problem()).toBeUndefined();
  });

  it('one edited byte: names the edited seq', async () => {
    const lines = [...original];
    lines[3] = (lines[3] as string).replace('note 3', 'note 8');
    await writeLogLines(path, lines);
    expect(await problem()).toMatchObject({ seq: 4, reason: 'hash does not match the line (content was changed)', atTail: false });
  });

  it('one edited byte in the actor (outside data) is caught as well', async () => {
    const lines = [...original];
    lines[2] = (lines[2] as string).replace('"actor":"alice"', '"actor":"alicf"');
    await writeLogLines(path, lines);
    expect(await problem()).toMatchObject({ seq: 3 });
  });

  it('a deleted line: names the missing seq', async () => {
    await writeLogLines(path, original.filter((_, i) => i !== 4));
    expect(await problem()).toMatchObject({ seq: 5, reason: 'found seq 6 where seq 5 belongs (a line is missing before it, or lines are out of order)' });
  });

  it('two swapped lines: names the first seq out of place', async () => {
    const lines = [...original];
    [lines[2], lines[5]] = [lines[5] as string, lines[2] as string];
    await writeLogLines(path, lines);
    expect(await problem()).toMatchObject({ seq: 3, reason: 'found seq 6 where seq 3 belongs (a line is missing before it, or lines are out of order)' });
  });

  it('a deleted LAST line: the chain alone cannot tell, its anchor can; writing is refused so the evidence stays', async () => {
    await writeLogLines(path, original.slice(0, -1));
    const result = await verifyIncident(dataDir, id);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.problem).toBeUndefined();
    expect(result.value.anchor?.check).toEqual({ status: 'log-short', missing: 1 });
    expect(isIntact(result.value)).toBe(false);
    const resumed = await openIncident({ dataDir, id, responder: 'alice' });
    expect(resumed.ok).toBe(false);
    if (!resumed.ok) expect(resumed.error.message).toContain('1 event(s) shorter than the anchor');
    expect(await readLogLines(path)).toEqual(original.slice(0, -1));
  });

  it('an edited LAST line that the anchor counted is set aside as damage (not a torn write), noted, and reported by verify', async () => {
    const lines = [...original];
    lines[lines.length - 1] = (lines.at(-1) as string).replace('note 6', 'note 9');
    await writeLogLines(path, lines);
    const resumed = await mustOpen({ dataDir, id });
    expect(resumed.recovery.quarantined?.reason).toContain('an acknowledged event (seq 7) failed verification');
    await resumed.store.close();
    const result = await verifyIncident(dataDir, id);
    if (!result.ok) throw new Error(result.error.message);
    expect(isIntact(result.value)).toBe(true);
    expect(result.value.repairNotes.map((n) => n.text).join()).toContain('an acknowledged event (seq 7)');
  });

  it('an event appended after the anchor (a stop before the anchor was written, or a forged line that verifies) is taken in with a note naming it, and verify names it after', async () => {
    const lines = [...original];
    const { hash: prev, ...last } = JSON.parse(lines.at(-1)!) as StoredEvent;
    lines.push(sealEvent({ ...last, seq: last.seq + 1, prev, data: { text: 'the rollback was approved by the VP' } }).line);
    await writeLogLines(path, lines);
    const before = await verifyIncident(dataDir, id);
    if (!before.ok) throw new Error(before.error.message);
    expect(before.value.anchor?.check).toEqual({ status: 'log-ahead', newer: 1 });
    const resumed = await mustOpen({ dataDir, id });
    expect(resumed.recovery.unanchored).toEqual({ from: 8, to: 8 });
    await resumed.store.close();
    const after = await verifyIncident(dataDir, id);
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.anchor?.check).toEqual({ status: 'match' });
    expect(after.value.repairNotes).toEqual([{ seq: 9, text: expect.stringMatching(/^Took in 1 event\(s\) \(seq 8\) written after incident\.json last anchored the log at seq 7: /) }]);
  });

  it('a log with its anchor removed (and lines cut from its end) is taken in with a note saying it had none', async () => {
    await writeLogLines(path, original.slice(0, -2));
    const indexFile = join(dirname(path), 'incident.json');
    const { anchor: _removed, ...index } = JSON.parse(await readFile(indexFile, 'utf8')) as Record<string, unknown>;
    await writeFile(indexFile, JSON.stringify(index));
    const resumed = await mustOpen({ dataDir, id });
    expect(resumed.recovery.unanchored).toEqual({ from: 1, to: 5 });
    await resumed.store.close();
    const after = await verifyIncident(dataDir, id);
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.repairNotes).toEqual([{ seq: 6, text: expect.stringMatching(/^Took in the log's 5 event\(s\) with no anchor in incident\.json \(removed, or written before anchors\): events cut from its end would not show\./) }]);
  });
});
