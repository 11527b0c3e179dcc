import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computeLayout, fitRows, share, SIDE_BY_SIDE_MIN_COLUMNS } from '../../src/ui/layout';
import { fitColumns, tableWidth } from '../../src/ui/tableFit';
import { FakeController } from './fakeController';
import { incidentView, RECOMMENDATION } from './fixtures';
import { renderCockpit } from './harness';

const areas = (layout: ReturnType<typeof computeLayout>) => [layout.topBar, layout.running, layout.steps, layout.timeline, layout.status, layout.footer];

describe('computeLayout', () => {
  test.each([
    [80, 24, 'column'],
    [119, 40, 'column'],
    [120, 40, 'row'],
    [200, 50, 'row'],
  ] as const)('%ix%i puts the panels in a %s', (columns, rows, panels) => {
    const layout = computeLayout({ columns, rows }, { running: 1 });
    expect(layout.panels).toBe(panels);
    const panelHeights = [layout.deploys, layout.flags, layout.slo].map((rect) => rect.height);
    const panelsHeight = panels === 'row' ? Math.max(...panelHeights) : panelHeights.reduce((a, b) => a + b, 0);
    const total = areas(layout).reduce((sum, rect) => sum + rect.height, 0) + panelsHeight;
    expect(total).toBe(rows - 1);
    if (panels === 'row') expect(layout.deploys.width + layout.flags.width + layout.slo.width).toBe(columns);
    for (const rect of [...areas(layout), layout.deploys, layout.flags, layout.slo, layout.dialog]) expect(rect.width).toBeLessThanOrEqual(columns);
  });

  test('a runbook without flags gives the flags panel\'s width to the deploys and the SLO (200 columns cut artifacts beside an empty panel)', () => {
    const usual = computeLayout({ columns: 200, rows: 50 }, { running: 0 });
    const absent = computeLayout({ columns: 200, rows: 50 }, { running: 0, absent: { flags: true } });
    expect(absent.flags.width).toBe(34);
    expect(absent.deploys.width - usual.deploys.width).toBe(6);
    expect(absent.slo.width - usual.slo.width).toBe(6);
    expect(absent.deploys.width + absent.flags.width + absent.slo.width).toBe(200);
    // Stacked (80x24), its title says all: one line, given to the others.
    expect(computeLayout({ columns: 80, rows: 24 }, { running: 0, absent: { flags: true } }).flags.height).toBe(1);
  });

  test("a watch of a drill (every panel in the drill's cockpit) gives the panels' lines to the runbook and the timeline", () => {
    const absent = { deploys: true, flags: true, slo: true };
    const stacked = computeLayout({ columns: 80, rows: 24 }, { running: 0, absent });
    expect([stacked.deploys.height, stacked.flags.height, stacked.slo.height]).toEqual([2, 1, 2]);
    const usual = computeLayout({ columns: 80, rows: 24 }, { running: 0 });
    expect(stacked.steps.height + stacked.timeline.height).toBe(usual.steps.height + usual.timeline.height + usual.deploys.height + usual.flags.height + usual.slo.height - 5);
    const row = computeLayout({ columns: 160, rows: 48 }, { running: 0, absent });
    expect(row.panels).toBe('row');
    expect(row.deploys.height).toBe(2);
  });

  test('never taller than the terminal, whatever the size and content', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 400 }), fc.integer({ min: 10, max: 200 }), fc.nat(5), fc.nat(60), (columns, rows, running, wanted) => {
        const layout = computeLayout({ columns, rows }, { running, wanted: { deploys: wanted, flags: wanted, slo: wanted, steps: wanted } });
        const panels = layout.panels === 'row' ? layout.deploys.height : layout.deploys.height + layout.flags.height + layout.slo.height;
        expect(areas(layout).reduce((sum, rect) => sum + rect.height, 0) + panels).toBeLessThanOrEqual(layout.height);
        expect(layout.dialog.height + layout.topBar.height + layout.status.height + layout.footer.height).toBeLessThanOrEqual(layout.height);
        expect(layout.panels === 'row').toBe(columns >= SIDE_BY_SIDE_MIN_COLUMNS);
      }),
    );
  });

  test('short content leaves its spare lines to the timeline', () => {
    const roomy = computeLayout({ columns: 200, rows: 50 }, { running: 0, wanted: { deploys: 6, flags: 3, slo: 5, steps: 8 } });
    expect(roomy.deploys.height).toBe(6);
    expect(roomy.steps.height).toBe(8);
    expect(roomy.timeline.height).toBe(49 - 2 - 1 - 1 - 6 - 8);
  });

  // A responder at 120x40 (the panels stacked): seven timeline lines and five blank under them, while the SLO panel
  // read "… 2 more lines (a taller terminal shows them)".
  test('a short timeline is filled like the other areas: no area is cut for its blank lines', () => {
    const wanted = { deploys: 7, flags: 2, slo: 12, steps: 8, timeline: 4 };
    const stacked = computeLayout({ columns: 119, rows: 40 }, { running: 0, wanted, preferred: { deploys: 7, steps: 8 } });
    expect(stacked.panels).toBe('column');
    expect([stacked.deploys.height, stacked.flags.height, stacked.slo.height, stacked.steps.height]).toEqual([7, 2, 12, 8]);
    // What no area can use is the timeline's, for the events to come.
    expect(stacked.timeline.height).toBe(39 - 2 - 1 - 1 - (7 + 2 + 12 + 8));
  });
});

