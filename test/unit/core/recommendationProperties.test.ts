import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datedDeploys, shortRevision } from '../../../src/core/changeCorrelation';
import { recommend, type BurnEvidence, type RecommendationInput } from '../../../src/core/recommendation';
import type { ResponderAction } from '../../../src/core/responderActions';
import type { RollbackPreview } from '../../../src/core/rollbackPreview';
import { deploy, flag, HOUR, judgedFrom, MINUTE, START } from './recommendationScenarios';

/**
 * Generated histories: up to six deploys of checkout-api (revisions 38..45) and four flag changes
 * anywhere from three days before the page to an hour after it, one or two triggers per SLO, any
 * rollback preview, and any rollbacks and flag changes by the responder.
 */
const REVISIONS = [38, 39, 40, 41, 42, 43, 44, 45].map((n) => `checkout-api:${n}`);
const timeArb = fc.integer({ min: START - 72 * HOUR, max: START + HOUR });
const revisionArb = fc.constantFrom(...REVISIONS);

const deploysArb = fc
  .array(
    fc.record({
      n: fc.integer({ min: 38, max: 45 }),
      at: timeArb,
      migration: fc.constantFrom(undefined, 'expand_only', 'contract'),
      status: fc.constantFrom('successful', 'failed', 'rolled-back', 'pending') as fc.Arbitrary<'successful' | 'failed' | 'rolled-back' | 'pending'>,
    }),
    { maxLength: 6 },
  )
  .chain((specs) =>
    fc.integer({ min: -1, max: specs.length - 1 }).map((current) =>
      specs.map((s, i) => deploy(s.n, s.at, { current: i === current, status: s.status, ...(s.migration ? { migration: s.migration } : {}) })),
    ),
  );

const flagsArb = fc.array(
  fc.record({ key: fc.constantFrom('checkout_v2', 'express_pay', 'fraud_threshold'), at: timeArb }).map((f) => flag(f.key, f.at)),
  { maxLength: 4 },
);

const burnArb: fc.Arbitrary<BurnEvidence> = fc.record({
  slo: fc.constantFrom('availability', 'latency'),
  fired: fc.boolean(),
  rule: fc.constantFrom({ threshold: 14.4, longMs: HOUR, shortMs: 5 * MINUTE }, { threshold: 6, longMs: 6 * HOUR, shortMs: 30 * MINUTE }),
  longBurn: fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: null }),
  shortBurn: fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: null }),
  onsetAt: fc.integer({ min: START - 2 * HOUR, max: START }),
}).map(({ rule, ...b }) => ({ ...b, ...rule }));

const previewArb: fc.Arbitrary<RollbackPreview | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant<RollbackPreview>({ status: 'none', reason: 'no rollback step', at: START }),
  fc.record({ current: revisionArb, target: revisionArb, level: fc.constantFrom('ok', 'typed', 'blocked', 'unsupported') }).map(
    ({ current, target, level }): RollbackPreview => ({
      status: 'planned',
      step: 'rollback',
      current,
      target,
      verdict: level === 'blocked' ? { level, reasons: [`${current} ran a contract migration`], phrase: `override migration ${current}` } : { level, reasons: ['why'] },
      at: START,
    }),
  ),
);

