import { describe, expect, it } from 'vitest';
import { createCleaner } from '../../../src/core/displayText';
import { REDACTED } from '../../../src/core/redact';
import { createSecretMatcher } from '../../../src/core/secretMatcher';
import { AppendOnlyTimeline } from '../../../src/session/timeline';
import { chainOf, OPENED } from '../core/chainOf';

const SECRET = 'hunter2-very-secret';

function timelineOf(texts: readonly string[]): AppendOnlyTimeline {
  const timeline = new AppendOnlyTimeline(createCleaner(createSecretMatcher([SECRET])));
  for (const event of chainOf([OPENED, ...texts.map((text) => ({ kind: 'note' as const, data: { text } }))])) timeline.push(event);
  return timeline;
}

describe('AppendOnlyTimeline (lines cleaned when a window of them is read)', () => {
  it('shows every line of a window redacted and without terminal escapes, wherever the window is', () => {
    const timeline = timelineOf(Array.from({ length: 50 }, (_, i) => `step ${i}: token ${SECRET} \u001b[31mred\u001b[0m`));
    const view = timeline.view();
    expect(view.length).toBe(51);
    for (const [start, end] of [[40, 60], [0, 5], [-3, 2]] as const) {
      const entries = view.entries(start, end);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: Math.min(51, end) - Math.max(0, start) }, (_, i) => Math.max(0, start) + i + 1));
      for (const entry of entries.slice(1)) {
        expect(entry.text).not.toContain(SECRET);
        expect(entry.text).toContain(REDACTED);
        expect(entry.text).not.toContain('\u001b');
      }
    }
  });

  it('gives the same objects when a window is read again (renderers memoize on them), and a published view keeps its length', () => {
    const timeline = timelineOf(['a', 'b', 'c']);
    const view = timeline.view();
    const first = view.entries(0, 4);
    const again = view.entries(1, 3);
    expect(again[0]).toBe(first[1]);
    expect(again[1]).toBe(first[2]);
    timeline.push(chainOf([OPENED, { kind: 'note', data: { text: 'd' } }])[1]!);
    expect(view.entries(0, 10)).toHaveLength(4);
    expect(timeline.view().entries(0, 10)).toHaveLength(5);
  });

  it('a run of SLO samples is one line (the newest, with how many), so the responder\'s actions stay on screen', () => {
    const slo = (errorRatio: number) => ({ kind: 'slo.observed' as const, actor: 'cockpit', data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 300_000, errorRatio } });
    const timeline = new AppendOnlyTimeline(createCleaner(createSecretMatcher([])));
    const events = chainOf([OPENED, slo(0.08), slo(0.07), slo(0.06), { kind: 'note', data: { text: 'rolling back' } }, slo(0.05), slo(0.01)]);
    for (const event of events) timeline.push(event);
    const view = timeline.view();
    expect(view.events).toBe(7);
    const lines = view.entries(0, view.length).map((e) => `${e.kind}${e.repeats ? ` ×${e.repeats}` : ''}: ${e.text}`);
    expect(lines).toEqual([
      expect.stringMatching(/^incident\.opened: /),
      'slo.observed ×3: SLO availability error ratio 6.000% over 5m',
      'note: Note: rolling back',
      'slo.observed ×2: SLO availability error ratio 1.000% over 5m',
    ]);
    expect(view.entries(3, 4)[0]!.seq).toBe(7);
  });

  it('a run of samples over several windows (or SLOs) names them, not only the newest one\'s', () => {
    const slo = (name: string, windowMs: number) => ({ kind: 'slo.observed' as const, actor: 'cockpit', data: { slo: name, objective: 99.5, periodMs: 30 * 86_400_000, windowMs, errorRatio: 0.0006 } });
    const timeline = new AppendOnlyTimeline(createCleaner(createSecretMatcher([])));
    const events = chainOf([OPENED, slo('availability', 300_000), slo('availability', 3_600_000), slo('availability', 300_000), slo('availability', 30 * 86_400_000), { kind: 'note', data: { text: 'x' } }, slo('availability', 300_000), slo('latency', 300_000)]);
    for (const event of events) timeline.push(event);
    const lines = timeline.view().entries(1, 4).map((e) => `${e.kind}${e.repeats ? ` ×${e.repeats}` : ''}: ${e.text}`);
    expect(lines).toEqual([
      'slo.observed ×4: SLO availability error ratio 0.060% over 30d (the newest of samples over 5m, 1h, 30d)',
      'note: Note: x',
      'slo.observed ×2: SLO latency error ratio 0.060% over 5m (the newest of samples over availability 5m, latency 5m)',
    ]);
  });
});
