import { describe, expect, it } from 'vitest';
import type { DrillReport } from '../../../src/core/drillTypes';
import type { Runbook } from '../../../src/runbook/schema';
import { runAutopilot, type AutopilotTarget } from '../../../src/session/autopilot';
import type { CockpitView } from '../../../src/session/viewModel';

/** A drill whose panels never fill in time: what a scaled drill on a busy machine looked like. */
function slowPanelsDrill() {
  const ran: string[] = [];
  const steps: { id: string; status: string }[] = [];
  const view = { now: '2026-11-22T02:00:00.000Z', steps, running: [] } as unknown as CockpitView;
  const target: AutopilotTarget = {
    session: {
      view: () => view,
      subscribe: () => () => undefined,
      until: () => Promise.reject(new Error('condition not reached within 1m')),
      runStep: async (step: string) => {
        ran.push(step);
        steps.push({ id: step, status: 'done' });
        return 'succeeded' as never;
      },
      dispatch: async () => ({ ok: true }) as never,
    } as unknown as AutopilotTarget['session'],
    recovered: () => true,
    score: async () => ({ recovered: true }) as DrillReport,
  };
  return { target, ran };
}

describe('runAutopilot', () => {
  it('acts beside a panel still loading instead of ending the drill with an internal error', async () => {
    const { target, ran } = slowPanelsDrill();
    const runbook = { first_actions: [{ id: 'disable-flag' }, { id: 'rollback' }], recovery: [{ id: 'burn-normal' }] } as unknown as Runbook;
    await expect(runAutopilot(target, runbook)).resolves.toMatchObject({ recovered: true });
    expect(ran).toEqual(['disable-flag', 'rollback', 'burn-normal']);
  });
});
