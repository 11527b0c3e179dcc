import { describe, expect, it } from 'vitest';
import { assertValidGantt } from '../../fixtures/timeline/gantt';
import type { DrillHarness } from '../../support/drillHarness';
import { parseMermaidGantt } from '../../support/mermaidParse';
import { mermaidBlock, playedRight, postmortem, rowsOf, section } from '../../support/postmortemHarness';

/**
 * The built-in scenarios that postmortem.test.ts does not play: irreversible-migration and
 * slow-burn, right and wrong, and bad-deploy wrong. For each, the facts a team signs: the causal
 * change with its time relative to the impact's start, the durations, the peak, and a chart that
 * calls nothing done or recovered that was not.
 */

/** The kill switch alone, then twenty minutes of drill time. */
async function killSwitchOnly(h: DrillHarness): Promise<void> {
  await h.runStep('disable-flag');
  await h.pass(20 * 60_000);
}

/** The rollback forced through its safety block with the override phrase, then twenty minutes. */
async function forceRollback(h: DrillHarness): Promise<void> {
  const { session } = h.drill;
  await session.dispatch({ type: 'step.run', step: 'rollback' });
  await h.until((v) => v.confirmation !== undefined);
  const { action, typeToConfirm } = session.view().confirmation!;
  expect(await session.dispatch({ type: 'confirm', action, typed: typeToConfirm })).toEqual({ ok: true });
  await h.pass(20 * 60_000);
}

const changesOf = (md: string) => rowsOf(section(md, 'What changed before'));

