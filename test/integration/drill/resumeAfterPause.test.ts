import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index';
import { pluginCatalog } from '../../../src/plugins/registry';
import { loadRunbookFile } from '../../../src/runbook/load';
import { readOwnFlags } from '../../../src/sandbox/runbookFlags';
import { builtinScenario } from '../../../src/sandbox/scenarioBuiltins';
import { confirmed } from '../../support/drillConfirm';
import { openDrill, type DrillHarness } from '../../support/drillHarness';

/**
 * A responder's order-worker drill at 80x24: the consumers paused, the worker rolled back, and
 * `4. Resume the consumers` read "passed over: not needed: a mitigation was made" on the runbook
 * panel, in the resolve dialog, the drill report and the postmortem, the consumers still paused.
 * The runbook says the step takes the pause back (`reverses: pause-consumers`).
 */
describe('order-worker: paused, rolled back, and the consumers to resume', () => {
  const FILE = 'runbooks/order-worker.yaml';
  let h: DrillHarness;

  beforeAll(async () => {
    const loaded = await loadRunbookFile(FILE, { catalog: pluginCatalog(builtinPlugins), secretEnv: {} });
    if (!loaded.ok) throw new Error(`${FILE} does not load`);
    const bound = builtinScenario('bad-deploy', { runbook: loaded.runbook, file: FILE, text: readFileSync(FILE, 'utf8'), flags: await readOwnFlags(loaded.runbook, FILE) });
    if (!bound?.ok) throw new Error('bad-deploy does not bind to order-worker');
    h = await openDrill('bad-deploy', { runbook: loaded.runbook, scenarioText: bound.loaded.text });
    await confirmed(h, { type: 'step.run', step: 'pause-consumers' });
    await confirmed(h, { type: 'step.run', step: 'rollback' });
    await h.until((v) => /the burn has stopped/.test(v.recommendations[0]?.text ?? ''), 30 * 60_000);
  }, 120_000);
  afterAll(() => h.cleanup());

  it('points at resuming them next, and never says it is not needed', () => {
    const view = h.drill.session.view();
    const resume = view.steps.findIndex((step) => step.id === 'resume-consumers');
    expect(view.nextStep).toBe(resume);
    expect(view.passedOver.indexes).not.toContain(resume);
    expect(view.passedOver.indexes).toEqual([view.steps.findIndex((step) => step.id === 'queue-depth')]);
  });
});
