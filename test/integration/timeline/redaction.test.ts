import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_VERSION, GENESIS_HASH, type StoredEvent } from '../../../src/core/events';
import { sealEvent } from '../../../src/core/hashChain';
import { REDACTED } from '../../../src/core/redact';
import { exportIncident } from '../../../src/timeline/exportIncident';
import { SECRET_PARTS, SECRET_SAMPLES } from '../../fixtures/timeline/secrets';
import { CREATE, logPath, mustOpen, tempDataDir } from './helpers';

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => cleanup());

const SAMPLES = Object.entries(SECRET_SAMPLES);

function expectClean(text: string): void {
  for (const part of SECRET_PARTS) expect(text).not.toContain(part);
}

describe('secrets never reach the disk', () => {
  it.each(SAMPLES)('a %s is redacted in events, action output and both exports', async (_kind, sample) => {
    const opened = await mustOpen({ dataDir, create: { ...CREATE, title: `incident ${sample}` }, secrets: [SECRET_SAMPLES.envValue] });
    const { store } = opened;
    await store.append({ kind: 'note', data: { text: `saw ${sample}` } });
    await store.append({ kind: 'action.planned', data: { action: 'a1', name: 'command.run', summary: 'probe', calls: [{ kind: 'argv', argv: ['curl', '-H', sample, 'https://x'] }] } });
    await store.append({ kind: 'action.started', data: { action: 'a1' } });
    await store.append({ kind: 'action.output', data: { action: 'a1', stream: 'stderr', chunk: `> ${sample}\n` } });
    await store.append({ kind: 'action.failed', data: { action: 'a1', error: { kind: 'failed', message: `rejected ${sample}` } } });
    await store.close();

    const log = await readFile(logPath(opened), 'utf8');
    expectClean(log);
    expect(log).toContain(REDACTED);
    expectClean(JSON.stringify(store.state()));
    for (const format of ['md', 'json'] as const) {
      const exported = await exportIncident({ dataDir, id: store.incidentId, format });
      if (!exported.ok) throw new Error(exported.error.message);
      expectClean(exported.value.text);
    }
  });

  it('an export redacts a log that was written without redaction (older cockpit, hand edits)', async () => {
    const id = 'inc-20261122-0231-raw';
    const dir = join(dataDir, 'incidents', id);
    await mkdir(dir, { recursive: true });
    let prev = GENESIS_HASH;
    const lines = [
      { kind: 'incident.opened', data: { ...CREATE, drill: undefined } },
      ...SAMPLES.map(([, sample]) => ({ kind: 'note', data: { text: sample } })),
    ].map((e, i) => {
      const { line, hash } = sealEvent({ v: EVENT_VERSION, seq: i + 1, id: `id${i}`, at: '2026-11-22T02:31:07.000Z', incident: id, kind: e.kind, actor: 'alice', drill: false, data: e.data, prev } as Omit<StoredEvent, 'hash'>);
      prev = hash;
      return `${line}\n`;
    });
    await writeFile(join(dir, 'events.jsonl'), lines.join(''));
    expect(lines.join('')).toContain(SECRET_SAMPLES.awsAccessKey);
    for (const format of ['md', 'json'] as const) {
      const exported = await exportIncident({ dataDir, id, format, secrets: [SECRET_SAMPLES.envValue] });
      if (!exported.ok) throw new Error(exported.error.message);
      expectClean(exported.value.text);
    }
  });
});
