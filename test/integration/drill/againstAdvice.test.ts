import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDrillReport } from '../../../src/core/drillReportText';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * bad-deploy, the kill switch first over the dialog's `⚠ Not the recommended change` (a responder's
 * play-test): the drill report read 100/100 with no word of it, and the postmortem `Safety: ok`.
 */
describe('a change confirmed though its dialog said it was not the recommended one', () => {
  let h: DrillHarness;
  let warned: string | undefined;

  beforeAll(async () => {
    h = await openDrill('bad-deploy');
    await h.pass(60_000);
    warned = (await confirmed(h, { type: 'step.run', step: 'disable-flag' })).recommendedInstead;
    await confirmed(h, { type: 'step.run', step: 'rollback' });
  }, 120_000);
  afterAll(() => h.cleanup());

  it('is recorded with its confirmation, in the dialog\'s words', async () => {
    expect(warned).toMatch(/\S/);
    const confirmations = (await h.events()).filter((e) => e.kind === 'action.confirmed').map((e) => e.data as { action: string; notRecommended?: string });
    expect(confirmations).toEqual([
      { action: 'act-1', typed: false, notRecommended: warned },
      { action: 'act-2', typed: false },
    ]);
  });

  it('is said in the drill report and the postmortem, not scored', async () => {
    const report = await h.drill.score();
    expect(formatDrillReport(report, 200)).toContain(`Made though not the recommended change: flags.set (act-1): ${warned}`);
    const { md } = await exportsOf(h);
    expect(section(md, 'Actions')).toContain(`- **Confirmed though not the recommended change**: ${warned}`);
  });
});
