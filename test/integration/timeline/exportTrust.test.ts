import { appendFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCleaner } from '../../../src/core/displayText';
import { EVENT_VERSION, type NewEvent, type StoredEvent } from '../../../src/core/events';
import { importExport } from '../../../src/core/exportJson';
import { sealEvent } from '../../../src/core/hashChain';
import { createRedactor, REDACTED } from '../../../src/core/redact';
import { REDACTION_RULES } from '../../../src/core/redactionRules';
import { createSecretMatcher } from '../../../src/core/secretMatcher';
import { exportIncident } from '../../../src/timeline/exportIncident';
import { OPENED_AT, realisticCreate, realisticEvents } from '../../fixtures/timeline/realisticIncident';
import { SECRET_PARTS, SECRET_SAMPLES } from '../../fixtures/timeline/secrets';
import { CREATE, logPath, mustOpen, readLogLines, tempDataDir } from './helpers';

/**
 * Exports trust the redaction their log's writer did under the same rules (each event carries the
 * fingerprint of the rules it was redacted under), and scan only what that trust does not cover:
 * events written under other rules or none, and the secret values given to the export.
 */

let dataDir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dataDir, cleanup } = await tempDataDir()));
afterEach(async () => cleanup());

const FORMATS = ['md', 'json'] as const;

async function exported(id: string, format: 'md' | 'json', secrets: readonly string[] = []): Promise<string> {
  const result = await exportIncident({ dataDir, id, format, secrets });
  if (!result.ok) throw new Error(result.error.message);
  expect(result.value.problem).toBeUndefined();
  return result.value.text;
}

/** The event lines of a JSON export, as written: one a line between `"events": [` and `],`. */
function exportedLines(json: string): string[] {
  const lines = json.split('\n');
  const from = lines.indexOf('  "events": [');
  const to = lines.indexOf('  ],', from);
  return lines.slice(from + 1, to).map((line) => line.replace(/^ {4}/, '').replace(/,$/, ''));
}

/** Writes events after the log's end as another cockpit would have: chained, redacted or not, stamped with `rules` or not. */
async function appendRaw(path: string, events: readonly { kind: string; data: unknown }[], rules?: string): Promise<void> {
  const lines = await readLogLines(path);
  const last = JSON.parse(lines.at(-1) as string) as StoredEvent;
  let prev = last.hash;
  const out = events.map((event, i) => {
    const sealed = sealEvent({
      v: EVENT_VERSION,
      seq: last.seq + i + 1,
      id: `raw-${i}`,
      at: '2026-11-22T02:40:00.000Z',
      incident: last.incident,
      kind: event.kind,
      actor: 'bob',
      drill: false,
      ...(rules === undefined ? {} : { redaction: rules }),
      data: event.data,
      prev,
    } as Omit<StoredEvent, 'hash'>);
    prev = sealed.hash;
    return `${sealed.line}\n`;
  });
  await appendFile(path, out.join(''));
}

function expectClean(text: string): void {
  for (const part of SECRET_PARTS) expect(text).not.toContain(part);
}

