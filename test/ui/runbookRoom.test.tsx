import { describe, expect, test } from 'vitest';
import { FakeController } from './fakeController';
import { incidentView, RECOMMENDATION, STEPS } from './fixtures';
import { renderCockpit } from './harness';

/**
 * Stacked panels (under 120 columns) share few lines: the runbook's steps, one line each, come
 * before deploys older than the rollback target and before more than the newest timeline lines.
 * At 100x30 the runbook showed its selected step alone (`… 1. 2. 4. 5. not shown`) beside four
 * deploy rows and three timeline entries.
 */
describe('a stacked screen of 100x30', () => {
  test('shows every runbook step, and the deploys table keeps its heading, the current revision and the target', async () => {
    const r = renderCockpit(new FakeController(incidentView()), { columns: 100, rows: 30 });
    const frame = await r.waitForFrame('RUNBOOK');
    for (const step of STEPS) expect(frame).toContain(step.title);
    // The runbook's own marker (`… 1. 2. 4. 5. not shown`); the SLO panel's title may say how many of its lines are not.
    expect(frame).not.toMatch(/… (\d+\. )+not shown/);
    expect(frame).toMatch(/SLO BURN .* · \d+ lines not shown\n/);
    expect(frame).toMatch(/│ rev │/);
    expect(frame).toMatch(/current.*:42/);
    expect(frame).toMatch(/target.*:41/);
    r.unmount();
  });

  test('a recovering SLO keeps its state and windows beside the whole runbook (a kill switch that worked left the recommendation alone)', async () => {
    const base = incidentView();
    // One SLO, as in the checkout drill: recovering, its trigger cleared.
    const recovering = [{ ...base.slos.data![0]!, status: 'recovering' as const, firedTriggers: [] }];
    const view = { ...base, slos: { ...base.slos, data: recovering }, recommendations: [{ kind: 'waiting-for-recovery' as const, slo: 'availability', text: 'checkout.new-pricing set to off 12m ago: the burn has stopped (5m 0.1x) · m mitigated; the 1h window still holds the outage (14.5x)', evidence: [], asks: 'mitigated' as const }] };
    const r = renderCockpit(new FakeController(view), { columns: 100, rows: 30 });
    const frame = await r.waitForFrame('RUNBOOK');
    expect(frame).toMatch(/↘ recovering availability/);
    expect(frame).toMatch(/5m 16\.2x +30m 15\.0x/);
    for (const step of STEPS) expect(frame).toContain(step.title);
    // The key the advice names is in the footer (it was not, at this width).
    expect(frame.split('\n').at(-1)).toContain('m mitigated');
    expect(frame.split('\n').at(-1)).not.toContain('U undo');
    // And `U` while the advice asks for an undo (`· U on step 3` stood above a footer without it).
    const undo = { ...view, recommendations: [{ ...view.recommendations[0]!, text: `${view.recommendations[0]!.text} · the rollback to :41 was likely needless: undo it`, undoStep: 3 }] };
    const u = renderCockpit(new FakeController(undo), { columns: 100, rows: 30 });
    const footer = (await u.waitForFrame('RUNBOOK')).split('\n').at(-1)!;
    expect(footer).toContain('U undo');
    expect(footer).toContain('m mitigated');
    u.unmount();
    r.unmount();
  });

  test('a roomy stacked screen gives the runbook the lines its steps take, not two blank ones more', async () => {
    const r = renderCockpit(new FakeController(incidentView()), { columns: 119, rows: 40 });
    const rows = (await r.waitForFrame('TIMELINE')).split('\n');
    const timeline = rows.findIndex((line) => line.startsWith('TIMELINE'));
    expect(rows[timeline - 1]).toContain(STEPS.at(-1)!.title);
    r.unmount();
  });
});

describe('a stacked screen of 119x40', () => {
  test("shows the recommendation's whole evidence before older deploys and older events", async () => {
    // The checkout drill at 120x40 (stacked) read `… 2 more lines (a taller terminal shows them)` under
    // the recommendation, beside two deploys older than the target and six timeline events.
    const r = renderCockpit(new FakeController(incidentView()), { columns: 119, rows: 40 });
    const frame = await r.waitForFrame('RUNBOOK');
    for (const line of RECOMMENDATION.evidence) expect(frame).toContain(line);
    expect(frame).not.toContain('a taller terminal shows them');
    // And no blank line under it: the windows and the sparkline share a line here, counted as one.
    const rows = frame.split('\n');
    expect(rows[rows.findIndex((row) => row.startsWith('RUNBOOK')) - 1]).toContain(RECOMMENDATION.evidence.at(-1));
    for (const step of STEPS) expect(frame).toContain(step.title);
    expect(frame).toMatch(/target.*:41/);
    r.unmount();
  });
});
