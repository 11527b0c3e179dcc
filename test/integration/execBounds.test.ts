/**
 * Issue #11: a command that prints one enormous line (no newline for 200 MB) reaches onOutput as
 * bounded lines, and the cockpit never holds the whole line. Real awk child process; the RSS of
 * this process is sampled while it runs.
 */
import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS } from '../../src/core/lineSplitter';
import { createExec } from '../../src/plugins/exec';
import { TEST_KILL_GRACE_MS } from '../support/execContext';

const exec = createExec({ killGraceMs: TEST_KILL_GRACE_MS });
const HUNDRED_X = 'x'.repeat(100);

describe('exec with a runaway line', () => {
  it('cuts a 200 MB line, says so, keeps the lines around it whole, and memory stays flat', async () => {
    const program = `BEGIN { print "before"; for (i = 0; i < 2000000; i++) printf "%s", "${HUNDRED_X}"; print " end of the long line"; print "after" }`;
    const lines: string[] = [];
    let longest = '';
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      const result = await exec({
        argv: ['/usr/bin/awk', program],
        env: {},
        signal: new AbortController().signal,
        onOutput: (_stream, line) => {
          lines.push(line.length > 200 ? 'long' : line);
          if (line.length > longest.length) longest = line;
        },
      });
      expect(result.ok && result.value.exitCode).toBe(0);
    } finally {
      clearInterval(sampler);
    }
    expect(lines[0]).toBe('before');
    expect(lines.at(-1)).toBe('after');
    expect(lines).toEqual(['before', 'long', 'after']);
    expect(longest.length).toBeLessThanOrEqual(MAX_LINE_CHARS);
    expect(longest).toMatch(/^x+ … 199,9\d\d,\d{3} characters cut … x+ end of the long line$/);
    expect(peak - before).toBeLessThan(100_000_000);
  }, 60_000);
});
