// Runs a session whose rollback never finishes, reports the incident once the action is
// recorded as started (with `verifying`: once its change was made and it is being verified),
// then waits to be killed (the parent sends SIGKILL).
import { openHarness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const dataDir = process.argv[2]!;
const verifying = process.argv[3] === 'verifying';
const world = new TestWorld();
if (verifying) world.rollbackVerifyMs = 60 * 60_000;
else world.rollbackHangs = true;
const harness = await openHarness({ world, dataDir, autopilot: true, mode: 'drill-sandbox' });
void harness.session.runStep('rollback');
await harness.session.until((view) => view.running.some((action) => !verifying || action.phase === 'verifying'), { timeoutMs: 60_000 });
await harness.session.settled();
process.send!({ incident: harness.session.incidentId });
setInterval(() => {}, 1_000);