describe('share', () => {
  test('raises areas to what they prefer, in order, before sharing by weight', () => {
    expect(share(12, [{ min: 2, weight: 3, prefer: 5 }, { min: 2, weight: 1, prefer: 6 }, { min: 2, weight: 3 }])).toEqual([5, 5, 2]);
    expect(share(20, [{ min: 2, weight: 1, prefer: 5, max: 4 }, { min: 2, weight: 1 }])).toEqual([4, 16]);
  });

  test('gives minimums, then spare by weight up to each maximum', () => {
    expect(share(10, [{ min: 2, weight: 1 }, { min: 2, weight: 1 }])).toEqual([5, 5]);
    expect(share(10, [{ min: 2, weight: 1, max: 3 }, { min: 2, weight: 1 }])).toEqual([3, 7]);
    expect(share(3, [{ min: 2, weight: 1 }, { min: 2, weight: 1 }])).toEqual([2, 1]);
  });

  test('never hands out more than it has', () => {
    const area = fc.record({ min: fc.nat(10), weight: fc.integer({ min: 1, max: 5 }), max: fc.option(fc.nat(30), { nil: undefined }) });
    fc.assert(
      fc.property(fc.nat(100), fc.array(area, { minLength: 1, maxLength: 6 }), (total, list) => {
        const sizes = share(total, list);
        expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total);
        const minimum = list.reduce((sum, a) => sum + a.min, 0);
        if (minimum <= total) list.forEach((a, i) => expect(sizes[i]).toBeGreaterThanOrEqual(a.min));
      }),
    );
  });
});

describe('fitRows', () => {
  test('keeps at least one row visible before saying how many more', () => {
    expect(fitRows(3, 5)).toEqual({ shown: 3, more: false });
    expect(fitRows(10, 4)).toEqual({ shown: 3, more: true });
    expect(fitRows(10, 1)).toEqual({ shown: 1, more: false });
    expect(fitRows(10, 0)).toEqual({ shown: 0, more: false });
  });
});

describe('fitColumns', () => {
  const specs = [
    { key: 'mark', max: 9 },
    { key: 'artifact', max: 40, min: 10 },
    { key: 'actor', max: 12, dropOrder: 1 },
    { key: 'migration', max: 11, dropOrder: 2 },
  ];
  const rows = [{ mark: '● current', artifact: 'checkout-api:2026.11.22-1', actor: 'ci-bot', migration: 'expand_only' }];

  test('keeps natural widths when they fit', () => {
    expect(fitColumns(specs, rows, 200)).toEqual([
      { key: 'mark', width: 9 },
      { key: 'artifact', width: 25 },
      { key: 'actor', width: 6 },
      { key: 'migration', width: 11 },
    ]);
  });

  test('shrinks the flexible column first, then drops the least important', () => {
    expect(fitColumns(specs, rows, 60).map((c) => c.key)).toEqual(['mark', 'artifact', 'actor', 'migration']);
    expect(fitColumns(specs, rows, 45).map((c) => c.key)).toEqual(['mark', 'artifact', 'migration']);
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 120 }), (width) => {
        expect(tableWidth(fitColumns(specs, rows, width))).toBeLessThanOrEqual(width);
      }),
    );
  });
});

// A re-test: the SLO panel asked for two evidence lines and drew up to six; stacked, it never got more than it asked
// for, and "… 2 more lines (a taller terminal shows them)" stood at 120x60 above 24 blank lines.
describe('the SLO evidence on a tall stacked screen', () => {
  test('every line is shown when there is room, and no taller terminal is promised', async () => {
    const evidence = [...RECOMMENDATION.evidence, 'the burn was first sampled at 1x or more 3m ago', 'no trigger has fired yet'];
    const r = renderCockpit(new FakeController(incidentView({ recommendations: [{ ...RECOMMENDATION, evidence }] })), { columns: 100, rows: 60 });
    const frame = await r.waitForFrame('TIMELINE');
    for (const line of evidence) expect(frame).toContain(line);
    expect(frame).not.toContain('a taller terminal shows');
  });
});
