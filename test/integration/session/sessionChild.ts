// Runs a session whose rollback never finishes, reports the incident once the action is
// recorded as started (with `verifying`: once its change was made and it is being verified; with
// `undo-verifying`: once the rollback was verified and its undo's change made and being verified),
// then waits to be killed (the parent sends SIGKILL).
import { openHarness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const dataDir = process.argv[2]!;
const phase = process.argv[3];
const world = new TestWorld();
if (phase === 'verifying') world.rollbackVerifyMs = 60 * 60_000;
else if (phase === 'undo-verifying') world.rollbackUndoable = true;
else world.rollbackHangs = true;
// `confirming`: the rollback planned and its confirmation on screen, nobody answering it.
const harness = await openHarness({ world, dataDir, autopilot: phase !== 'confirming', mode: 'drill-sandbox' });
if (phase === 'confirming') {
  await harness.session.dispatch({ type: 'step.run', step: 'rollback' });
  await harness.session.until((view) => view.confirmation !== undefined, { timeoutMs: 60_000 });
} else if (phase === 'undo-verifying') {
  await harness.session.runStep('rollback');
  world.rollbackVerifyMs = 60 * 60_000;
  await harness.session.dispatch({ type: 'action.undo', action: 'act-1' });
}
else void harness.session.runStep('rollback');
if (phase !== 'confirming') await harness.session.until((view) => view.running.some((action) => phase === undefined || (action.phase === 'verifying' && (phase !== 'undo-verifying' || action.action === 'act-2'))), { timeoutMs: 60_000 });
await harness.session.settled();
process.send!({ incident: harness.session.incidentId });
setInterval(() => {}, 1_000);
