import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CockpitView } from '../../../src/session/viewModel';
import { confirmed } from '../../support/drillConfirm';
import { openBoundDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's payments-api slow-burn drill (a Deployment): the rollback that worked (:42 → :43, the
 * build of :41) undone by mistake (:44, the build of :42), and the burn back. The panel read `⊗ bad
 * :40 — running when the first trigger fired` and the advice `target :39 (needs typed confirmation)`,
 * a two-version jump across a migration, while :43, the build that had stopped the burn, was the
 * target the README promises ("leaves that build a rollback's target again"). On ECS: `target :41 (✓ safe)`.
 */
describe('payments-api on Kubernetes: the rollback that worked, undone, and the burn back', () => {
  const FILE = 'runbooks/payments-api.yaml';
  let h: DrillHarness;
  let after: CockpitView;

  beforeAll(async () => {
    h = await openBoundDrill(FILE, 'slow-burn');
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    await h.pass(6 * 60_000);
    await confirmed(h, { type: 'action.undo', action: 'act-1' });
    await h.until((v) => /Rollback recommended/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
    after = h.drill.session.view();
  }, 120_000);
  afterAll(() => h.cleanup());

  it('marks no build bad that never ran in the incident, and names the build that stopped the burn as the target', () => {
    const rows = after.deploys.data ?? [];
    const text = JSON.stringify({ rows: rows.map((r) => [r.shortRevision, r.knownBad]), advice: after.recommendations[0]?.text });
    expect(rows.find((row) => row.shortRevision === ':40')?.knownBad, text).toBeUndefined();
    expect(after.recommendations[0]?.text, text).toMatch(/target :43 \(✓ safe\)|target :41 \(as :43\)/);
    // Back to :41's build from :42's, whatever their numbers: it read "forward to a newer build than payments-api:44".
    const plans = after.recommendations[0]?.evidence.find((line) => line.includes('the provider plans'));
    expect(plans).toMatch(/payments-api:44 → payments-api:43, one revision back/);
  });

  it("keeps the age and the actor of the rollback's deploy once it no longer serves (Kubernetes keeps no time for a reused ReplicaSet)", async () => {
    const act1 = (await h.events()).find((e) => e.kind === 'action.started' && e.data.action === 'act-1')!;
    const row = (after.deploys.data ?? []).find((r) => r.shortRevision === ':43');
    expect(row).toMatchObject({ actor: 'tester', startedAt: act1.at });
  });
});
