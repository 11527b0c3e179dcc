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

  it('resolved while still firing: the impact and the trigger run to the log\'s end; a step whose plan was declined is not drawn active', () => {
    // A responder's migration drill: Impact ended at Resolved though the trigger was "still firing at
    // export", and the declined rollback was drawn active until the resolve.
    const events = chainOf([
      OPENED,
      { kind: 'trigger.fired', data: { trigger: 'availability:1h/5m>14.4', slo: 'availability', burnRate: 16 } },
      { kind: 'step.started', data: { step: 'rollback' } },
      { kind: 'action.planned', data: { action: 'a1', name: 'deploys.rollback', step: 'rollback', summary: 'roll back', calls: [] } },
      { kind: 'action.cancelled', data: { action: 'a1', reason: 'declined by the responder, blocked by its safety check' } },
      { kind: 'note', data: { text: 'looking at the flag' } },
      { kind: 'incident.resolved', data: { reason: 'handing over' } },
      { kind: 'note', data: { text: 'exported' } },
    ]);
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const time = (seq: number) => events[seq - 1]!.at.replace('T', ' ').replace(/\.\d+Z$/, '');
    const chart = mermaidGantt(folded.state, [], { impactAt: events[0]!.at });
    assertValidGantt(chart);
    expect(chart).toContain(`Impact :crit, ${time(1)}, ${time(8)}`);
    expect(chart).toContain(`availability∶1h/5m>14.4 fired :crit, ${time(2)}, ${time(8)}`);
    expect(chart).toContain(`Roll back :${time(3)}, ${time(5)}`);
  });

  // A shared-store play-test: a rollback not watched to its end was drawn done, as a verified one is.
  it('draws a change not watched to its end as made, not done', () => {
    const made = (id: string): NewEvent[] => [
      { kind: 'action.planned', data: { action: id, name: 'deploys.rollback', summary: 'roll back', calls: [] } },
      { kind: 'action.started', data: { action: id } },
      { kind: 'action.succeeded', data: { action: id, summary: 'deployment started' } },
    ];
    const folded = fold(chainOf([OPENED, ...made('a1'), { kind: 'action.unwatched', data: { action: 'a1', reason: 'the responder stopped watching' } }, ...made('a2'), { kind: 'verify.passed', data: { action: 'a2', summary: 'stable' } }]));
    if (!folded.ok) throw new Error(folded.reason);
    const lines = mermaidGantt(folded.state, []).split('\n');
    expect(lines.find((l) => l.includes('not watched to its end'))).toMatch(/^\s*deploys\.rollback succeeded, not watched to its end :\d/);
    expect(lines.find((l) => l.includes('verified'))).toMatch(/^\s*deploys\.rollback succeeded, verified :done,/);
  });
});
