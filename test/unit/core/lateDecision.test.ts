import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../src/core/events';
import { fold } from '../../../src/core/incident';
import { responseMetrics } from '../../../src/core/metrics';
import { PostmortemBuilder } from '../../../src/core/postmortem';
import { AppendOnlyTimeline } from '../../../src/session/timeline';
import { chainOf, OPENED } from './chainOf';

/**
 * A responder's test on the shared store: with PostgreSQL stopped, alice set SEV1 and took command at 07:08:00-01, and
 * bob, five seconds later, SEV3 and command. Bob's cockpit uploaded its queue first, alice's on her return: every screen
 * then read SEV1 and `commander alice`, and the postmortem's Roles table ended bob's command before it began.
 */
const at = (s: number) => `2026-11-22T07:08:${String(s).padStart(2, '0')}.000Z`;
const RECORDED_LATE: NewEvent[] = [
  OPENED,
  { kind: 'severity.changed', at: at(5), actor: 'bob', data: { to: 'SEV3', reason: 'only internal' } },
  { kind: 'role.assigned', at: at(7), actor: 'bob', data: { role: 'commander', person: 'bob' } },
  { kind: 'severity.changed', at: at(0), actor: 'alice', data: { to: 'SEV1', reason: 'alice thinks sev1' } },
  { kind: 'role.assigned', at: at(1), actor: 'alice', data: { role: 'commander', person: 'alice' } },
];

describe('a decision recorded after a later one (queued while the shared store was out of reach)', () => {
  const events = chainOf(RECORDED_LATE);
  const folded = fold(events);
  if (!folded.ok) throw new Error(folded.reason);
  const { state } = folded;

  it('does not replace it: the later decision stands', () => {
    expect(state.severity).toBe('SEV3');
    expect(state.roles.commander).toBe('bob');
    expect(state.acknowledgedAt).toBe(at(7));
  });

  it('is on the timeline where it was recorded, saying whose decision stands', () => {
    const timeline = new AppendOnlyTimeline((text) => text);
    for (const event of events) timeline.push(event);
    const view = timeline.view();
    const texts = view.entries(0, view.length).map((entry) => entry.text);
    expect(texts.slice(-2)).toEqual([
      "Severity changed to SEV1: alice thinks sev1 (made before bob's at 07:08:05Z and recorded late: bob's stands)",
      "alice is commander (made before bob's at 07:08:07Z and recorded late: bob's stands)",
    ]);
  });

  it("in the postmortem: the summary's severity and commander are the later decisions, and each role's time follows when it was assigned", () => {
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    const md = builder.render(state, responseMetrics(state));
    expect(md).toContain('| Severity | SEV3 (opened as SEV2) |');
    expect(md).toContain('| Commander | bob |');
    expect(md).toContain('| commander | alice | 2026-11-22 07:08:01 | 2026-11-22 07:08:07 | alice |');
    expect(md).toMatch(/\| commander \| bob \| 2026-11-22 07:08:07 \| 2026-11-22 07:08:07 \(still open\) \| bob \|/);
    expect(md).toContain("alice is commander (made before bob's at 07:08:07Z and recorded late: bob's stands)");
  });

  it('in log order when made in order: the last decision stands, as before', () => {
    const inOrder = fold(chainOf([OPENED, RECORDED_LATE[3]!, RECORDED_LATE[4]!, RECORDED_LATE[1]!, RECORDED_LATE[2]!]));
    if (!inOrder.ok) throw new Error(inOrder.reason);
    expect([inOrder.state.severity, inOrder.state.roles.commander]).toEqual(['SEV3', 'bob']);
  });
});

/**
 * A responder's test on the shared store: alice's note and rollback, queued while PostgreSQL was stopped, were listed
 * after bob's later notes, at their own earlier times, with nothing said of the order.
 */
