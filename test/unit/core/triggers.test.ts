import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { errorBudget, WINDOW_MS } from '../../../src/core/burnRate';
import { formatDuration } from '../../../src/core/duration';
import {
  DEFAULT_POLICY,
  defaultTriggers,
  evaluateTrigger,
  ruleWindows,
  runbookTriggers,
  thresholdFor,
  triggerTransitions,
  windowsFor,
  type TriggerRule,
} from '../../../src/core/triggers';

const DAY = 86_400_000;
const PAGE_FAST: TriggerRule = runbookTriggers([{ slo: 'availability', burn_rate: 14.4, long: '1h', short: '5m' }])[0]!;
const ratios = (long: number | null, short: number | null, rule = PAGE_FAST) =>
  new Map<number, number | null>([
    [rule.longMs, long],
    [rule.shortMs, short],
  ]);

describe('default policy', () => {
  it('is the workbook table for a 30-day period', () => {
    const rules = defaultTriggers('availability', 30 * DAY);
    expect(rules.map((r) => [r.severity, r.longMs, r.shortMs])).toEqual([
      ['page', WINDOW_MS['1h'], WINDOW_MS['5m']],
      ['page', WINDOW_MS['6h'], WINDOW_MS['30m']],
      ['ticket', WINDOW_MS['1d'], WINDOW_MS['2h']],
      ['ticket', WINDOW_MS['3d'], WINDOW_MS['6h']],
    ]);
    const expected = [14.4, 6, 3, 1];
    rules.forEach((r, i) => expect(r.burnRate).toBeCloseTo(expected[i]!, 9));
  });

  it('scales to a 28-day period as REFERENCE says (13.44, 5.6, 2.8, 0.933)', () => {
    const expected = [13.44, 5.6, 2.8, 0.9333];
    defaultTriggers('availability', 28 * DAY).forEach((r, i) => expect(r.burnRate).toBeCloseTo(expected[i]!, 3));
  });

  it('scaling identity: each threshold spends its budget fraction in its long window, for any period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 }), (days) => {
        const period = days * DAY;
        const rules = defaultTriggers('x', period);
        return rules.every((r, i) => {
          const shape = DEFAULT_POLICY[i]!;
          const thirtyDay = thresholdFor(shape.budgetFraction, 30 * DAY, shape.longMs);
          return (
            Math.abs((r.burnRate * r.longMs) / period - shape.budgetFraction) < 1e-12 &&
            Math.abs(r.burnRate - (thirtyDay * days) / 30) < 1e-9 * thirtyDay * days
          );
        });
      }),
    );
  });

  it('gives every rule a distinct, readable id', () => {
    const ids = defaultTriggers('availability', 28 * DAY).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('availability:3d/6h>0.933');
  });
});

describe('runbook triggers', () => {
  it('take the burn rate as written and parse the windows', () => {
    const [rule] = runbookTriggers([{ slo: 'latency', burn_rate: 6, long: '6h', short: '30m' }]);
    expect(rule).toEqual({ id: 'latency:6h/30m>6', slo: 'latency', burnRate: 6, longMs: WINDOW_MS['6h'], shortMs: WINDOW_MS['30m'], severity: 'page' });
  });

  it('treat an unvalidated duration as a bug', () => {
    expect(() => runbookTriggers([{ slo: 'x', burn_rate: 1, long: 'soon', short: '5m' }])).toThrow(/unvalidated/);
  });

  it('windowsFor lists each needed window once, shortest first', () => {
    expect(windowsFor(defaultTriggers('x', 30 * DAY))).toEqual(
      [WINDOW_MS['5m'], WINDOW_MS['30m'], WINDOW_MS['1h'], WINDOW_MS['2h'], WINDOW_MS['6h'], WINDOW_MS['1d'], WINDOW_MS['3d']],
    );
  });
});

