import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../../src/core/exportJson';
import { responseMetrics } from '../../../src/core/metrics';
import { exportIncident } from '../../../src/timeline/exportIncident';
import { openIncident } from '../../../src/timeline/openIncident';
import { assertValidGantt } from '../../fixtures/timeline/gantt';
import { realisticEvents } from '../../fixtures/timeline/realisticIncident';
import { copyFixtureDataDir } from '../../fixtures/timeline/copyFixture';

/**
 * Golden tests on the realistic incident stored under test/fixtures/timeline/data (written by
 * the real store; see writeRealisticIncident.ts). UPDATE_GOLDEN=1 rewrites the goldens; review
 * the diff before committing it.
 */
const DATA_DIR = fileURLToPath(new URL('../../fixtures/timeline/data', import.meta.url));
const ID = 'inc-20261122-0231-checkout-api';
const golden = (name: string) => fileURLToPath(new URL(`../../fixtures/timeline/${name}`, import.meta.url));

async function exported(format: 'md' | 'json'): Promise<string> {
  const result = await exportIncident({ dataDir: DATA_DIR, id: ID, format });
  if (!result.ok) throw new Error(result.error.message);
  expect(result.value.problem).toBeUndefined();
  return result.value.text;
}

async function matchGolden(text: string, name: string): Promise<void> {
  if (process.env.UPDATE_GOLDEN) await writeFile(golden(name), text);
  expect(text).toBe(await readFile(golden(name), 'utf8'));
}

async function foldedFixture() {
  const opened = await openIncident({ dataDir: DATA_DIR, id: ID, readOnly: true, responder: 'test' });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value.store.state();
}

describe('export of a realistic incident', () => {
  it('Markdown postmortem matches the golden file', async () => {
    await matchGolden(await exported('md'), 'postmortem.golden.md');
  });

  it('the postmortem has every section, the metrics of the fold, and a valid Mermaid gantt block', async () => {
    const md = await exported('md');
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Summary',
      'Impact',
      'Detection and response',
      'What changed before',
      'Response timeline',
      'Communications',
      'Roles',
      'Actions',
      'Timeline chart',
      'Contributing factors',
      'Action items',
      'Lessons learned',
      'Timeline anchor',
    ]);
    const metrics = responseMetrics(await foldedFixture());
    // No window but the short one in this older log: before the first sample, what that 5m window held (16x for 5m).
    const before = (16 * 5 * 60_000) / (30 * 86_400_000);
    expect(md).toContain(`| availability | 99.5% | 30d | ${(((metrics.errorBudget[0]?.consumed ?? NaN) + before) * 100).toFixed(2)}% | ${(before * 100).toFixed(2)}% |`);
    const block = /```mermaid\n[\s\S]*?\n```/.exec(md)?.[0] as string;
    assertValidGantt(block);
    const tableRows = md.split('## Response timeline\n')[1]?.split('\n## ')[0]?.split('\n').filter((l) => /^\| \d{4}-/.test(l)) ?? [];
    const listed = realisticEvents.filter((e) => e.kind !== 'action.output' && e.kind !== 'slo.observed').length + 1;
    expect(tableRows).toHaveLength(listed);
    const changes = md.split('## What changed before\n')[1]?.split('\n## ')[0] ?? '';
    expect(changes).toContain('deploy checkout-api:42');
    expect(changes).toContain('flag checkout_v2 → on');
    // :41 was deployed two hours before :42, the last deploy: not listed.
    expect(changes).not.toContain('checkout-api:41');
  });

  it('JSON export matches the golden file and re-imports to the same state', async () => {
    const json = await exported('json');
    await matchGolden(json, 'export.golden.json');
    const doc = JSON.parse(json);
    expect(doc.format).toBe('incident-cockpit/v1');
    expect(Object.keys(doc)).toEqual(['format', 'events', 'incident', 'anchor', 'metrics', 'impact', 'openEnds']);
    const state = await foldedFixture();
    expect(doc.metrics).toEqual(JSON.parse(JSON.stringify(responseMetrics(state))));
    expect(importExport(json)).toMatchObject({ ok: true, state });
  });
});

describe('a postmortem of an action whose output stops mid-escape-sequence', () => {
  it('keeps every section after that output (the sequence is cut at its line), without the sequence', async () => {
    const fixture = await copyFixtureDataDir();
    try {
      const opened = await openIncident({ dataDir: fixture.dataDir, id: ID, responder: 'test' });
      if (!opened.ok) throw new Error(opened.error.message);
      // A command that sets the terminal's title, its output cut before the terminator.
      await opened.value.store.append({ kind: 'action.output', data: { action: 'act-1', stream: 'stdout', chunk: 'progress \x1b]0;rolling back checkout-api\n' } });
      await opened.value.store.close();
      const result = await exportIncident({ dataDir: fixture.dataDir, id: ID, format: 'md' });
      if (!result.ok) throw new Error(result.error.message);
      const md = result.value.text;
      const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      expect(headings.slice(-6)).toEqual(['Actions', 'Timeline chart', 'Contributing factors', 'Action items', 'Lessons learned', 'Timeline anchor']);
      expect(md).toContain('progress \n');
      expect(md).not.toContain('rolling back checkout-api');
      expect(md).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    } finally {
      await fixture.cleanup();
    }
  });
});
