import fc from 'fast-check';
import type { NewEvent } from '../../../src/core/events';

/**
 * Random but plausible timelines: events reference the runbook's steps and a few action ids,
 * sometimes ones that do not exist, in any order; times only move forward. Enough to reach
 * every branch of the reducer, anomalies included.
 */

const stepId = fc.constantFrom('confirm-impact', 'rollback', 'burn-normal', 'unknown-step');
const actionId = fc.constantFrom('act-1', 'act-2', 'act-3', 'ghost');
const person = fc.constantFrom('alice', 'bob', 'carol');
const text = fc.string({ maxLength: 40 });

const body: fc.Arbitrary<Omit<NewEvent, 'at'>> = fc.oneof(
  fc.record({ kind: fc.constant('role.assigned' as const), data: fc.record({ role: fc.constantFrom('commander' as const, 'ops' as const, 'comms' as const), person }) }),
  fc.record({ kind: fc.constant('severity.changed' as const), data: fc.record({ to: fc.constantFrom('SEV1' as const, 'SEV2' as const, 'SEV3' as const, 'SEV4' as const) }) }),
  fc.record({ kind: fc.constant('note' as const), data: fc.record({ text }) }),
  fc.record({ kind: fc.constantFrom('step.started' as const, 'step.completed' as const, 'step.skipped' as const), data: fc.record({ step: stepId }) }),
  fc.record({
    kind: fc.constant('action.planned' as const),
    data: fc.record({ action: actionId, name: fc.constantFrom('deploys.rollback', 'flags.set', 'command.run'), summary: text, calls: fc.constant([{ kind: 'argv' as const, argv: ['true'] }]) }),
  }),
  fc.record({ kind: fc.constantFrom('action.confirmed' as const, 'action.started' as const, 'action.cancelled' as const), data: fc.record({ action: actionId }) }),
  fc.record({ kind: fc.constant('action.output' as const), data: fc.record({ action: actionId, stream: fc.constantFrom('stdout' as const, 'stderr' as const), chunk: fc.string({ maxLength: 3000 }) }) }),
  fc.record({ kind: fc.constant('action.succeeded' as const), data: fc.record({ action: actionId, summary: text }) }),
  fc.record({
    kind: fc.constant('action.interrupted' as const),
    data: fc.record({ action: actionId, responder: person, leaseExpiredAt: fc.constant('2026-11-22T03:14:05.000Z'), reason: text }),
  }),
  fc.record({ kind: fc.constant('action.unwatched' as const), data: fc.record({ action: actionId, reason: text }) }),
  fc.record({ kind: fc.constant('action.watched' as const), actor: person, data: fc.record({ action: actionId }) }),
  fc.record({ kind: fc.constant('action.failed' as const), data: fc.record({ action: actionId, error: fc.record({ kind: fc.constant('failed' as const), message: text }) }) }),
  fc.record({ kind: fc.constant('deploy.observed' as const), data: fc.record({ id: fc.constantFrom('d40', 'd41', 'd42'), revision: fc.constantFrom('api:40', 'api:41', 'api:42'), status: fc.constantFrom('successful', 'in-progress') }) }),
  fc.record({ kind: fc.constant('flag.changed' as const), data: fc.record({ key: fc.constantFrom('checkout_v2', 'search'), to: fc.option(fc.constantFrom('on', 'off'), { nil: null }) }) }),
  fc.record({
    kind: fc.constant('slo.observed' as const),
    data: fc.record({
      slo: fc.constantFrom('availability', 'latency'),
      objective: fc.constantFrom(99, 99.5, 99.9),
      periodMs: fc.constant(30 * 86_400_000),
      windowMs: fc.constantFrom(300_000, 3_600_000),
      errorRatio: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    }),
  }),
  fc.record({ kind: fc.constant('trigger.fired' as const), data: fc.record({ trigger: fc.constantFrom('t1', 't2'), slo: fc.constant('availability'), burnRate: fc.double({ min: 0, max: 100, noNaN: true }) }) }),
  fc.record({ kind: fc.constant('trigger.cleared' as const), data: fc.record({ trigger: fc.constantFrom('t1', 't2', 't9'), slo: fc.constant('availability') }) }),
  fc.record({ kind: fc.constantFrom('verify.passed' as const, 'verify.failed' as const), data: fc.record({ summary: text }) }),
  fc.record({ kind: fc.constant('comms.sent' as const), data: fc.record({ channel: fc.constant('#incidents'), message: text }) }),
  fc.record({ kind: fc.constantFrom('incident.mitigated' as const, 'incident.resolved' as const), data: fc.constant({}) }),
  fc.record({ kind: fc.constant('incident.reopened' as const), data: fc.record({ reason: text }) }),
  fc.record({ kind: fc.constant('drill.scored' as const), data: fc.record({ score: fc.nat(10), max: fc.constant(10) }) }),
) as fc.Arbitrary<Omit<NewEvent, 'at'>>;

/** Events after `incident.opened`, with strictly increasing `at` from `start`. */
export function timelineArb(start = '2026-11-22T02:31:07.000Z', maxLength = 60): fc.Arbitrary<NewEvent[]> {
  return fc.array(fc.tuple(body, fc.integer({ min: 1, max: 120_000 })), { maxLength }).map((items) => {
    let at = Date.parse(start);
    return items.map(([event, gap]) => {
      at += gap;
      return { ...event, at: new Date(at).toISOString() } as NewEvent;
    });
  });
}
