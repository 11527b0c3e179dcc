import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentExport } from '../../../src/core/exportJson';
import { twoChanges } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';
import { exportsOf, section } from '../../support/postmortemHarness';

/**
 * bad-flag, the kill switch, then the rollback 2 minutes later with the burn already falling (helper-124): the postmortem
 * said the two were "made together: the SLO cannot tell which" and "whether checkout-api:42 was a cause is not known",
 * beside the drill score's "Wrong action taken: deploys.rollback". The 5m window under 1x 3 minutes after the rollback
 * still held 2 minutes of before it: the errors had ended before it was made.
 */
describe('a rollback made while the burn fell after the kill switch', () => {
  let h: DrillHarness;
  let md: string;
  let json: IncidentExport;

  beforeAll(async () => {
    h = await openDrill('bad-flag');
    await twoChanges(h, 'disable-flag', 120_000, 'rollback', 10 * 60_000);
    ({ md, json } = await exportsOf(h));
  }, 120_000);
  afterAll(() => h.cleanup());

  it('credits the kill switch alone with the stop', () => {
    const mitigated = section(md, 'Summary').split('\n').find((l) => l.startsWith('| Mitigated'))!;
    expect(mitigated).toMatch(/the burn stopped at .*, after flags\.set \(act-1\)/);
    expect(mitigated).not.toContain('act-2');
    expect(section(md, 'Actions')).toMatch(/`deploys\.rollback` \(succeeded; made while the burn fell after act-1, the errors already over \(as the 5m window read after it\): not what stopped it\)/);
    expect(md).not.toContain('made together');
  });

  // helper-133: the deploys panel read `⊗ :42 bad — rolled back to …`, and the rollback's undo was blocked ("checkout-api:42
  // is known bad"), beside "not shown to be a cause".
  it('does not call the build it left bad, nor block its undo as going back to a known-bad build', async () => {
    const view = h.drill.session.view();
    expect(view.deploys.data?.find((row) => row.revision === 'checkout-api:42')?.knownBad).toBeUndefined();
    expect(await h.drill.session.dispatch({ type: 'action.undo', action: 'act-2' })).toEqual({ ok: true });
    await h.until((v) => v.confirmation !== undefined, 60_000);
    const asked = h.drill.session.view().confirmation!;
    expect(asked.safety.level).not.toBe('blocked');
    expect(JSON.stringify(asked.safety.reasons)).not.toContain('known bad');
    await h.drill.session.dispatch({ type: 'cancel', action: asked.action });
  });

  it('leaves the rollback an open end that stopped nothing, in the JSON export too', () => {
    const line = /^checkout-api:41 still runs: rolled back from checkout-api:42 .*, made while the burn already fell after flags\.set act-1 by tester: not what stopped it, and checkout-api:42 is not shown to be a cause$/;
    expect(json.openEnds.changes).toContainEqual(expect.stringMatching(line));
    expect(json.openEnds.changes).toContainEqual(expect.stringMatching(/^checkout_v2 serves off since .*, and the burn stopped after it$/));
  });
});
