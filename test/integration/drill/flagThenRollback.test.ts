import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDrillReport } from '../../../src/core/drillReportText';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * A responder's drill: the kill switch (adding 10% errors) turned first, the rollback of the bad
 * build (:42, 8%) 50s later, the burn going on after it until the kill switch was undone. The
 * resolve dialog, the drill report and the postmortem then said `checkout-api:42 is likely not the
 * cause (roll forward?)`, and the panel `↶ :42 likely not the cause`: the burn that went on was
 * the kill switch's, which says nothing either way of :42.
 */
const FILE = 'test/fixtures/scenarios/flag-then-rollback.yaml';

describe('a kill switch that made it worse, a rollback 50s after it, and the kill switch undone', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openDrill(FILE, { scenarioText: readFileSync(FILE, 'utf8') });
    await h.pass(90_000);
    await confirmed(h, { type: 'step.run', step: 'disable-flag' });
    await h.until((v) => v.running.length === 0, 60_000);
    await h.pass(50_000);
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => v.running.length === 0, 10 * 60_000);
    await h.pass(8 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.until((v) => v.running.length === 0, 10 * 60_000);
    await h.pass(12 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('never says the bad build is likely not the cause, nor to roll forward, once the undo stopped the burn', async () => {
    const view = h.drill.session.view();
    expect(view.slos.data?.[0]?.windows.find((w) => w.window === '5m')?.burnRate).toBeLessThan(1);
    const row = view.deploys.data?.find((d) => d.shortRevision === ':42' && d.knownBad !== undefined);
    expect(row?.burnOutlivedRollback).toBeUndefined();
    expect(row?.burnWentOnUnder).toBe("while act-1's change stood (act-3 undid it)");
    expect(view.incident.openEnds?.changes.join('\n') ?? '').not.toMatch(/likely not the cause|roll forward/);
    expect(formatDrillReport(await h.drill.score(), 160)).not.toMatch(/likely not the cause|roll forward/);
    const { md } = await exportsOf(h);
    expect(section(md, 'Actions')).toMatch(/— `deploys\.rollback` \(succeeded; the burn went on after it, while act-1's change stood \(act-3 undid it\)\)/);
    expect(md).not.toMatch(/likely not the cause|roll forward/);
  });
});
