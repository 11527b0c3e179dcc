import { describe, expect, it } from 'vitest';
import { MAX_TIMER_DURATION_MS } from '../../../src/core/duration';
import { createExec } from '../../../src/plugins/exec';

const exec = createExec({ killGraceMs: 100 });
const signal = new AbortController().signal;
const DAY = 86_400_000;

describe('exec timeouts that a timer cannot hold (issue #11)', () => {
  // setTimeout fires at once for a delay over 2^31-1 ms (24.8 days): a 25-day timeout was an immediate kill.
  it.each([25 * DAY, 2 ** 31, Number.MAX_SAFE_INTEGER, Infinity])('a timeout of %d ms never kills the command at once', async (timeoutMs) => {
    const result = await exec({ argv: [process.execPath, '-e', 'setTimeout(() => process.exit(0), 300)'], signal, timeoutMs });
    expect(result.ok && result.value.timedOut).toBe(false);
    expect(result).toEqual({ ok: false, error: { kind: 'failed', message: expect.stringMatching(/^timeout .* is longer than 24h, the longest a command may run$/) } });
  });

  it.each([0, -1, Number.NaN])('a timeout of %d ms is refused too', async (timeoutMs) => {
    const result = await exec({ argv: [process.execPath, '-e', ''], signal, timeoutMs });
    expect(result).toEqual({ ok: false, error: { kind: 'failed', message: expect.stringMatching(/^timeout .* is not a positive duration$/) } });
  });

  it('the longest allowed timeout still lets a quick command finish', async () => {
    const result = await exec({ argv: [process.execPath, '-e', 'process.exit(3)'], signal, timeoutMs: MAX_TIMER_DURATION_MS });
    expect(result).toMatchObject({ ok: true, value: { exitCode: 3, timedOut: false } });
  });
});
