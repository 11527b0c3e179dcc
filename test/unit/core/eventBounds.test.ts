import { describe, expect, it } from 'vitest';
import { boundEventData, MAX_EVENT_DATA_CHARS, MAX_EVENT_STRING_CHARS } from '../../../src/core/eventBounds';

describe('boundEventData', () => {
  it('returns small data as it is, the same object', () => {
    const data = { action: 'act-1', error: { kind: 'failed', message: 'exit 1' }, calls: [{ kind: 'argv', argv: ['ls'] }] };
    expect(boundEventData(data)).toBe(data);
  });

  it('cuts a 20 MB note to its start and end around a notice, keeping the shape', () => {
    const text = `BEGIN ${'n'.repeat(20_000_000)} END`;
    const bounded = boundEventData({ text, tag: 'reminder' });
    expect(bounded.tag).toBe('reminder');
    expect(bounded.text.length).toBeLessThanOrEqual(MAX_EVENT_STRING_CHARS);
    expect(bounded.text).toMatch(/^BEGIN n+ … 19,98\d,\d{3} characters cut … n+ END$/);
  });

  it('data crowded with many long strings is cut harder until it fits', () => {
    const data = { details: { lines: Array.from({ length: 50 }, (_, i) => `${i} ${'x'.repeat(10_000)}`), exitCode: 0 } };
    const bounded = boundEventData(data);
    expect(JSON.stringify(bounded).length).toBeLessThanOrEqual(MAX_EVENT_DATA_CHARS);
    expect(bounded.details.lines).toHaveLength(50);
    expect(bounded.details.exitCode).toBe(0);
    expect(bounded.details.lines[49]).toMatch(/^49 x+ … [\d,]+ characters cut … x+$/);
  });
});
