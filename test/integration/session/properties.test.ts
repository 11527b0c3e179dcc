import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import type { Intent } from '../../../src/session/intents';
import { buildView } from '../../../src/session/buildView';
import { verifyIncident } from '../../../src/timeline/verifyIncident';
import { openHarness } from '../../support/sessionHarness';

const steps = ['confirm-impact', 'disable-flag', 'rollback', 'page-db', 'burn-normal'];
const text = fc.string({ minLength: 1, maxLength: 20 });
const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc.record({ type: fc.constant('note' as const), text }),
  fc.record({ type: fc.constant('role.assign' as const), role: fc.constantFrom('commander' as const, 'ops' as const, 'comms' as const), person: fc.constantFrom('alice', 'bob') }),
  fc.record({ type: fc.constant('severity.change' as const), to: fc.constantFrom('SEV1' as const, 'SEV2' as const, 'SEV3' as const) }),
  fc.record({ type: fc.constant('step.start' as const), step: fc.constantFrom(...steps) }),
  fc.record({ type: fc.constant('step.complete' as const), step: fc.constantFrom(...steps) }),
  fc.record({ type: fc.constant('step.skip' as const), step: fc.constantFrom(...steps), reason: text }),
  fc.record({ type: fc.constant('step.run' as const), step: fc.constantFrom('confirm-impact', 'page-db') }),
  fc.record({ type: fc.constant('comms.sent' as const), channel: fc.constant('#incidents'), message: text }),
  fc.constant({ type: 'incident.mitigated' as const }),
  fc.constant({ type: 'incident.resolved' as const }),
);

describe('session properties', () => {
  it('any sequence of intents leaves the log verifiable and the live state equal to the fold of the log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(intent, fc.integer({ min: 0, max: 90_000 })), { maxLength: 12 }), async (script) => {
        const harness = await openHarness({ autopilot: true, mode: 'drill-sandbox' });
        try {
          for (const [next, pause] of script) {
            await harness.session.dispatch(next);
            await harness.advance(pause);
          }
          await harness.session.settled();
          const verified = await verifyIncident(harness.dataDir, harness.session.incidentId);
          expect(verified.ok && verified.value.problem).toBeUndefined();
          const folded = fold(await harness.events());
          if (!folded.ok) throw new Error(folded.reason);
          // Both views built from the same inputs at the same moment; only the state differs in origin.
          const inputs = harness.session.viewInputs();
          const live = buildView(inputs);
          expect(folded.state).toEqual(inputs.state);
          expect(folded.state.lastSeq).toBe(live.timeline.events);
          const fromLog = buildView({ ...inputs, state: folded.state });
          expect(fromLog.incident).toEqual(live.incident);
          expect(fromLog.steps).toEqual(live.steps);
        } finally {
          await harness.cleanup();
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

