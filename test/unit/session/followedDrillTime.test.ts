import { describe, expect, it } from 'vitest';
import { FollowedDrillTime } from '../../../src/session/followedDrillTime';

describe('FollowedDrillTime: a watch of a sandbox drill tells its time from its events', () => {
  it('is the newest event\'s time, moving on with the wall clock, and catches up at each new event', () => {
    let wall = Date.parse('2026-12-04T21:36:00.000Z');
    const time = new FollowedDrillTime(() => wall);
    expect(time.now('2026-11-22T02:30:05.000Z').toISOString()).toBe('2026-11-22T02:30:05.000Z');
    wall += 3_000;
    expect(time.now('2026-11-22T02:30:05.000Z').toISOString()).toBe('2026-11-22T02:30:08.000Z');
    // A drill at speed 20 wrote an event a minute of drill time later: the watch is there at once.
    expect(time.now('2026-11-22T02:31:05.000Z').toISOString()).toBe('2026-11-22T02:31:05.000Z');
  });
});