describe('postmortems of irreversible-migration, slow-burn and a wrong bad-deploy', () => {
  it('irreversible-migration played right: the flag toggle at impact start, the contract deploy listed, the blocked rollback not run', { timeout: 60_000 }, async () => {
    const md = await postmortem('irreversible-migration', playedRight, { requestsPerSecond: 40 });
    expect(md).toMatch(/\*\*Impact began:\*\* 2026-11-22 01:3[345]:00 UTC, 5[5-7]m before the incident was opened/);
    const changes = changesOf(md);
    expect(changes).toContainEqual(expect.stringMatching(/^\| 2026-11-22 01:35:00 \| within \d+m of impact start \| flag checkout_v2 → on \| erin \|/));
    expect(changes).toContainEqual(expect.stringMatching(/^\| 2026-11-21 23:30:00 \| 2h\dm before impact start \| deploy checkout-api:42 \| dave \| successful, migration: contract,/));
    expect(section(md, 'Detection and response')).toMatch(/\| Mitigated \| 1h1\dm\d*s? \| 15m\d*s? \|/);
    // the blocked rollback was refused, never run: no call, and the timeline says why
    expect(section(md, 'Response timeline')).toMatch(/deploys\.rollback \(act-\d\) cancelled: autopilot never overrides a safety block \(blocked: .*contract migration/);
    const rollback = section(md, 'Actions').split('\n### ').find((a) => a.includes('`deploys.rollback` (cancelled)'))!;
    expect(rollback).toContain('- Not run: no provider call was made');
    expect(rollback).toMatch(/Planned calls \(not made\):\n\n```\nUpdateService /);
    expect(rollback).not.toMatch(/Provider call returned|^Calls:/m);
    expect(md).toMatch(/availability:1h\/5m>14\.4 \(availability\): fired 2026-11-22 02:30:00 UTC \(already firing at the cockpit's first look\), peak 1[5-9]\.\dx .*, cleared 2026-11-22 02:3\d:\d\d UTC/);
    expect(section(md, 'Impact')).toMatch(/\| availability \| 99\.5% \| 30d \| [\d.]+% \| [\d.]+% \| [89]\.\d\d% over the 5m to 2026-11-22 02:30:00 UTC \| ≈ [\d,]+ \(at 40\/s\) \|/);
    const tasks = await parseMermaidGantt(mermaidBlock(md));
    expect(tasks.find((t) => t.task === 'flag checkout_v2 → on')).toMatchObject({ milestone: true, section: 'Changes before', start: '2026-11-22T01:35:00.000Z' });
    expect(tasks.find((t) => t.section === 'Actions' && t.task.startsWith('deploys.rollback'))).toMatchObject({ task: 'deploys.rollback cancelled', done: false, crit: false });
  });

  it('irreversible-migration played wrong (rollback forced through): the override is on the timeline, and it got worse', { timeout: 60_000 }, async () => {
    const md = await postmortem('irreversible-migration', forceRollback, {}, { autopilot: false });
    expect(section(md, 'Summary')).toContain('| Status | open |');
    expect(section(md, 'Response timeline')).toMatch(/\| tester \| deploys\.rollback \(act-\d\) confirmed, overriding the safety block \(typed the override phrase\) \|/);
    const actions = section(md, 'Actions');
    expect(actions).toContain('- **Safety block overridden by typed confirmation**');
    expect(actions).toMatch(/- Safety: blocked — .*checkout-api:42 ran a contract migration/);
    expect(actions).toContain('UpdateService {"cluster":"prod","service":"checkout-api","taskDefinition":"checkout-api:41"}');
    // :41 cannot read what :42's migration left: the peak comes after the rollback, far above the page's
    expect(section(md, 'Impact')).toMatch(/\| availability \| 99\.5% \| 30d \| [\d.]+% \| [\d.]+% \| [5-7]\d\.\d\d% over the 5m to 2026-11-22 02:(3[2-9]|[45]\d):00 UTC \|/);
    expect(md).toMatch(/availability:1h\/5m>14\.4 \(availability\): fired 2026-11-22 02:30:00 UTC \(already firing at the cockpit's first look\), peak \d{3}\.\dx .*still firing at export/);
    expect(section(md, 'Detection and response')).toMatch(/\| Mitigated \| — \| — \| — \|/);
    const chart = mermaidBlock(md);
    assertValidGantt(chart);
    const tasks = await parseMermaidGantt(chart);
    expect(tasks.find((t) => t.task.startsWith('deploys.rollback succeeded, safety overridden'))).toMatchObject({ crit: true, section: 'Actions' });
    expect(chart).not.toMatch(/Resolved|Mitigated/);
  });

  it('slow-burn played right: the impact began 5h30m before the page, with :42 at impact start', { timeout: 60_000 }, async () => {
    const md = await postmortem('slow-burn', playedRight);
    expect(md).toMatch(/\*\*Impact began:\*\* 2026-11-21 2[01]:\d\d:00 UTC, 5h(2\d|3\d)m before the incident was opened \(estimated: .*6h window/);
    // The scenario's baseline is 0.05%: the 30d window read whole held the burn's 5h30m too, and said 0.11%.
    expect(md).toMatch(/a baseline of 0\.0[456]% \(30d window without its last 6h\)/);
    const changes = changesOf(md);
    expect(changes).toContainEqual(expect.stringMatching(/^\| 2026-11-21 21:00:00 \| within \d+m of impact start \| deploy checkout-api:42 \| dave \|/));
    // the last flag change is there to be ruled out, days before
    expect(changes).toContainEqual(expect.stringMatching(/^\| 2026-11-16 02:30:00 \| 5d\d+h\d+m before impact start \| flag checkout_v2 → on \| erin \|/));
    // The drill opens on a burn under way: the trigger was firing at the first look, and the
    // postmortem read "Detected (first trigger fired) … 0s since opening".
    const detection = section(md, 'Detection and response');
    expect(detection).toMatch(/\| First trigger seen firing \(at the cockpit's first look: it fired before\) \| 5h(2\d|3\d)m \| 0s \|/);
    expect(detection).toContain('availability:6h/30m>6 was already firing when the cockpit first read its windows: the burn was detected before the cockpit was opened.');
    expect(section(md, 'Detection and response')).toMatch(/\| Mitigated \| 5h\d\dm\d*s? \| 1\dm\d*s? \|/);
    expect(md).toMatch(/availability:6h\/30m>6 \(availability\): fired 2026-11-22 02:30:00 UTC \(already firing at the cockpit's first look\), peak [78]\.\dx .*, cleared 2026-11-22 02:\d\d:\d\d UTC/);
    expect(section(md, 'Actions')).toMatch(/deploys\.rollback[\s\S]*- Verified: 2026-11-22 02:3\d:\d\d UTC — took \d+m\d*s? from start to verified/);
    // most of the budget went before anyone was paged: the export says so
    const [budget] = rowsOf(section(md, 'Impact').replace(/^\| availability/m, '| 2026 availability'));
    const [, consumed, before] = /\| ([\d.]+)% \| ([\d.]+)% \|/.exec(budget!)!.map(Number) as [number, number, number];
    expect(before).toBeGreaterThan(5);
    expect(before / consumed).toBeGreaterThan(0.9);
    const tasks = await parseMermaidGantt(mermaidBlock(md));
    expect(tasks.find((t) => t.task === 'Impact')).toMatchObject({ crit: true, start: expect.stringMatching(/^2026-11-21T2[01]:/) });
    expect(tasks.find((t) => t.task === 'deploy checkout-api∶42')).toMatchObject({ milestone: true, start: '2026-11-21T21:00:00.000Z' });
  });

  it('slow-burn played wrong (kill switch only): still open, still firing, the flag change is not called a fix', { timeout: 60_000 }, async () => {
    const md = await postmortem('slow-burn', killSwitchOnly);
    expect(section(md, 'Summary')).toContain('| Status | open |');
    // The flag's own check passed (the flag was set): it is not credited with a mitigation.
    expect(section(md, 'Summary')).toContain('| Mitigated | — |');
    expect(md).toMatch(/availability:6h\/30m>6 \(availability\): fired 2026-11-22 02:30:00 UTC \(already firing at the cockpit's first look\), peak [78]\.\dx .*still firing at export/);
    expect(section(md, 'Detection and response')).toMatch(/\| Mitigated \| — \| — \| — \|/);
    expect(changesOf(md)).toContainEqual(expect.stringMatching(/^\| 2026-11-21 21:00:00 \| .* impact start \| deploy checkout-api:42 \| dave \|/));
    const chart = mermaidBlock(md);
    assertValidGantt(chart);
    expect(chart).not.toMatch(/Resolved|Mitigated/);
    const tasks = await parseMermaidGantt(chart);
    expect(tasks.filter((t) => t.section === 'Steps' && /Burn under 1x/.test(t.task)).every((t) => !t.done)).toBe(true);
  });

  it('slow-burn, the kill switch and then the rollback: the burn stopped after the rollback, and the summary says so (not the flag, whose own check passed first)', { timeout: 60_000 }, async () => {
    const md = await postmortem('slow-burn', async (h) => {
      await h.runStep('disable-flag');
      await h.pass(5 * 60_000);
      await h.runStep('rollback');
      await h.pass(20 * 60_000);
    });
    expect(section(md, 'Summary')).toMatch(/\| Mitigated \| not marked; the burn stopped at 2026-11-22 \d\d:\d\d:\d\d UTC \(5m window under 1x: the burn ended within the 5m before\), after deploys\.rollback \(act-\d\) \|/);
    expect(section(md, 'Detection and response')).toMatch(/\| Burn stopped \(5m window under 1x\) \| 5h\d\dm\d*s? \| \d+m\d*s? \|/);
  });

  it('bad-deploy played wrong (kill switch only): :42 still named the hour before, nothing mitigated', { timeout: 60_000 }, async () => {
    // On screen too, as a needless rollback's step says it: the kill switch's step read `✓ done` alone beside a 16x burn.
    let flagStep: string | undefined;
    const md = await postmortem('bad-deploy', async (h) => {
      await killSwitchOnly(h);
      flagStep = h.drill.session.view().steps.find((step) => step.id === 'disable-flag')?.detail;
    });
    expect(flagStep).toBe('the burn went on after it');
    expect(md).toMatch(/\*\*Impact began:\*\* 2026-11-22 01:(29|30|31):00 UTC, (59m|1h|1h1m) before the incident was opened/);
    expect(changesOf(md)).toContainEqual(expect.stringMatching(/^\| 2026-11-22 01:30:00 \| within \dm of impact start \| deploy checkout-api:42 \| dave \|/));
    expect(section(md, 'Summary')).toContain('| Status | open |');
    expect(md).toMatch(/availability:1h\/5m>14\.4 \(availability\): fired 2026-11-22 02:30:00 UTC \(already firing at the cockpit's first look\), peak 1[5-9]\.\dx .*still firing at export/);
    expect(section(md, 'Detection and response')).toMatch(/\| Mitigated \| — \| — \| — \|/);
    // The kill switch did not help: said so, as a needless rollback is, and as left changed (a responder's drill read "(succeeded)" alone).
    expect(section(md, 'Actions')).toMatch(/`flags\.set` \(succeeded; the burn went on after it\)/);
    expect(section(md, 'Summary')).toMatch(/\| Left changed \(as last seen\) \| checkout_v2 serves off since \d\d:\d\d UTC \(was on; flags\.set act-1 by tester\), and the burn went on after it: it likely did not help \(set checkout_v2 back to on\?\) \|/);
    expect(mermaidBlock(md)).not.toMatch(/Resolved|Mitigated/);
  });
});
