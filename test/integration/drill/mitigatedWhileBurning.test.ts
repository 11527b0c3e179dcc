import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's search-api slow-burn drill: marked mitigated (with a reason) while it burned, the advice above still read
 * "Rollback recommended: … target :41 (✓ safe)", and the deploys panel had dropped `↩ target` from :41.
 */
describe('marked mitigated while the burn goes on, a rollback still advised', () => {
  let h: DrillHarness;

  beforeAll(async () => {
    h = await openBoundDrill('runbooks/search-api.yaml', 'slow-burn');
    await h.until((v) => v.recommendations[0]?.kind === 'rollback', 30 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('keeps the target the advice names on the deploys panel', async () => {
    const target = () => h.drill.session.view().deploys.data?.find((d) => d.rollbackTarget)?.shortRevision;
    const before = target();
    expect(before).toBeDefined();
    expect(await h.drill.session.dispatch({ type: 'incident.mitigated', summary: 'customers see it less', reason: 'the slow burn is tolerable for now' })).toEqual({ ok: true });
    const view = h.drill.session.view();
    expect(view.incident.status).toBe('mitigated');
    expect(view.recommendations[0]?.text).toMatch(new RegExp(`Rollback recommended: .*target ${before}`));
    expect(target()).toBe(before);
  });
});
