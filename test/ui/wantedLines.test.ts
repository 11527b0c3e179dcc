import { describe, expect, test } from 'vitest';
import { wantedLines } from '../../src/ui/wantedLines';
import { DEPLOYS, incidentView } from './fixtures';

const widths = { flags: 100, slo: 100, steps: 100 };

// At 100x30 the deploys panel kept one row (`deploys 1-1 of 5`) while the advice said "undo it: deploy :42 again".
describe('the lines the deploys panel asks for first', () => {
  test('reach the revision an undo would deploy again, as they reach the rollback target', () => {
    const rows = [...DEPLOYS, { ...DEPLOYS[2]!, id: 'd-old', revision: 'checkout-api:38', shortRevision: ':38', current: false, rollbackTarget: false }];
    const plain = incidentView({ deploys: { status: 'ok', data: rows, ageMs: 1000 } });
    const undo = incidentView({ deploys: { status: 'ok', data: rows.map((row, i) => (i === rows.length - 1 ? { ...row, undoTarget: true as const } : row)), ageMs: 1000 } });
    // The rows down to it, less the pager line the plain table needs for the rows it leaves out (here none are left).
    expect(wantedLines(undo, widths, 0).preferred.deploys - wantedLines(plain, widths, 0).preferred.deploys).toBe(rows.length - 1 - rows.findLastIndex((row) => row.current || row.rollbackTarget) - 1);
  });

  test('count the pager line when older deploys are left out, so the table keeps its heading', () => {
    // Title, heading and rule, current and target, `deploys 1-2 of 4`: at 100x30 the table dropped its heading for a line short.
    const view = incidentView({ deploys: { status: 'ok', data: DEPLOYS, ageMs: 1000 } });
    const decisive = DEPLOYS.findLastIndex((row) => row.current || row.rollbackTarget) + 1;
    expect(decisive).toBeLessThan(DEPLOYS.length);
    expect(wantedLines(view, widths, 0).preferred.deploys).toBe(1 + 2 + decisive + 1);
  });
});
