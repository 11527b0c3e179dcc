import { describe, expect, test } from 'vitest';
import type { CockpitView, ConfirmationView } from '../../src/session/viewModel';
import { FakeController } from './fakeController';
import { FLAGS, incidentView, RECOMMENDATION, STEPS, withConfirmation } from './fixtures';
import { lines, renderCockpit } from './harness';

/**
 * The words that decide what to do are never cut while there is room: at every size the full
 * recommendation, the selected step's title and status, the flags' ages, the escalation, the
 * block reason and every key (or "? more keys") are on screen whole, wrapped if need be.
 */

const SIZES = [
  [80, 24],
  [120, 40],
  [160, 48],
  [200, 50],
] as const;

/** A long step title, selected: the kind a narrow line used to cut. */
const LONG_STEP = 'Roll back to the previous revision unless the deploy ran a contract migration';

const BLOCKED: ConfirmationView = {
  action: 'act-2',
  step: 'rollback',
  name: 'deploys.rollback',
  summary: 'Roll back checkout-api from :42 to :41',
  calls: [{ kind: 'api', operation: 'ecs:UpdateService', args: { cluster: 'prod', service: 'checkout-api', taskDefinition: 'checkout-api:41' } }],
  safety: { level: 'blocked', phrase: 'override checkout-api', reasons: [':42 ran a contract migration (orders.status dropped) that :41 still reads: rolling back fails most requests against the migrated schema'] },
  typeToConfirm: 'override checkout-api',
  typeReason: 'blocked by the safety check',
};

function view(): CockpitView {
  const base = incidentView();
  return {
    ...base,
    incident: { ...base.incident, escalation: ['@commerce-oncall', '@payments-lead'], links: { dashboard: 'https://grafana.example/d/checkout', logs: 'https://logs.example/checkout' } },
    flags: { ...base.flags, data: [...FLAGS, { key: 'express_pay', state: 'ENABLED', variant: 'off', variants: ['on', 'off'] }] },
    steps: STEPS.map((step) => (step.id === 'rollback' ? { ...step, title: LONG_STEP } : step)),
  };
}

/**
 * Whether `text` reads whole in the frame: starting at some line and column, each following line
 * at that column (give or take an indent) continues it, up to a gap before the next panel.
 */
export function readsWhole(frame: string, text: string): boolean {
  const rows = lines(frame);
  const want = text.replace(/\s+/g, ' ').trim();
  const firstWord = want.split(' ')[0]!;
  for (let i = 0; i < rows.length; i += 1) {
    for (let x = rows[i]!.indexOf(firstWord); x >= 0; x = rows[i]!.indexOf(firstWord, x + 1)) {
      let rest = want;
      for (let k = i; k < rows.length && rest !== ''; k += 1) {
        const slice = (rows[k] ?? '').slice(k === i ? x : Math.max(0, x - 4));
        const start = k === i ? 0 : slice.search(/\S/);
        if (start < 0) break;
        const piece = slice.slice(start);
        let n = 0;
        while (n < piece.length && n < rest.length && piece[n] === rest[n]) n += 1;
        while (n > 0 && n < rest.length && rest[n - 1] === ' ') n -= 1;
        // The match must end at a word's end: the line goes on with a gap, or the text ends.
        const ended = n === rest.length || (rest[n] === ' ' && (n === piece.length || piece[n] === ' '));
        if (n === 0 || !ended) break;
        rest = rest.slice(n).trimStart();
      }
      if (rest === '') return true;
    }
  }
  return false;
}

describe('decisive words are whole at every size', () => {
  describe.each(SIZES)('%ix%i', (columns, rows) => {
    test('the recommendation, the selected step, flag ages, escalation, burn windows and keys', async () => {
      const r = renderCockpit(new FakeController(view()), { columns, rows });
      const frame = await r.waitForFrame('TIMELINE');
      expect(lines(frame).length).toBeLessThanOrEqual(rows - 1);
      for (const line of lines(frame)) expect(Array.from(line).length, line).toBeLessThanOrEqual(columns);
      expect(readsWhole(frame, RECOMMENDATION.text), frame).toBe(true);
      expect(readsWhole(frame, `3. ${LONG_STEP}`), frame).toBe(true);
      expect(frame).toMatch(/3\. [\s\S]*to do/);
      // Every flag on screen shows its age whole; the first one is always there.
      const ages: Record<string, string> = { 'checkout.new-pricing': 'changed 20m ago by priya', 'checkout.fraud-v2': 'changed 3d ago by sam', express_pay: 'changed: unknown' };
      expect(frame).toContain('checkout.new-pricing');
      for (const [key, age] of Object.entries(ages)) if (frame.includes(key)) expect(readsWhole(frame, age), `${age}\n${frame}`).toBe(true);
      expect(frame).toContain('@commerce-oncall');
      // The burn windows stay while a trigger fires (the hint sends the responder to them).
      expect(frame).toContain('5m 16.2x');
      const footer = lines(frame).at(-1)!;
      const allKeys = ['Enter run', 's skip', 'd done', 'n note', 'c role', 'S sev', 'm mitigated', 'r resolved', 'q quit'];
      expect(allKeys.every((key) => footer.includes(key)) || footer.includes('? more keys'), footer).toBe(true);
    });

    test('the safety verdict and the block reason', async () => {
      const r = renderCockpit(new FakeController(withConfirmation(BLOCKED, view())), { columns, rows });
      const frame = await r.waitForFrame('CONFIRM');
      expect(frame).toContain('BLOCKED');
      expect(readsWhole(frame, BLOCKED.safety.reasons[0]!), frame).toBe(true);
      expect(readsWhole(frame, `Type "${BLOCKED.typeToConfirm}" to confirm`), frame).toBe(true);
    });
  });
});
