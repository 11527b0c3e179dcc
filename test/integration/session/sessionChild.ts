// Runs a session whose rollback never finishes, reports the incident once the action is
// recorded as started, then waits to be killed (the parent sends SIGKILL).
import { openHarness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const dataDir = process.argv[2]!;
const world = new TestWorld();
world.rollbackHangs = true;
const harness = await openHarness({ world, dataDir, autopilot: true, mode: 'drill-sandbox' });
void harness.session.runStep('rollback');
await harness.session.until((view) => view.running.length > 0, { timeoutMs: 60_000 });
await harness.session.settled();
process.send!({ incident: harness.session.incidentId });
setInterval(() => {}, 1_000);