describe('exports trust the rules their log was redacted under', () => {
  it('the writer stamps every event with the fingerprint of the rules it redacted it under', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    await opened.store.append({ kind: 'note', data: { text: 'checkout p95 back under 300 ms' } });
    await opened.store.close();
    const events = (await readLogLines(logPath(opened))).map((line) => JSON.parse(line) as StoredEvent);
    expect(events.map((e) => [e.kind, e.redaction])).toEqual([
      ['incident.opened', REDACTION_RULES],
      ['note', REDACTION_RULES],
    ]);
  });

  it('a log the current cockpit wrote exports exactly as the full scan exported it: every JSON event its line, the postmortem unchanged', async () => {
    const opened = await mustOpen({ dataDir, create: realisticCreate, now: () => new Date(OPENED_AT) });
    for (const event of realisticEvents) await opened.store.append(event);
    await opened.store.append({ kind: 'note', data: { text: 'paged \u001b[31mdb-oncall\u001b[0m, no answer yet' } });
    await opened.store.close();
    const lines = await readLogLines(logPath(opened));
    const matcher = createSecretMatcher([]);

    const json = await exported(opened.store.incidentId, 'json');
    expect(exportedLines(json)).toEqual(lines);
    // The stamp is part of each line's hash: an import re-seals it and the chain still verifies.
    expect(importExport(json)).toMatchObject({ ok: true, state: { lastSeq: lines.length } });
    // What the export wrote before it trusted the log: the line, or the event redacted again where the scan found something.
    const redact = createRedactor(matcher);
    expect(lines.map((line) => (matcher.find(line).length === 0 ? line : JSON.stringify(redact(JSON.parse(line)))))).toEqual(lines);

    const md = await exported(opened.store.incidentId, 'md');
    expect(md).toContain('paged db-oncall, no answer yet');
    expect(md).not.toContain('\u001b');
    expect(createCleaner(matcher)(md)).toBe(md);
  });

  it('events an older cockpit wrote (no stamp, or other rules) are scanned and redacted in both formats, in a log the current one began', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    await opened.store.append({ kind: 'note', data: { text: 'written by this cockpit' } });
    await opened.store.close();
    const path = logPath(opened);
    const samples = Object.values(SECRET_SAMPLES);
    await appendRaw(path, samples.map((sample) => ({ kind: 'note', data: { text: `leaked ${sample}` } })));
    await appendRaw(path, [{ kind: 'action.planned', data: { action: 'a1', name: 'command.run', summary: 'probe', calls: [{ kind: 'argv', argv: ['curl', '-H', SECRET_SAMPLES.bearer] }] } }], 'ffffffffffffffff');
    const log = (await readLogLines(path)).join('\n');
    expect(log).toContain(SECRET_SAMPLES.awsAccessKey);
    expect(log).toContain('eyJhbGciOiJIUzI1NiJ9');

    for (const format of FORMATS) {
      const text = await exported(opened.store.incidentId, format, [SECRET_SAMPLES.envValue]);
      expectClean(text);
      expect(text).toContain(REDACTED);
      expect(text).toContain('written by this cockpit');
    }
    // The trusted events are still exactly their lines; only the older cockpit's were rewritten.
    const json = exportedLines(await exported(opened.store.incidentId, 'json', [SECRET_SAMPLES.envValue]));
    const lines = await readLogLines(path);
    expect(json.slice(0, 2)).toEqual(lines.slice(0, 2));
    expect(json.slice(2).every((line, i) => line !== lines[i + 2])).toBe(true);
  });

  it('a runbook secret the writer did not know is redacted in both formats, also where JSON escapes it', async () => {
    const rotated = 'rotated-db-pass-7781';
    const quoted = 'pa"ss\\word-2026';
    const opened = await mustOpen({ dataDir, create: CREATE });
    const events: NewEvent[] = [
      { kind: 'note', data: { text: `db password is now ${rotated}` } },
      { kind: 'action.planned', data: { action: 'a1', name: 'command.run', summary: 'login', calls: [{ kind: 'argv', argv: ['login', '--with', quoted] }] } },
      { kind: 'comms.sent', data: { channel: '#incidents', message: `rotated to ${rotated}` } },
    ];
    for (const event of events) await opened.store.append(event);
    await opened.store.close();
    const log = (await readLogLines(logPath(opened))).join('\n');
    expect(log).toContain(rotated);
    expect(log).toContain(JSON.stringify(quoted).slice(1, -1));

    for (const format of FORMATS) {
      const text = await exported(opened.store.incidentId, format, [rotated, quoted]);
      expect(text).not.toContain(rotated);
      expect(text).not.toContain(quoted);
      expect(text).not.toContain(JSON.stringify(quoted).slice(1, -1));
      expect(text).toContain(REDACTED);
    }
  });

  it('an event stamped with the current rules is not scanned again: the stamp is the writer\'s word, kept honest by the chain', async () => {
    const opened = await mustOpen({ dataDir, create: CREATE });
    await opened.store.close();
    // Only a writer can stamp a line: stamping one by hand breaks its hash, and verify says so.
    const looksLikeKey = 'AKIAIOSFODNN7EXAMPLE';
    await appendRaw(logPath(opened), [{ kind: 'note', data: { text: `sample from the docs ${looksLikeKey}` } }], REDACTION_RULES);
    expect(await exported(opened.store.incidentId, 'json')).toContain(looksLikeKey);
  });
});
