import { describe, expect, it } from 'vitest';
import { assertValidGantt } from '../../fixtures/timeline/gantt';
import { parseMermaidGantt } from '../../support/mermaidParse';
import { exports, mermaidBlock, playedRight, postmortem, rowsOf, section } from '../../support/postmortemHarness';

/**
 * The exported postmortem of built-in scenarios played right (autopilot) and wrong, checked for
 * the facts a team signs: when the impact began, the causal change and its offset from it, the
 * durations, the peaks, the output as printed, and who did what. Facts, not a snapshot.
 */

describe('the postmortem states what happened', () => {
  it('bad-deploy played right: impact an hour before opening, :42 listed with its offset, rollback took until verified', { timeout: 60_000 }, async () => {
    const md = await postmortem('bad-deploy', playedRight, { requestsPerSecond: 40 });
    // :42 took traffic at 01:30 (10s task start); the page came at 02:30. The estimate is good to a few minutes.
    expect(md).toMatch(/\*\*Impact began:\*\* 2026-11-22 01:(29|30|31):00 UTC, (59m|1h|1h1m) before the incident was opened \(estimated: .*window/);
    const changes = rowsOf(section(md, 'What changed before'));
    expect(changes).toContainEqual(expect.stringMatching(/^\| 2026-11-22 01:30:00 \| within \dm of impact start \| deploy checkout-api:42 \| dave \|/));
    // the last flag change, however old, is there to be ruled out; older deploys are not
    expect(changes).toContainEqual(expect.stringMatching(/\| flag checkout_v2 → on \| erin \|/));
    expect(changes.join('\n')).not.toContain('checkout-api:41');
    // detection and response from the impact's start and from the opening
    expect(section(md, 'Detection and response')).toMatch(/\| Mitigated \| 1h1\dm\d*s? \| 15m30s \|/);
    // the rollback's call returns at once; it took a minute until verified
    expect(section(md, 'Actions')).toMatch(/deploys\.rollback[\s\S]*- Verified: 2026-11-22 02:31:00 UTC — took 1m from start to verified/);
    expect(md).not.toContain('took 0s)');
    // The change that fixed it says so (it read "(succeeded)" alone); the autopilot turned the kill switch in the same
    // instant, and the SLO cannot tell the two apart (each read "the burn stopped after it", alone).
    expect(section(md, 'Actions')).toMatch(/`deploys\.rollback` \(succeeded; the burn stopped after it and act-1, made together: the SLO cannot tell which\)/);
    // budget from the impact's start: an hour of 8% on a 30d 99.5% budget is ~2.2% before opening
    const [budget] = rowsOf(section(md, 'Impact').replace(/^\| availability/m, '| 2026 availability'));
    expect(budget).toMatch(/\| 99\.5% \| 30d \| 2\.[2-4]\d% \| 2\.[12]\d% \| 7\.9\d% over the 5m to 2026-11-22 02:30:00 UTC \| ≈ [\d,]+ \(at 40\/s\) \|/);
    // the trigger's peak is the highest burn while it fired (the 5m sample at firing beats the min of both windows)
    expect(md).toMatch(/availability:1h\/5m>14\.4 \(availability\): fired 2026-11-22 02:30:00 UTC \(already firing at the cockpit's first look\), peak 15\.9x \(5m window at 02:30:00 UTC\)/);
    // the output as printed, line for line
    expect(md).toContain('database health for checkout-api\nconnections: 42/500');
    // the cockpit's own events are the cockpit's
    const timeline = rowsOf(section(md, 'Response timeline'));
    for (const kind of [/Deploy checkout-api:42 successful/, /Trigger .* fired/, /Note: Reminder/, /Verified: availability 5m burn/]) {
      expect(timeline.find((r) => kind.test(r))).toMatch(/^\| [\d-]+ [\d:]+ \| cockpit \|/);
    }
    expect(timeline.find((r) => /deploys\.rollback \(act-\d\) confirmed/.test(r))).toMatch(/\| tester \|/);
    // Nobody recorded the update the runbook asks for: said, not left to "no status update was recorded" alone.
    expect(section(md, 'Communications')).toMatch(/No status update was recorded on the timeline, though the runbook asks for one after 10m \(in #incidents\): the cockpit reminded the responders at 2026-11-22 02:\d\d:\d\d UTC\./);
    for (const title of ['Summary', 'Impact', 'Detection and response', 'Communications', 'Roles', 'Contributing factors', 'Action items', 'Timeline anchor']) section(md, title);
    expect(section(md, 'Timeline anchor')).toMatch(/\| Events \| \d+ \|\n\| Head hash \| `sha256:[0-9a-f]{64}` \|/);
    expect(md).toContain('_TO FILL IN (team)');
    const chart = mermaidBlock(md);
    assertValidGantt(chart);
    const tasks = await parseMermaidGantt(chart);
    expect(tasks.find((t) => t.task === 'deploys.rollback succeeded, verified')).toMatchObject({ done: true, section: 'Actions', start: '2026-11-22T02:30:00.000Z', end: '2026-11-22T02:31:00.000Z' });
    expect(tasks.find((t) => t.task === 'deploy checkout-api∶42')).toMatchObject({ milestone: true, section: 'Changes before', start: '2026-11-22T01:30:00.000Z' });
    // The impact ends when the 5m window fell under 1x (the poll at 02:35:30, recorded as it crossed), not at the mitigated mark (02:45:30).
    expect(tasks.find((t) => t.task === 'Impact')).toMatchObject({ crit: true, end: '2026-11-22T02:35:30.000Z' });
  });

  it('the JSON export says when the impact began and what it cost from then, as the postmortem does (it counted only from the opening: 5x less)', { timeout: 60_000 }, async () => {
    const { md, json } = await exports('bad-flag', playedRight);
    const began = /\*\*Impact began:\*\* (\S+) (\S+) UTC/.exec(md)!;
    expect(json.impact.startedAt).toBe(`${began[1]}T${began[2]}.000Z`);
    expect(json.impact.basis).toBe('windows');
    const [row] = rowsOf(section(md, 'Impact').replace(/^\| availability/m, '| 2026 availability'));
    const [consumed, before] = [...row!.matchAll(/\| ([\d.]+)% /g)].slice(1, 3).map((m) => m[1]);
    const [budget] = json.impact.errorBudget;
    expect([(budget!.consumed * 100).toFixed(2), (budget!.beforeSamples * 100).toFixed(2)]).toEqual([consumed, before]);
    expect(budget!.consumed).toBeGreaterThan(3 * json.metrics.errorBudget[0]!.consumed);
    // What it left behind, the same in both (the JSON had none of it).
    expect(json.openEnds.changes.length).toBeGreaterThan(0);
    for (const change of json.openEnds.changes) expect(section(md, 'Summary')).toContain(change);
  });

  it('bad-flag played right: the toggle is at impact start, the older deploy is listed but hours before', { timeout: 60_000 }, async () => {
    const md = await postmortem('bad-flag', playedRight);
    expect(md).toMatch(/\*\*Impact began:\*\* 2026-11-22 01:3[456]:00 UTC, 5[456]m before the incident was opened/);
    const changes = rowsOf(section(md, 'What changed before'));
    expect(changes).toContainEqual(expect.stringMatching(/^\| 2026-11-22 01:35:00 \| within \dm of impact start \| flag checkout_v2 → on \| erin \|/));
    expect(changes).toContainEqual(expect.stringMatching(/^\| 2026-11-21 23:30:00 \| 2h[456]m before impact start \| deploy checkout-api:42 \| dave \|/));
    expect(md).toContain('failed requests');
    expect(md).toContain('unknown (no request rate given');
    const tasks = await parseMermaidGantt(mermaidBlock(md));
    expect(tasks.find((t) => t.task === 'flag checkout_v2 → on')).toMatchObject({ milestone: true, start: '2026-11-22T01:35:00.000Z' });
  });

  it("bad-flag, resolved after the kill switch: the runbook's rollback step is not done, and the postmortem says why, as the resolve dialog did", { timeout: 60_000 }, async () => {
    const md = await postmortem('bad-flag', async (h) => {
      await h.runStep('confirm-impact');
      await h.runStep('disable-flag');
      await h.until((view) => view.passedOver.indexes.includes(2), 10 * 60_000);
      expect(await h.drill.session.dispatch({ type: 'incident.resolved', reason: 'kill switch took' })).toEqual({ ok: true });
      const resolved = (await h.events()).find((e) => e.kind === 'incident.resolved');
      expect(resolved?.data).toMatchObject({ passedOver: { steps: expect.arrayContaining(['rollback']), why: 'not needed unless the burn goes on' } });
    });
    // It read "| Runbook steps not done | 3. Roll back; …": forgotten, to a reader of the postmortem.
    expect(section(md, 'Summary')).toMatch(/\| Runbook steps not done \| [^|]*3\. Roll back to the previous task definition \(passed over: not needed unless the burn goes on\)/);
  });

  it('bad-flag played wrong (rollback): still burning, trigger still firing with its peak, and the chart does not call it recovered', { timeout: 60_000 }, async () => {
    const md = await postmortem('bad-flag', async (h) => {
      await h.runStep('rollback');
      await h.pass(20 * 60_000);
    });
    expect(section(md, 'Summary')).toContain('| Status | open |');
    // fired at the opening and never cleared: the peak is over the whole firing, beyond the burn at firing
    expect(md).toMatch(/availability:1h\/5m>14\.4 \(availability\): fired 2026-11-22 02:30:00 UTC \(already firing at the cockpit's first look\), peak 1[6-9]\.\dx \(5m window at 02:\d\d:00 UTC\), still firing at export/);
    expect(section(md, 'Detection and response')).toMatch(/\| Mitigated \| — \| — \| — \|/);
    expect(section(md, 'Actions')).toMatch(/deploys\.rollback[\s\S]*- Verified: .* — took \d+m?\d*s? from start to verified/);
    const chart = mermaidBlock(md);
    assertValidGantt(chart);
    const tasks = await parseMermaidGantt(chart);
    expect(tasks.map((t) => t.task)).not.toContain('Resolved');
    // the recovery check never passed: not done
    expect(tasks.filter((t) => t.section === 'Steps' && /Burn under 1x/.test(t.task)).every((t) => !t.done)).toBe(true);
    expect(chart).not.toMatch(/Resolved|Mitigated/);
    expect(chart).toMatch(/Impact :crit, 2026-11-22 01:3\d:00, /);
  });
});
