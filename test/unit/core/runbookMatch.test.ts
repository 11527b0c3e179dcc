import { describe, expect, it } from 'vitest';
import { runbookMismatch } from '../../../src/core/runbookMatch';

const recorded = [{ id: 'rollback', title: 'Roll back', phase: 'first_actions' as const }];
const steps = [{ id: 'rollback', title: 'Roll the Rollout back', phase: 'first_actions' as const }];

describe('runbookMismatch', () => {
  // A watcher of a drill given the wrong runbook was told to run `cockpit drill … --read-only`: drill has no such option.
  it('names the command that watches a drill read-only: open, not drill', () => {
    const message = runbookMismatch({ recorded, recordedRunbook: 'runbooks/checkout-api.yaml', steps, runbookPath: 'runbooks/payments-api.yaml', incidentId: 'inc-1', command: 'drill', readOnly: true });
    expect(message).toMatch(/resume it with the runbook it was opened with \(`cockpit open runbooks\/checkout-api\.yaml --incident inc-1 --read-only`\)$/);
  });

  it('names drill to resume a drill that writes', () => {
    const message = runbookMismatch({ recorded, recordedRunbook: 'runbooks/checkout-api.yaml', steps, runbookPath: 'runbooks/payments-api.yaml', incidentId: 'inc-1', command: 'drill' });
    expect(message).toMatch(/\(`cockpit drill runbooks\/checkout-api\.yaml --incident inc-1`\)$/);
  });
});
