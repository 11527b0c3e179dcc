import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/incident';
import { MAX_CHART_TASKS, mermaidGantt, mermaidLabel } from '../../../src/core/mermaid';
import type { NewEvent } from '../../../src/core/events';
import { assertValidGantt } from '../../fixtures/timeline/gantt';
import { parseMermaidGantt } from '../../support/mermaidParse';
import { chainOf, OPENED } from './chainOf';

describe('mermaid chart', () => {
  it('labels lose the characters gantt reads as syntax, and never start with a keyword', () => {
    expect(mermaidLabel('deploy api:42; #1')).toBe('deploy api∶42, 1');
    expect(mermaidLabel('Section 5 check')).toBe('› Section 5 check');
    expect(mermaidLabel('title page')).toBe('› title page');
    expect(mermaidLabel('multi\nline')).toBe('multi line');
    expect(mermaidLabel('   ')).toBe('untitled');
    expect(mermaidLabel('x'.repeat(100))).toHaveLength(60);
  });

  it('draws milestones, steps and actions in valid gantt lines, capped in size', async () => {
    const actions: NewEvent[] = Array.from({ length: 60 }, (_, i) => [
      { kind: 'action.planned', data: { action: `a${i}`, name: 'command.run', summary: `run #${i}: x;y`, calls: [] } } as NewEvent,
      { kind: 'action.started', data: { action: `a${i}` } } as NewEvent,
    ]).flat();
    const folded = fold(chainOf([OPENED, { kind: 'step.started', data: { step: 'rollback' } }, ...actions, { kind: 'incident.resolved', data: {} }]));
    if (!folded.ok) throw new Error(folded.reason);
    const chart = mermaidGantt(folded.state, [{ at: '2026-11-22T02:00:00.000Z', label: 'flag a:b → on' }]);
    assertValidGantt(chart);
    const tasks = chart.split('\n').filter((l) => / :/.test(l));
    expect(tasks).toHaveLength(MAX_CHART_TASKS);
    expect(chart).toContain('Opened :crit, milestone, 2026-11-22 02:31:07, 0s');
    expect(chart).toContain('flag a∶b → on :milestone, 2026-11-22 02:00:00, 0s');
    expect(chart).toContain('Roll back :active, 2026-11-22 02:31:08,');
    // Mermaid itself reads every task, label characters included
    const parsed = await parseMermaidGantt(chart);
    expect(parsed).toHaveLength(MAX_CHART_TASKS);
    expect(parsed[0]).toMatchObject({ task: 'Opened', milestone: true, crit: true });
    expect(parsed.find((t) => t.task === 'flag a∶b → on')).toMatchObject({ section: 'Changes before', start: '2026-11-22T02:00:00.000Z' });
  });
});