describe('any event recorded after events made later', () => {
  const events = chainOf([
    OPENED,
    { kind: 'note', at: at(30), actor: 'bob', data: { text: 'b1: the database is down for alice' } },
    { kind: 'note', at: at(10), actor: 'alice', data: { text: 'a1: queued while the store was out of reach' } },
    // Two cockpits appending at once commit in either order: a second apart is no "late".
    { kind: 'note', at: at(29), actor: 'bob', data: { text: 'b2: made with a1 in flight' } },
    { kind: 'note', at: at(40), actor: 'alice', data: { text: 'a2: after the store came back' } },
  ]);

  it('says so on the timeline, with how late, and nothing of events in order or a second apart', () => {
    const timeline = new AppendOnlyTimeline((text) => text);
    for (const event of events) timeline.push(event);
    const view = timeline.view();
    expect(view.entries(0, view.length).map((entry) => entry.text).slice(1)).toEqual([
      'Note: b1: the database is down for alice',
      'Note: a1: queued while the store was out of reach (recorded late, after events made up to 07:08:30Z)',
      'Note: b2: made with a1 in flight',
      'Note: a2: after the store came back',
    ]);
  });

  it('says so in the postmortem\'s timeline', () => {
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    const md = builder.render(folded.state, responseMetrics(folded.state));
    expect(md).toContain('a1: queued while the store was out of reach (recorded late, after events made up to 07:08:30Z)');
    expect(md).not.toMatch(/b2: made with a1 in flight \(recorded late/);
  });
});

// A shared-store play-test: the check of alice's rollback passed while PostgreSQL was stopped (its verdict queued); on the
// store's return bob's cockpit reaped her expired lease, and every timeline and the postmortem then read "Action act-1
// no longer watched: … Enter on its step checks it" of a rollback verified a moment before.
describe('an action.unwatched recorded after its check had passed', () => {
  const made: NewEvent[] = [
    { kind: 'action.planned', at: at(1), actor: 'alice', data: { action: 'act-1', name: 'deploys.rollback', summary: 'roll back', calls: [] } },
    { kind: 'action.started', at: at(2), actor: 'alice', data: { action: 'act-1' } },
    { kind: 'action.succeeded', at: at(3), actor: 'alice', data: { action: 'act-1', summary: 'deployment started' } },
    { kind: 'verify.passed', at: at(9), data: { action: 'act-1', summary: 'stable on :41' } },
    { kind: 'action.unwatched', at: at(40), data: { action: 'act-1', reason: "alice's lease on it expired" } },
  ];
  const events = chainOf([OPENED, ...made]);

  it('says its verdict stands, on the timeline and in the postmortem', () => {
    const timeline = new AppendOnlyTimeline((text) => text);
    for (const event of events) timeline.push(event);
    const view = timeline.view();
    expect(view.entries(0, view.length).at(-1)!.text).toMatch(/no longer watched: alice's lease on it expired.* \(after its check had passed: its verdict stands, nothing to check\)$/);
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    const builder = new PostmortemBuilder();
    for (const event of events) builder.add(event);
    expect(builder.render(folded.state, responseMetrics(folded.state))).toContain('(after its check had passed: its verdict stands, nothing to check)');
  });
});

/**
 * helper-137 on the shared store: alice resolved while her cockpit could not reach it (queued); bob, online, resolved and
 * then reopened ("errors are back"); alice's resolve, uploaded last, closed the incident again on every screen, and the
 * next `cockpit open` made a second incident. The other way round, a queued reopen opened an incident bob had closed.
 */
describe('a mark of the incident recorded after a later one', () => {
  const events = chainOf([
    OPENED,
    { kind: 'incident.resolved', at: at(29), actor: 'bob', data: { summary: 'bob: looks fine' } },
    { kind: 'incident.reopened', at: at(33), actor: 'bob', data: { reason: 'bob: errors are back, reopening' } },
    { kind: 'incident.resolved', at: at(26), actor: 'alice', data: { summary: 'alice: all clear' } },
  ]);

  it('does not change the status: the later mark stands, and the timeline says whose', () => {
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    expect(folded.state.resolvedAt).toBeUndefined();
    expect(folded.state.decided.status).toEqual({ at: at(33), actor: 'bob' });
    const timeline = new AppendOnlyTimeline((text) => text);
    for (const event of events) timeline.push(event);
    const view = timeline.view();
    expect(view.entries(0, view.length).at(-1)?.text).toBe("Resolved: alice: all clear (made before bob's at 07:08:33Z and recorded late: bob's stands)");
  });

  it('a reopen queued before a later resolve leaves it resolved; made after it, it reopens', () => {
    const closed = [OPENED, { kind: 'incident.resolved', at: at(7), actor: 'bob', data: {} }] as NewEvent[];
    const late = fold(chainOf([...closed, { kind: 'incident.reopened', at: at(0), actor: 'alice', data: { reason: 'alice reopens' } }]));
    const after = fold(chainOf([...closed, { kind: 'incident.reopened', at: at(9), actor: 'alice', data: { reason: 'alice reopens' } }]));
    if (!late.ok || !after.ok) throw new Error('fold');
    expect([late.state.resolvedAt, after.state.resolvedAt]).toEqual([at(7), undefined]);
  });
});
