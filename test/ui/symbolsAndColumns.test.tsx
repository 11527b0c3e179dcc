import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deployColumns, deploysTableMinWidth } from '../../src/ui/DeploysPanel';
import { computeLayout } from '../../src/ui/layout';
import { LEGEND } from '../../src/ui/symbols';
import { FakeController } from './fakeController';
import { DEPLOYS, incidentView, sprawling } from './fixtures';
import { renderCockpit } from './harness';

const UI = path.join(import.meta.dirname, '../../src/ui');

/** Characters that are punctuation, arrows in key names, table rules or drawing, not symbols with a meaning. */
const NOT_SYMBOLS = new Set([...'·…—→←↑↓│─├┼▌⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏▁▂▃▄▅▆▇█░’']);

describe('symbols', () => {
  test('every symbol a component draws is in the legend, and the legend names each once', () => {
    const legend = new Set(LEGEND.flatMap(([symbol]) => [...symbol]));
    expect(new Set(LEGEND.map(([symbol]) => symbol)).size).toBe(LEGEND.length);
    const drawn = new Map<string, string>();
    for (const file of readdirSync(UI).filter((name) => /\.tsx?$/.test(name) && name !== 'symbols.ts')) {
      const source = readFileSync(path.join(UI, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const char of source) if (char.codePointAt(0)! > 0x7f && !NOT_SYMBOLS.has(char)) drawn.set(char, file);
    }
    for (const [char, file] of drawn) expect(legend.has(char), `${char} in ${file} is not in the legend`).toBe(true);
  });

  test('the help legend explains every symbol, +N after an image included', async () => {
    const { text } = await symbolsPage({ columns: 120, rows: 40 });
    for (const [symbol, meaning] of LEGEND) expect(text).toContain(`${symbol} ${meaning.split(' ')[0]}`);
    expect(text).toContain('+N N more images');
  });
});

describe('the symbols page at 80x24', () => {
  // It was one paragraph that ended mid-sentence (`(once that build is shown`), with no way to scroll.
  test('scrolls, and every symbol can be reached', async () => {
    const { first, last, text } = await symbolsPage({ columns: 80, rows: 24 });
    expect(first).toMatch(/lines 1-\d+ of \d+ · ↓ more below/);
    expect(last).not.toContain('more below');
    for (const [symbol, meaning] of LEGEND) expect(text).toContain(`${symbol} ${meaning.split(' ')[0]}`);
  });
});

/** The symbols page of help, paged down to its end: its first and last frames, and all it said. */
async function symbolsPage(size: { columns: number; rows: number }): Promise<{ first: string; last: string; text: string }> {
  const r = renderCockpit(new FakeController(incidentView()), size);
  await r.waitForFrame('TIMELINE');
  r.press('?');
  await r.waitForFrame('KEYS');
  r.press('tab');
  const first = await r.waitForFrame('SYMBOLS');
  let last = first;
  let seen = first;
  for (let i = 0; i < 40 && last.includes('more below'); i += 1) {
    const before = last;
    r.press('pageDown');
    last = await r.waitForFrame((screen) => screen !== before && screen.includes('SYMBOLS'));
    seen += last;
  }
  r.unmount();
  return { first, last, text: seen.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ') };
}

describe('table columns', () => {
  test('a wider terminal never shows fewer deploy columns than a narrower one', () => {
    const columnsAt = (rows: typeof DEPLOYS, width: number) => {
      const layout = computeLayout({ columns: width, rows: 40 }, { running: 0, deploysMinWidth: deploysTableMinWidth(rows) });
      // The panel's body is one column narrower (the gap to the next panel).
      return deployColumns(rows, layout.deploys.width - 1).length;
    };
    const sets = [DEPLOYS, sprawling().deploys.data!];
    fc.assert(
      fc.property(fc.integer({ min: 40, max: 300 }), fc.integer({ min: 0, max: 100 }), fc.constantFrom(...sets), (narrow, extra, rows) => {
        expect(columnsAt(rows, narrow + extra)).toBeGreaterThanOrEqual(columnsAt(rows, narrow));
      }),
    );
    // The sizes of the render tests, as a table.
    expect([80, 120, 160, 200].map((width) => columnsAt(DEPLOYS, width))).toEqual([7, 7, 7, 7]);
  });
});

describe('a runbook step, whole', () => {
  // search-api at 80x24: "hint: A cold or rebuilding index is slow on every version; rolling back …"
  // hid "will not help then", the condition the step is for, and nothing read it whole.
  test('where the hint is cut, the panel says h reads it; h opens the selected step whole; Esc closes', async () => {
    const hint = 'A cold or rebuilding index is slow on every version; rolling back will not help then. Check the index build status before anything else.';
    const base = incidentView();
    const steps = base.steps.map((step, i) => (i === base.nextStep ? { ...step, hint } : step));
    const r = renderCockpit(new FakeController({ ...base, steps }), { columns: 80, rows: 18 });
    const panel = await r.waitForFrame('RUNBOOK');
    expect(panel).not.toContain('will not help then');
    expect(panel).toMatch(/hint: A cold or rebuilding index .* … h more/);
    r.press('h');
    const frame = await r.waitForFrame('RUNBOOK STEP');
    expect(frame.replace(/[│\s]+/g, ' ')).toContain(`hint: ${hint}`);
    r.press('escape');
    await r.waitForFrame((f) => f.includes('RUNBOOK') && !f.includes('RUNBOOK STEP'));
  });
});

describe('a timeline entry, whole', () => {
  test('t opens the newest entry whole; ← steps to older ones; Esc closes', async () => {
    const long = (seq: number) => `note ${seq}: ${'the card processor timed out for EU customers and '.repeat(4)}end of note ${seq}`;
    const base = incidentView();
    const timeline = {
      length: 3,
      entries: (start: number, end: number) =>
        [0, 1, 2].slice(start, end).map((seq) => ({ seq, at: `2026-11-22T14:2${seq}:00.000Z`, actor: 'alice', kind: 'note', text: long(seq) })),
    };
    const r = renderCockpit(new FakeController({ ...base, timeline }), { columns: 80, rows: 24 });
    expect(await r.waitForFrame('TIMELINE')).not.toContain('end of note 2');
    r.press('t');
    const frame = await r.waitForFrame('TIMELINE ENTRY 3 of 3');
    expect(frame.replace(/[│\s]+/g, ' ')).toContain(long(2));
    r.press('left');
    expect((await r.waitForFrame('TIMELINE ENTRY 2 of 3')).replace(/[│\s]+/g, ' ')).toContain(long(1));
    r.press('escape');
    await r.waitForFrame((f) => f.includes('TIMELINE') && !f.includes('TIMELINE ENTRY'));
  });

  test('the reader counts what the panel counts, and follows the timeline as it grows', async () => {
    const base = incidentView();
    // Four lines of six events: a run of SLO samples is one line.
    const timeline = (lines: number, events: number) => ({
      length: lines,
      events,
      entries: (start: number, end: number) =>
        Array.from({ length: lines }, (_, seq) => ({ seq, at: `2026-11-22T14:2${seq}:00.000Z`, actor: 'alice', kind: 'note', text: `entry ${seq}` })).slice(start, end),
    });
    const controller = new FakeController({ ...base, timeline: timeline(4, 6) });
    const r = renderCockpit(controller, { columns: 120, rows: 30 });
    await r.waitForFrame('6 events');
    r.press('t');
    await r.waitForFrame('TIMELINE ENTRY 4 of 4 (6 events: a run of SLO samples is one entry)');
    controller.push({ ...base, timeline: timeline(5, 7) });
    await r.waitForFrame('TIMELINE ENTRY 4 of 5 (7 events: a run of SLO samples is one entry)');
  });
});
