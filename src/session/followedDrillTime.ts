/**
 * The time of a sandbox drill as a watch of it can tell: a watch has no drill clock, so it is the
 * drill's newest event's time, moving on with the wall clock since that event was first seen. The
 * wall clock alone read `open 12d` and a status update overdue by as much on a drill five seconds
 * old (its events carry the scenario's virtual time). Behind the drill between events at a speed
 * above 1, and caught up at each one.
 */
export class FollowedDrillTime {
  private seen: { readonly lastAt: number; readonly wall: number } | undefined;

  constructor(private readonly wallNow: () => number = Date.now) {}

  now(lastAt: string): Date {
    const at = Date.parse(lastAt);
    const wall = this.wallNow();
    if (this.seen?.lastAt !== at) this.seen = { lastAt: at, wall };
    return new Date(at + Math.max(0, wall - this.seen.wall));
  }
}