// Mostly after the page, sometimes before the cockpit saw the trigger fire.
const actionTimeArb = fc.integer({ min: START - 10 * MINUTE, max: START + HOUR });
const statusArb = fc.constantFrom('running', 'done', 'unwatched', 'verified', 'unverified') as fc.Arbitrary<ResponderAction['status']>;
// Half the histories have no action yet, so the answers before acting are generated as often.
const actionsArb: fc.Arbitrary<readonly ResponderAction[]> = fc.oneof(fc.constant<readonly ResponderAction[]>([]), fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('rollback' as const), from: revisionArb, to: revisionArb, status: statusArb, startedAt: actionTimeArb, took: fc.integer({ min: 0, max: 10 * MINUTE }) }),
    fc.record({ kind: fc.constant('flag' as const), flag: fc.constantFrom('checkout_v2', 'express_pay'), after: fc.constantFrom('off', null), status: statusArb, startedAt: actionTimeArb, took: fc.integer({ min: 0, max: 10 * MINUTE }) }),
  ).map(({ took, ...a }): ResponderAction => {
    const at = a.status === 'running' ? a.startedAt : a.startedAt + took;
    return a.kind === 'rollback' ? { ...a, id: `act-${a.startedAt}`, at, judgedBy: judgedFrom(at, a.status) } : { ...a, id: `act-${a.startedAt}`, at };
  }),
  { minLength: 1, maxLength: 3 },
));

const inputArb: fc.Arbitrary<RecommendationInput> = fc
  .record({ burns: fc.array(burnArb, { minLength: 1, maxLength: 3 }), deploys: deploysArb, flagChanges: flagsArb, rollbackPreview: previewArb, actions: actionsArb, later: fc.integer({ min: 0, max: 2 * HOUR }) })
  .map(({ later, rollbackPreview, ...rest }) => ({ now: START + HOUR + later, ...rest, ...(rollbackPreview ? { rollbackPreview } : {}) }));

/** The burn began before the trigger fired and before the responder's first action. */
const onsetOf = (input: RecommendationInput, slo: string) =>
  Math.min(...input.burns.filter((b) => b.slo === slo).map((b) => b.onsetAt), ...input.actions.map((a) => a.startedAt - 1));

describe('recommend over generated histories', () => {
  it('never recommends a rollback when the rollback is blocked or unsupported', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const refused = input.rollbackPreview?.status === 'planned' && ['blocked', 'unsupported'].includes(input.rollbackPreview.verdict.level);
        if (refused) expect(recommend(input).filter((r) => r.kind === 'rollback')).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never names as the target a revision this incident rolled back from (an undo takes a change back: what it leaves is not known bad)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const rolledBackFrom = input.actions.flatMap((a) => (a.kind === 'rollback' && a.undo !== true ? [a.from] : []));
        for (const r of recommend(input)) {
          for (const bad of rolledBackFrom) expect(r.text).not.toContain(`target ${shortRevision(bad)} (`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('recommends the flag only when it changed after the last deploy and before the onset', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const r of recommend(input).filter((r) => r.kind === 'flag-kill-switch')) {
          const onset = onsetOf(input, r.slo);
          const lastDeployAt = Math.max(-Infinity, ...datedDeploys(input.deploys).filter((d) => d.at <= onset).map((d) => d.at));
          const named = input.flagChanges.filter((f) => r.text.includes(`: ${f.key} changed`));
          expect(named.some((f) => f.changedAt <= onset && f.changedAt > lastDeployAt)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('recommends a rollback only of a deploy that went out before the onset', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const r of recommend(input).filter((r) => r.kind === 'rollback')) {
          const onset = onsetOf(input, r.slo);
          const named = datedDeploys(input.deploys).filter((d) => r.text.includes(`: ${d.deploy.revision} deployed`));
          expect(named.some((d) => d.at <= onset)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('always gives its evidence: the burn it explains and at least one fact beside it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const r of recommend(input)) {
          expect(r.text.length).toBeGreaterThan(0);
          expect(r.evidence.length).toBeGreaterThanOrEqual(2);
          expect(r.evidence.some((e) => e.startsWith(`${r.slo} burning `) || e.startsWith(`${r.slo} recovering: `))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers once for each SLO with a firing trigger, and never for an SLO without a burn', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const slos = recommend(input).map((r) => r.slo);
        expect(new Set(slos).size).toBe(slos.length);
        for (const slo of new Set(input.burns.filter((b) => b.fired).map((b) => b.slo))) expect(slos).toContain(slo);
        for (const slo of slos) expect(input.burns.some((b) => b.slo === slo)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
