import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/core/duration';
import { tookMs } from '../../../plugins/command/run';

// A responder's test: a 60-second script's outcome read `./scripts/slow.sh exited with code 0 after 1m67ms`.
describe("how long a command ran, as its outcome says it", () => {
  it('is whole seconds from a second on, milliseconds under it', () => {
    expect([60_067, 59_600, 1_499, 999.6, 350, 0].map((ms) => formatDuration(tookMs(ms)))).toEqual(['1m', '1m', '1s', '1s', '350ms', '0s']);
    expect(formatDuration(tookMs(65_400))).toBe('1m5s');
  });
});
