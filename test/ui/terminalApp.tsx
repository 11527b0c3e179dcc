/**
 * The cockpit on a scripted session, for the real-terminal test: `runCockpit` with a
 * FakeController that behaves like the session for a rollback (plan → confirmation → running)
 * and writes every intent it receives to $INTENTS_FILE, one JSON line each.
 */
import { appendFileSync } from 'node:fs';
import { runCockpit } from '../../src/ui/runCockpit';
import { FakeController } from './fakeController';
import { incidentView, ROLLBACK_CONFIRMATION, runningRollback, withConfirmation } from './fixtures';

const intentsFile = process.env.INTENTS_FILE;
if (intentsFile === undefined) throw new Error('INTENTS_FILE is required');

const controller = new FakeController(incidentView());
controller.respond = (intent) => {
  appendFileSync(intentsFile, `${JSON.stringify(intent)}\n`);
  if (intent.type === 'step.run') controller.push(withConfirmation(ROLLBACK_CONFIRMATION, controller.view()));
  if (intent.type === 'confirm') controller.push(runningRollback({ ...controller.view(), confirmation: undefined }));
  return { ok: true };
};

await runCockpit(controller, { color: true });
process.stdout.write('COCKPIT CLOSED\n');