describe('evaluateTrigger', () => {
  const budget = errorBudget(99.9);

  it('fires only when both windows exceed the threshold', () => {
    const above = 20 * budget;
    const below = 10 * budget;
    expect(evaluateTrigger(PAGE_FAST, 99.9, ratios(above, above)).state).toBe('fired');
    expect(evaluateTrigger(PAGE_FAST, 99.9, ratios(above, below)).state).toBe('quiet'); // already recovering
    expect(evaluateTrigger(PAGE_FAST, 99.9, ratios(below, above)).state).toBe('quiet'); // a short blip
    expect(evaluateTrigger(PAGE_FAST, 99.9, ratios(0, 0)).state).toBe('quiet');
  });

  it('reports both burns', () => {
    const verdict = evaluateTrigger(PAGE_FAST, 99.9, ratios(0.03, 0.02));
    expect(verdict.longBurn).toBeCloseTo(30, 9);
    expect(verdict.shortBurn).toBeCloseTo(20, 9);
    expect(verdict.rule).toBe(PAGE_FAST);
  });

  it('never fires without data, and says so instead of reporting zero burn', () => {
    fc.assert(
      fc.property(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), (known) => {
        for (const r of [ratios(null, known), ratios(known, null), new Map<number, number | null>()]) {
          const verdict = evaluateTrigger(PAGE_FAST, 99.9, r);
          if (verdict.state !== 'no-data') return false;
        }
        return true;
      }),
    );
    const verdict = evaluateTrigger(PAGE_FAST, 99.9, ratios(null, 0.5));
    expect(verdict.longBurn).toBeNull();
  });

  it('is monotonic: raising either ratio never turns a fired trigger quiet', () => {
    const r = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(r, r, r, r, (long, short, extraLong, extraShort) => {
        const before = evaluateTrigger(PAGE_FAST, 99.9, ratios(long, short)).state;
        const after = evaluateTrigger(PAGE_FAST, 99.9, ratios(Math.min(1, long + extraLong), Math.min(1, short + extraShort))).state;
        return before !== 'fired' || after === 'fired';
      }),
    );
  });

  it('fires exactly when min(long, short) burn exceeds the threshold', () => {
    const r = fc.double({ min: 0, max: 0.1, noNaN: true });
    fc.assert(
      fc.property(r, r, (long, short) => {
        const fired = evaluateTrigger(PAGE_FAST, 99.9, ratios(long, short)).state === 'fired';
        return fired === Math.min(long, short) / budget > PAGE_FAST.burnRate;
      }),
    );
  });
});

describe('triggerTransitions', () => {
  const [fast, slow] = defaultTriggers('availability', 30 * DAY) as [TriggerRule, TriggerRule];
  const verdict = (rule: TriggerRule, state: 'fired' | 'quiet' | 'no-data') => ({ rule, state, longBurn: null, shortBurn: null });

  it('announces a newly fired trigger and a cleared one, nothing for unchanged ones', () => {
    const out = triggerTransitions(new Set([slow.id]), [verdict(fast, 'fired'), verdict(slow, 'quiet')]);
    expect(out.map((t) => [t.kind, t.verdict.rule.id])).toEqual([
      ['trigger.fired', fast.id],
      ['trigger.cleared', slow.id],
    ]);
    expect(triggerTransitions(new Set([fast.id]), [verdict(fast, 'fired'), verdict(slow, 'quiet')])).toEqual([]);
  });

  it('does not clear a fired trigger when data goes missing', () => {
    expect(triggerTransitions(new Set([fast.id]), [verdict(fast, 'no-data')])).toEqual([]);
  });
});

describe('ruleWindows', () => {
  it("reads a rule id's two windows back, and nothing from another form", () => {
    for (const rule of defaultTriggers('availability', 30 * DAY)) expect(ruleWindows(rule.id)).toEqual({ long: formatDuration(rule.longMs), short: formatDuration(rule.shortMs) });
    expect(ruleWindows(PAGE_FAST.id)).toEqual({ long: '1h', short: '5m' });
    expect(ruleWindows('a custom name')).toBeUndefined();
  });
});
