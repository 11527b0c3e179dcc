import { describe, expect, it } from 'vitest';
import { formatDrillReport } from '../../../src/core/drillReportText';
import { findingsText } from '../../../src/core/drillFindings';
import { scoreDrill } from '../../../src/core/drillScore';
import type { DrillExpectations } from '../../../src/core/drillTypes';
import { CLOSED_UNCONFIRMED, type NewEvent } from '../../../src/core/events';
import { chainOf, OPENED } from './chainOf';

/** Issue #15, "Drill reports that do not contradict themselves": the pure parts. */

const MIN = 60_000;
const START = Date.parse('2026-11-22T02:31:07.000Z');
const at = (ms: number) => new Date(START + ms).toISOString();

const expectations: DrillExpectations = {
  scenario: 'irreversible-migration',
  mitigations: [
    { action: 'flag', flag: 'checkout_v2', variant: 'off', verdict: 'right', why: 'the kill switch' },
    { action: 'rollback', verdict: 'risky', why: ':41 cannot read the schema; forced through, it fails most requests' },
  ],
  targets: { firstActionMs: 3 * MIN, mitigateMs: 10 * MIN, recoverMs: 20 * MIN },
  recoverySteps: ['burn-normal'],
};

const rollbackPlan = (action: string, ms: number): NewEvent => ({
  kind: 'action.planned',
  at: at(ms),
  data: { action, name: 'deploys.rollback', step: 'rollback', summary: 'roll back', calls: [] },
});
const flagOff = (ms: number): NewEvent[] => [
  { kind: 'action.planned', at: at(ms), data: { action: 'act-2', name: 'flags.set', step: 'disable-flag', summary: 'off', calls: [], facts: { flag: 'checkout_v2', after: 'off' } } },
  { kind: 'action.confirmed', at: at(ms), data: { action: 'act-2' } },
  { kind: 'action.started', at: at(ms), data: { action: 'act-2' } },
  { kind: 'action.succeeded', at: at(ms + 1000), data: { action: 'act-2', summary: 'set' } },
  { kind: 'verify.passed', at: at(ms + 2000), data: { action: 'act-2', summary: 'flag reloaded' } },
];
const checkPassed = (ms: number): NewEvent => ({ kind: 'verify.passed', at: at(ms), data: { step: 'burn-normal', summary: 'burn under 1x for 10m' } });
const chain = (...events: NewEvent[]) => chainOf([{ ...OPENED, at: at(0) }, ...events]);

describe('a plan declined at the confirmation', () => {
  const declined = chain(rollbackPlan('act-1', MIN), { kind: 'action.cancelled', at: at(MIN + 5000), data: { action: 'act-1', reason: 'declined by the responder' } }, ...flagOff(2 * MIN), checkPassed(14 * MIN));

  it('is judged declined, not "attempted, forced through", and costs nothing', () => {
    const report = scoreDrill(declined, expectations, { recovered: true });
    expect(report.riskyOrWrong).toEqual([expect.objectContaining({ action: 'act-1', verdict: 'risky', ran: false, outcome: 'declined' })]);
    expect(report.findings).toContain('Risky plan declined at the confirmation: deploys.rollback (not run, no penalty).');
    expect(report.findings.join('\n')).not.toMatch(/attempted|forced through/);
    const withoutThePlan = scoreDrill(chain(...flagOff(2 * MIN), checkPassed(14 * MIN)), expectations, { recovered: true });
    expect(report.score).toBe(withoutThePlan.score);
    expect(report.score).toBe(100);
  });

  it('declined twice is said once, with how many times (the report read the same line twice)', () => {
    const decline = (id: string, ms: number): NewEvent[] => [rollbackPlan(id, ms), { kind: 'action.cancelled', at: at(ms + 5000), data: { action: id, reason: 'declined by the responder' } }];
    const report = scoreDrill(chain(...decline('act-1', MIN), ...decline('act-2', 2 * MIN)), expectations, { recovered: false });
    expect(report.findings.filter((f) => f.includes('declined at the confirmation'))).toEqual(['Risky plan declined at the confirmation: deploys.rollback (not run, no penalty), 2 times.']);
  });

  it('the autopilot refusing to override a block is a decline too', () => {
    const events = chain(rollbackPlan('act-1', MIN), { kind: 'action.cancelled', at: at(MIN), data: { action: 'act-1', reason: 'autopilot never overrides a safety block (blocked: contract)' } });
    expect(scoreDrill(events, expectations, { recovered: false }).riskyOrWrong[0]?.outcome).toBe('declined');
  });

  it('a plan left at its confirmation when the drill was quit is said so, not as refused, and costs nothing', () => {
    const left = scoreDrill(chain(rollbackPlan('act-1', MIN), { kind: 'action.cancelled', at: at(MIN), data: { action: 'act-1', reason: CLOSED_UNCONFIRMED } }), expectations, { recovered: false });
    expect(left.riskyOrWrong[0]?.outcome).toBe('left');
    expect(left.findings).toContain('Risky plan left at its confirmation when the drill was quit: deploys.rollback (not run, no penalty).');
    expect(left.findings.join('\n')).not.toContain('refused');
    const declined = scoreDrill(chain(rollbackPlan('act-1', MIN), { kind: 'action.cancelled', at: at(MIN), data: { action: 'act-1', reason: 'declined by the responder' } }), expectations, { recovered: false });
    expect(left.score).toBe(declined.score);
  });

  it('a refusal by the cockpit itself is an attempt, not a decline', () => {
    const events = chain(rollbackPlan('act-1', MIN), { kind: 'action.cancelled', at: at(MIN), data: { action: 'act-1', reason: 'refused: the deploy state changed' } });
    const report = scoreDrill(events, expectations, { recovered: false });
    expect(report.riskyOrWrong[0]?.outcome).toBe('refused');
    expect(report.findings).toContain('Risky action attempted, refused by the cockpit: deploys.rollback — :41 cannot read the schema; forced through, it fails most requests');
  });
});

describe('an override of a safety block', () => {
  it('is "forced through", penalised, and listed as an override', () => {
    const events = chain(
      rollbackPlan('act-1', MIN),
      { kind: 'action.confirmed', at: at(MIN + 5000), data: { action: 'act-1', typed: true, override: true } },
      { kind: 'action.started', at: at(MIN + 5000), data: { action: 'act-1' } },
    );
    const report = scoreDrill(events, expectations, { recovered: false });
    expect(report.riskyOrWrong).toEqual([expect.objectContaining({ ran: true, outcome: 'overridden' })]);
    expect(report.overrides).toEqual(['act-1']);
    expect(report.findings).toContain('Risky action forced through a safety block: deploys.rollback (act-1) — :41 cannot read the schema; forced through, it fails most requests');
    // Said once: "Safety block overridden for act-1" beside it told the same of the same action.
    expect(report.findings.filter((f) => f.includes('act-1'))).toHaveLength(1);
    expect(report.score).toBe(0);
  });

  it('forced through, and its check failed (an Argo Rollout aborted it): says so, not what the scenario says it would do', () => {
    const events = chain(
      rollbackPlan('act-1', MIN),
      { kind: 'action.confirmed', at: at(MIN + 5000), data: { action: 'act-1', typed: true, override: true } },
      { kind: 'action.started', at: at(MIN + 5000), data: { action: 'act-1' } },
      { kind: 'action.succeeded', at: at(MIN + 6000), data: { action: 'act-1', summary: 'rolled' } },
      { kind: 'verify.failed', at: at(3 * MIN), data: { action: 'act-1', summary: 'AnalysisRun Failed (RolloutAborted)' } },
    );
    const report = scoreDrill(events, expectations, { recovered: false });
    expect(report.findings).toContain('Risky action forced through a safety block: deploys.rollback (act-1) — its check failed, so it did not take as planned: AnalysisRun Failed (RolloutAborted)');
    expect(report.findings.join('\n')).not.toContain('fails most requests');
  });

  it('a risky action that ran without a block is "taken"', () => {
    const events = chain(rollbackPlan('act-1', MIN), { kind: 'action.confirmed', at: at(MIN), data: { action: 'act-1' } }, { kind: 'action.started', at: at(MIN), data: { action: 'act-1' } });
    const report = scoreDrill(events, expectations, { recovered: false });
    expect(report.riskyOrWrong[0]).toMatchObject({ ran: true, outcome: 'ran' });
    expect(report.findings[0]).toMatch(/^The world did NOT recover/);
    expect(report.findings).toContain('Risky action taken: deploys.rollback (act-1) — :41 cannot read the schema; forced through, it fails most requests');
  });

  it('two taken are two lines, each naming its action (a rollback to :41 and one to :40 read as one, "2 times")', () => {
    const ran = (id: string, ms: number): NewEvent[] => [rollbackPlan(id, ms), { kind: 'action.confirmed', at: at(ms), data: { action: id } }, { kind: 'action.started', at: at(ms), data: { action: id } }];
    const report = scoreDrill(chain(...ran('act-1', MIN), ...ran('act-2', 5 * MIN)), expectations, { recovered: false });
    expect(report.findings.filter((f) => f.startsWith('Risky action taken'))).toEqual([
      'Risky action taken: deploys.rollback (act-1) — :41 cannot read the schema; forced through, it fails most requests',
      'Risky action taken: deploys.rollback (act-2) — :41 cannot read the schema; forced through, it fails most requests',
    ]);
  });
});

describe('a right mitigation made and then undone', () => {
  // A responder's drills (order-worker, payments-api): the rollback that stopped the burn, undone by mistake, read
  // "Right mitigation: never made: a rollback (…)" beside "act-6 undid act-5".
  it('is said as made and undone, never as never made', () => {
    const undo: NewEvent[] = [
      { kind: 'action.planned', at: at(5 * MIN), data: { action: 'act-3', name: 'flags.set', undoes: 'act-2', summary: 'on', calls: [], facts: { flag: 'checkout_v2', after: 'on' } } },
      { kind: 'action.confirmed', at: at(5 * MIN), data: { action: 'act-3' } },
      { kind: 'action.started', at: at(5 * MIN), data: { action: 'act-3' } },
      { kind: 'action.succeeded', at: at(5 * MIN + 1000), data: { action: 'act-3', summary: 'set' } },
    ];
    const report = scoreDrill(chain(...flagOff(2 * MIN), ...undo), expectations, { recovered: false });
    expect(report.findings).toContain('Right mitigation: none stands: act-2 made it 2m1s in, and act-3 undid it at 5m1s (target 10m).');
    expect(report.findings.join('\n')).not.toContain('never made');
    // An undo whose check failed (an Argo Rollout aborted it) took nothing back: the mitigation stands.
    const aborted = scoreDrill(chain(...flagOff(2 * MIN), ...undo, { kind: 'verify.failed', at: at(6 * MIN), data: { action: 'act-3', summary: 'RolloutAborted' } }), expectations, { recovered: false });
    expect(aborted.findings).toContain('Right mitigation: 2m2s (target 10m, met).');
  });
});

describe('the headline agrees with the findings', () => {
  it('recovered world, recovery check overridden by hand: "not confirmed", never "NOT RECOVERED" above "The world recovered"', () => {
    const events = chain(...flagOff(2 * MIN), { kind: 'step.completed', at: at(5 * MIN), data: { step: 'burn-normal', override: true, reason: 'dashboards agree' } });
    const report = scoreDrill(events, expectations, { recovered: true });
    expect(report.verdict).toBe('unconfirmed');
    const text = formatDrillReport(report);
    expect(text.split('\n')[1]).toMatch(/^RECOVERY NOT CONFIRMED · score \d+\/100$/);
    expect(text).not.toContain('NOT RECOVERED');
    expect(report.findings[0]).toBe("The world recovered (the sandbox's error ratio is under the SLO budget now; the SLO's windows drain after it), but the runbook's recovery checks did not confirm it.");
    expect(report.findings[1]).toBe('Recovery checks did not pass: 3. Burn under 1x for 10m (marked done by hand).');
    expect(report.findings).toContain('Recovery check 3. Burn under 1x for 10m marked done by hand (override): dashboards agree');
  });

  it('at 80 columns the report wraps at word boundaries, each finding\'s continuation under its text', () => {
    const events = chain(...flagOff(2 * MIN), { kind: 'step.completed', at: at(5 * MIN), data: { step: 'burn-normal', override: true, reason: 'dashboards agree' } });
    const report = scoreDrill(events, expectations, { recovered: true });
    const lines = formatDrillReport(report, 80).split('\n');
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    // Joined again, every word is whole: nothing was cut mid-word.
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    expect(words(lines.join(' '))).toEqual(words(formatDrillReport(report)));
    const first = lines.findIndex((line) => line.startsWith('  • The world recovered'));
    expect(lines[first + 1]).toMatch(/^ {4}\S/);
    // Piped (no width): one line a finding, as before.
    expect(formatDrillReport(report).split('\n')).toContain(`  • ${report.findings[0]}`);
  });

  it('every combination of world and checks has a headline its first finding does not contradict', () => {
    const cases = [
      { recovered: true, events: [...flagOff(MIN), checkPassed(12 * MIN)], headline: 'RECOVERED ·', first: /^The world recovered:/ },
      { recovered: true, events: flagOff(MIN), headline: 'RECOVERY NOT CONFIRMED ·', first: /^The world recovered \(/ },
      { recovered: false, events: [...flagOff(MIN), checkPassed(12 * MIN)], headline: 'NOT RECOVERED ·', first: /^The world did NOT recover: .* again after the recovery checks passed/ },
      { recovered: false, events: [], headline: 'NOT RECOVERED ·', first: /^The world did NOT recover: the service is still burning/ },
    ];
    for (const c of cases) {
      const report = scoreDrill(chain(...c.events), expectations, { recovered: c.recovered });
      const [, headline] = formatDrillReport(report).split('\n');
      expect(headline!.startsWith(c.headline)).toBe(true);
      expect(report.findings[0]).toMatch(c.first);
    }
  });
});

// A responder's drill: a rollback the scenario calls wrong, at 40s, met the first-action target.
describe('the first action', () => {
  const wrongRollback: DrillExpectations = { ...expectations, mitigations: [expectations.mitigations[0]!, { action: 'rollback', verdict: 'wrong', why: 'the deploy is not the cause' }] };
  const rolledBack = (ms: number): NewEvent[] => [rollbackPlan('act-1', ms), { kind: 'action.started', at: at(ms), data: { action: 'act-1' } }, { kind: 'action.succeeded', at: at(ms + 1000), data: { action: 'act-1', summary: 'rolled back' } }];

  it('is not a change the scenario calls wrong: the first one not wrong is, and the wrong one is named', () => {
    const report = scoreDrill(chain(...rolledBack(40_000), ...flagOff(4 * MIN), checkPassed(16 * MIN)), wrongRollback, { recovered: true });
    expect(report.findings).toContain('First action: 4m (target 3m, missed).');
    expect(report.findings).toContain('The first action made, deploys.rollback (act-1) at 40s, was a wrong one: it does not count as the first action.');
    expect(report.timeToFirstActionMs).toBe(4 * MIN);
    const onlyWrong = scoreDrill(chain(...rolledBack(40_000)), wrongRollback, { recovered: false });
    expect(onlyWrong.findings).toContain('First action: none but wrong ones (target 3m).');
    // A risky one is still an action on the way.
    expect(scoreDrill(chain(...rolledBack(40_000)), expectations, { recovered: false }).findings).toContain('First action: 40s (target 3m, met).');
  });

  // helper-143: the undo of the wrong rollback, at 2m31s, was scored the first action (target met, full points), the report
  // saying beside it that the undo was not scored; the kill switch at 8m40s was the first action on the runbook's way.
  it('is not the undo of a wrong one: taking a change back is no step on the way', () => {
    const undo: NewEvent[] = [
      { ...rollbackPlan('act-9', 151_000), data: { ...(rollbackPlan('act-9', 151_000).data as object), undoes: 'act-1' } } as NewEvent,
      { kind: 'action.started', at: at(151_000), data: { action: 'act-9' } },
      { kind: 'action.succeeded', at: at(152_000), data: { action: 'act-9', summary: 'rolled forward' } },
    ];
    const report = scoreDrill(chain(...rolledBack(45_000), ...undo, ...flagOff(8 * MIN + 40_000), checkPassed(20 * MIN)), wrongRollback, { recovered: true });
    expect(report.timeToFirstActionMs).toBe(8 * MIN + 40_000);
    expect(report.findings).toContain('First action: 8m40s (target 3m, missed).');
    expect(report.findings).toContain('The first action made, deploys.rollback (act-1) at 45s, was a wrong one: it does not count as the first action.');
  });
});

describe('drill time and real time', () => {
  const events = chain(...flagOff(4 * MIN), checkPassed(15 * MIN));

  it('at speed 1 the times carry no note: drill time is real time', () => {
    const report = scoreDrill(events, expectations, { recovered: true, speed: { kind: 'scaled', factor: 1 } });
    expect(report.findings).toContain('First action: 4m (target 3m, missed).');
    expect(report.findings.join('\n')).not.toMatch(/drill time|real\]/);
  });

  it('at --speed 10 the report says times are drill time and shows real time beside each', () => {
    const report = scoreDrill(events, expectations, { recovered: true, speed: { kind: 'scaled', factor: 10 } });
    expect(report.speed).toEqual({ kind: 'scaled', factor: 10 });
    expect(report.findings).toContain('Times and targets are drill time (the virtual clock ran at 10x): real time is shown beside them.');
    expect(report.findings).toContain('First action: 4m [24.0s real] (target 3m [18.0s real], missed).');
    expect(report.findings).toContain('Recovery: 15m [1m30s real] (target 20m [2m real], met).');
  });

  it('times are between the seconds the postmortem shows, so the report and the export agree', () => {
    // Opened at :07.900 (shown 02:31:07), the flag at 02:34:08.100 (shown 02:34:08): 3m1s, not the 3m0s the milliseconds round to.
    const events = chainOf([{ ...OPENED, at: at(900) }, ...flagOff(3 * MIN + 1100), checkPassed(15 * MIN)]);
    const report = scoreDrill(events, expectations, { recovered: true });
    expect(report.findings).toContain('First action: 3m1s (target 3m, missed).');
    expect(report.timeToFirstActionMs).toBe(3 * MIN + 1000);
  });

  it('real times that round to the same are given to the tenth, so a miss by a second does not read as equal', () => {
    const late = chain(...flagOff(3 * MIN + 1000), checkPassed(15 * MIN));
    const report = scoreDrill(late, expectations, { recovered: true, speed: { kind: 'scaled', factor: 10 } });
    expect(report.findings).toContain('First action: 3m1s [18.1s real] (target 3m [18.0s real], missed).');
  });

  // helper-143: `First action: 9m46s [20s real]` above `Right mitigation: 9m48s [19.6s real]`: a later time read earlier.
  it('real times under a minute are to the tenth on every line, so their order reads as the drill times do', () => {
    const report = scoreDrill(chain(...flagOff(9 * MIN + 46_000), checkPassed(25 * MIN)), expectations, { recovered: true, speed: { kind: 'scaled', factor: 30 } });
    expect(report.findings).toContainEqual(expect.stringMatching(/^First action: 9m46s \[19\.5s real\]/));
    expect(report.findings).toContainEqual(expect.stringMatching(/^Right mitigation: 9m48s \[19\.6s real\]/));
  });

  it('a resumed drill (more than one sitting, perhaps at other speeds) shows no real time, and says why', () => {
    const report = scoreDrill(events, expectations, { recovered: true, speed: { kind: 'scaled', factor: 10 }, resumed: true });
    expect(report.findings).toContain('Times and targets are drill time (the drill was resumed: it ran in more than one sitting, perhaps at other speeds, so no real time is shown).');
    expect(report.findings).toContain('First action: 4m (target 3m, missed).');
    expect(report.findings.join('\n')).not.toMatch(/real\]/);
  });

  it('at max speed it says the times are drill time, with no real time to show', () => {
    const report = scoreDrill(events, expectations, { recovered: true, speed: { kind: 'max' } });
    expect(report.findings).toContain('Times and targets are drill time (the virtual clock ran as fast as the work allowed).');
    expect(report.findings).toContain('First action: 4m (target 3m, missed).');
  });
});

describe('the findings as the timeline records them (drill.scored summary)', () => {
  it('a sentence each: a finding ending in parentheses does not run into the next', () => {
    // A responder's postmortem read "…(deploy not the cause) Step skipped: page-db".
    expect(findingsText(['Step skipped: rollback (deploy not the cause)', 'Step skipped: page-db', 'Recovery checks passed.'])).toBe(
      'Step skipped: rollback (deploy not the cause). Step skipped: page-db. Recovery checks passed.',
    );
    expect(findingsText([])).toBe('');
  });
});

describe('steps the responder did not do', () => {
  // Skipping a step with a reason cost 2 points (98/100); leaving it undone cost nothing and went unsaid.
  it('a skip and a step left undone cost alike (nothing), and both are said', () => {
    const done = (step: string, ms: number): NewEvent => ({ kind: 'step.completed', at: at(ms), data: { step } });
    const base = [done('confirm-impact', MIN), ...flagOff(2 * MIN), done('disable-flag', 2 * MIN + 3000), checkPassed(14 * MIN)];
    const skipped = scoreDrill(chain(...base, { kind: 'step.skipped', at: at(3 * MIN), data: { step: 'rollback', reason: 'the flag worked' } }), expectations, { recovered: true });
    const undone = scoreDrill(chain(...base), expectations, { recovered: true });
    expect(skipped.score).toBe(undone.score);
    expect(skipped.findings).toContain('Step skipped: 2. Roll back (the flag worked)');
    expect(undone.findings).toContain('Step not done: 2. Roll back');
    expect(skipped.findings.join('\n')).not.toContain('Step not done');
    // A mitigation not done is judged by the scenario's rules (bad-flag's rollback is the wrong one), not listed as undone.
    const judged = scoreDrill(chain(...base), { ...expectations, mitigationSteps: ['disable-flag', 'rollback'] }, { recovered: true });
    expect(judged.findings.join('\n')).not.toContain('Step not done: 2. Roll back');
    // Resolved with it passed over: why, as the resolve recorded it (order-worker read "Step not
    // done: pause-consumers" of a pause the rollback had made needless).
    const resolved: NewEvent = { kind: 'incident.resolved', at: at(15 * MIN), data: { passedOver: { steps: ['rollback'], why: 'not needed unless the burn goes on' } } };
    expect(scoreDrill(chain(...base, resolved), expectations, { recovered: true }).findings).toContain('Step not done: 2. Roll back (passed over: not needed unless the burn goes on)');
  });
});

// checkout-api bad-flag: the reminder came at 10m and no update was ever posted; the resolve dialog's "resolving ends this
// reminder" read as settled, and the drill report said nothing of it.
describe('the status update the runbook asks for', () => {
  const reminder = (details?: Record<string, string>): NewEvent => ({ kind: 'note', actor: 'cockpit', at: at(10 * MIN), data: { text: 'Reminder: no status update recorded yet', tag: 'reminder', ...(details ? { details } : {}) } });
  const base = [...flagOff(2 * MIN), checkPassed(14 * MIN)];
  it('never posted after the reminder: said, not scored', () => {
    const missed = scoreDrill(chain(...base, reminder({ after: '10m', channel: '#incidents' })), expectations, { recovered: true });
    expect(missed.findings).toContain('No status update posted (not scored): the runbook asks for one after 10m (in #incidents); the cockpit reminded at 02:41:07 UTC.');
    expect(missed.score).toBe(scoreDrill(chain(...base), expectations, { recovered: true }).score);
    // A log from before reminders carried what the runbook asks.
    expect(scoreDrill(chain(...base, reminder()), expectations, { recovered: true }).findings).toContain('No status update posted (not scored): the runbook asks for one; the cockpit reminded at 02:41:07 UTC.');
  });
  it('posted, late or not, or never asked for: nothing said', () => {
    const posted: NewEvent = { kind: 'comms.sent', at: at(12 * MIN), data: { channel: '#incidents', message: 'Checkout degraded' } };
    for (const events of [[...base, reminder({ after: '10m' }), posted], base]) {
      expect(scoreDrill(chain(...events), expectations, { recovered: true }).findings.join('\n')).not.toContain('status update');
    }
  });
});

describe('time to recovery is timed by the recovery checks', () => {
  it('a world that recovered with no check passed reads "not confirmed", not "never" beside "the world recovered"', () => {
    const report = scoreDrill(chain(...flagOff(2 * MIN)), expectations, { recovered: true });
    expect(report.verdict).toBe('unconfirmed');
    expect(report.findings).toContain('Recovery: not confirmed, no recovery check passed (target 20m).');
    expect(report.findings.join('\n')).not.toMatch(/Recovery: never/);
    // The other times still say never when they never happened.
    // What the scenario calls right, said: a bad-deploy report named the manual steps not done, never the rollback.
    expect(scoreDrill(chain(), expectations, { recovered: false }).findings).toContain('Right mitigation: never made: checkout_v2 set to off (the kill switch) (target 10m).');
    const rollback = { ...expectations, mitigations: [{ action: 'rollback' as const, verdict: 'right' as const, why: ':42 is the cause' }] };
    expect(scoreDrill(chain(), rollback, { recovered: false }).findings).toContain('Right mitigation: never made: a rollback (:42 is the cause) (target 10m).');
    // Made, and its check never passed (the responder quit while it was verified): not "never".
    const unwatched = scoreDrill(chain(...flagOff(2 * MIN).slice(0, 4)), expectations, { recovered: true });
    expect(unwatched.findings).toContain('Right mitigation: not verified: act-2 made it 2m1s in, and its check never passed (target 10m).');
  });

  it('a recovery check never started "did not pass" as one never run; one still watched as such; one that failed, plainly', () => {
    expect(scoreDrill(chain(...flagOff(2 * MIN)), expectations, { recovered: false }).findings).toContain('Recovery checks did not pass: 3. Burn under 1x for 10m (never run).');
    const started: NewEvent[] = [...flagOff(2 * MIN), { kind: 'step.started', at: at(3 * MIN), data: { step: 'burn-normal' } }];
    // Quit while it was watched: not a failure (a responder's quit drill read "did not pass: burn-normal").
    expect(scoreDrill(chain(...started), expectations, { recovered: false }).findings).toContain('Recovery checks did not pass: 3. Burn under 1x for 10m (still watched when the drill stopped).');
    const failed = chain(...started, { kind: 'verify.failed', at: at(9 * MIN), data: { step: 'burn-normal', summary: 'no SLO data' } });
    expect(scoreDrill(failed, expectations, { recovered: false }).findings).toContain('Recovery checks did not pass: 3. Burn under 1x for 10m.');
  });
});

// tworb (a responder's drill): :43 and :42 both bad, two rollbacks to :41. The report credited the
// first (`Right mitigation: 10m9s`) while the burn went on after it, and never named the second.
describe('several right changes', () => {
  const twoRollbacks: DrillExpectations = { ...expectations, scenario: 'tworb', mitigations: [{ action: 'rollback', verdict: 'right', why: 'rolling back fixes it' }] };
  const rollback = (action: string, ms: number): NewEvent[] => [
    rollbackPlan(action, ms),
    { kind: 'action.confirmed', at: at(ms), data: { action } },
    { kind: 'action.started', at: at(ms), data: { action } },
    { kind: 'action.succeeded', at: at(ms + 1000), data: { action, summary: 'UpdateService' } },
    { kind: 'verify.passed', at: at(ms + 60_000), data: { action, summary: 'svc runs the target' } },
  ];

  it('times the mitigation from the last verified before the recovery checks passed, and names them all', () => {
    const report = scoreDrill(chain(...rollback('act-1', 9 * MIN), ...rollback('act-2', 28 * MIN), checkPassed(40 * MIN)), twoRollbacks, { recovered: true });
    expect(report.timeToMitigationMs).toBe(29 * MIN);
    expect(report.findings).toContain('Right mitigation: 29m (target 10m, missed).');
    expect(report.findings).toContain("Right changes verified: act-1 at 10m, act-2 at 29m; the mitigation is act-2's, the last before the recovery checks passed.");
  });

  // mild (a responder's drill): the rollback that fixed it, undone: "Right mitigation: 2m42s … met", the undo unsaid.
  it('the burn back after the recovery checks passed unconfirms them, until they pass again', () => {
    const back: NewEvent = { kind: 'slo.observed', at: at(20 * MIN), data: { slo: 'availability', objective: 99.5, periodMs: 30 * 24 * 60 * MIN, windowMs: 5 * MIN, errorRatio: 0.1 } };
    const relapsed = scoreDrill(chain(...rollback('act-1', 2 * MIN), checkPassed(14 * MIN), back), twoRollbacks, { recovered: true });
    expect(relapsed.recoveryChecksPassed).toBe(false);
    expect(relapsed.findings).toContainEqual(expect.stringMatching(/^Recovery checks passed, then the burn came back at \d\d:\d\d:\d\d UTC \(5m 20\.0x\), and they were not run again\.$/));
    const again = scoreDrill(chain(...rollback('act-1', 2 * MIN), checkPassed(14 * MIN), back, checkPassed(40 * MIN)), twoRollbacks, { recovered: true });
    expect(again.recoveryChecksPassed).toBe(true);
    expect(again.findings).toContain('Recovery: 40m (target 20m, missed).');
  });

  it('a runbook with no recovery check scores without one (it threw "Reduce of empty array")', () => {
    const report = scoreDrill(chain(...rollback('act-1', 2 * MIN)), { ...twoRollbacks, recoverySteps: [] }, { recovered: true });
    expect(report.recoveryChecksPassed).toBe(true);
    expect(report.timeToMitigationMs).toBe(3 * MIN);
  });

  it('a right change undone is no mitigation, and the undo is said', () => {
    const undo: NewEvent[] = [
      { ...rollbackPlan('act-2', 9 * MIN), data: { ...(rollbackPlan('act-2', 9 * MIN).data as object), undoes: 'act-1' } } as NewEvent,
      { kind: 'action.confirmed', at: at(9 * MIN), data: { action: 'act-2' } },
      { kind: 'action.started', at: at(9 * MIN), data: { action: 'act-2' } },
      { kind: 'action.succeeded', at: at(9 * MIN + 1000), data: { action: 'act-2', summary: 'UpdateService' } },
    ];
    const report = scoreDrill(chain(...rollback('act-1', 2 * MIN), ...undo), twoRollbacks, { recovered: false });
    expect(report.timeToMitigationMs).toBeNull();
    // Its rollout never checked (a team drill's undo quit at 0/6 tasks): said so, as the postmortem does.
    expect(report.findings).toContain('act-2 undid act-1, its change not checked (not scored).');
    expect(report.findings.join('\n')).not.toMatch(/Right mitigation: 3m/);
    const checked = scoreDrill(chain(...rollback('act-1', 2 * MIN), ...undo, { kind: 'verify.passed', at: at(10 * MIN), data: { action: 'act-2', summary: 'svc runs svc:42' } }), twoRollbacks, { recovered: false });
    expect(checked.findings).toContain('act-2 undid act-1 (not scored).');
  });

  // A responder's drill: the rollback at 9m stopped the burn; a second, at 28m, went further back. The report read "the
  // mitigation is act-2's", made 15 minutes after the burn had stopped.
  it('a right change made after the burn had stopped is not the mitigation', () => {
    const burn = (ms: number, errorRatio: number): NewEvent => ({ kind: 'slo.observed', at: at(ms), data: { slo: 'availability', objective: 99.5, periodMs: 30 * 24 * 60 * MIN, windowMs: 5 * MIN, errorRatio } });
    // With the revisions its plan recorded: a change of the deployed revision.
    const revisions = (action: string, ms: number, from: string, to: string): NewEvent[] => [
      { kind: 'action.planned', at: at(ms), data: { action, name: 'deploys.rollback', step: 'rollback', summary: 'roll back', calls: [], facts: { currentRevision: from, targetRevision: to } } },
      ...rollback(action, ms).slice(1),
    ];
    const events = chain(burn(8 * MIN, 0.05), ...revisions('act-1', 9 * MIN, 'svc:42', 'svc:41'), burn(12 * MIN, 0.05), burn(16 * MIN, 0.001), ...revisions('act-2', 28 * MIN, 'svc:41', 'svc:40'), checkPassed(40 * MIN));
    const report = scoreDrill(events, twoRollbacks, { recovered: true });
    expect(report.timeToMitigationMs).toBe(10 * MIN);
    expect(report.findings).toContain("Right change verified: act-1 at 10m; act-2 at 29m came after the burn had stopped (not needed, credited with nothing); the mitigation is act-1's, the last made while the burn went on.");
  });

  it('a right change after the recovery checks passed is not the mitigation; with no check passed, the newest is', () => {
    expect(scoreDrill(chain(...rollback('act-1', 2 * MIN), checkPassed(14 * MIN), ...rollback('act-2', 20 * MIN)), twoRollbacks, { recovered: true }).timeToMitigationMs).toBe(3 * MIN);
    const unconfirmed = scoreDrill(chain(...rollback('act-1', 2 * MIN), ...rollback('act-2', 20 * MIN)), twoRollbacks, { recovered: false });
    expect(unconfirmed.timeToMitigationMs).toBe(21 * MIN);
    expect(unconfirmed.findings).toContain("Right changes verified: act-1 at 3m, act-2 at 21m; the mitigation is act-2's, the newest (no recovery check passed).");
    // One right change: no such line.
    expect(scoreDrill(chain(...rollback('act-1', 2 * MIN), checkPassed(14 * MIN)), twoRollbacks, { recovered: true }).findings.join('\n')).not.toContain('Right changes verified');
  });
});

describe('where the points went', () => {
  it('a score short of the maximum names the parts not earned in full, and the penalties; a full score says nothing more', () => {
    // First action at 4m (target 3m: half), the kill switch at 4m, the check at 16m.
    const late = scoreDrill(chain(...flagOff(4 * MIN), checkPassed(16 * MIN)), expectations, { recovered: true });
    expect(late.score).toBe(95);
    expect(late.findings.at(-1)).toBe('Score 95/100, short of full points on: first action 5 of 10');
    // The rollback forced through its block as well: a risky change run, and the override, with the clean run lost.
    const forced = scoreDrill(
      chain(rollbackPlan('act-1', MIN), { kind: 'action.confirmed', at: at(MIN), data: { action: 'act-1', override: true } }, { kind: 'action.started', at: at(MIN), data: { action: 'act-1' } }, { kind: 'action.succeeded', at: at(MIN + 1000), data: { action: 'act-1', summary: 'rolled back' } }, ...flagOff(2 * MIN), checkPassed(14 * MIN)),
      expectations,
      { recovered: true },
    );
    expect(forced.findings.at(-1)).toBe(`Score ${forced.score}/100, short of full points on: a clean run 0 of 10, -10 for a risky change run, -10 for a safety block overridden`);
    const clean = scoreDrill(chain(...flagOff(2 * MIN), checkPassed(14 * MIN)), expectations, { recovered: true });
    expect(clean.score).toBe(100);
    expect(clean.findings.join('\n')).not.toMatch(/^Score/m);
  });
});

// bad-flag at --speed 60 (a responder's play-test): `m` at +33m with "rollback done, should recover" while the burn was
// 18.1x; the postmortem said `marked, while availability was burning 18.1x on 5m`, the drill report nothing.
describe('a mitigated mark made while an SLO still burned', () => {
  it('is said, with the burn and why, not scored', () => {
    const marked: NewEvent = { kind: 'incident.mitigated', at: at(33 * MIN), data: { reason: 'rollback done, should recover', burning: 'availability is burning 18.1x on 5m' } };
    const report = scoreDrill(chain(...flagOff(2 * MIN), marked, checkPassed(44 * MIN)), expectations, { recovered: true });
    expect(report.findings).toContain(`Marked mitigated at ${at(33 * MIN).slice(11, 19)} UTC while availability was burning 18.1x on 5m (why: rollback done, should recover) (not scored).`);
    // Resolved so too (a responder's `end of shift` at 4.5x): the postmortem and the JSON said it, the report nothing.
    const resolved: NewEvent = { kind: 'incident.resolved', at: at(40 * MIN), data: { reason: 'end of shift', burning: 'availability is burning 4.5x on 5m' } };
    expect(scoreDrill(chain(...flagOff(2 * MIN), resolved), expectations, { recovered: false }).findings).toContain(`Resolved at ${at(40 * MIN).slice(11, 19)} UTC while availability was burning 4.5x on 5m (why: end of shift) (not scored).`);
    const calm = scoreDrill(chain(...flagOff(2 * MIN), { kind: 'incident.mitigated', at: at(20 * MIN), data: {} }, checkPassed(14 * MIN)), expectations, { recovered: true });
    expect(calm.findings.join('\n')).not.toMatch(/^Marked mitigated/m);
  });

  // A responder's drill (--speed 10): the burn came back 35 minutes under a mitigated mark, and the report said nothing.
  it('a burn back after a calm mark is said too, up to the next mark', () => {
    const burn = (ms: number, errorRatio: number): NewEvent => ({ kind: 'slo.observed', at: at(ms), data: { slo: 'availability', objective: 99.5, periodMs: 30 * 24 * 60 * MIN, windowMs: 5 * MIN, errorRatio } });
    const mark = (ms: number): NewEvent => ({ kind: 'incident.mitigated', at: at(ms), data: {} });
    const back = scoreDrill(chain(...flagOff(2 * MIN), mark(10 * MIN), burn(12 * MIN, 0.001), burn(20 * MIN, 0.06), checkPassed(44 * MIN)), expectations, { recovered: true });
    expect(back.findings).toContain(`Marked mitigated at ${at(10 * MIN).slice(11, 19)} UTC; the burn came back at ${at(20 * MIN).slice(11, 19)} UTC (5m 12.0x) (not scored).`);
    // Marked again once it came back: the first mark's relapse only.
    const again = scoreDrill(chain(...flagOff(2 * MIN), mark(10 * MIN), burn(20 * MIN, 0.06), mark(30 * MIN), burn(31 * MIN, 0.001)), expectations, { recovered: true });
    expect(again.findings.filter((f) => f.startsWith('Marked mitigated'))).toEqual([`Marked mitigated at ${at(10 * MIN).slice(11, 19)} UTC; the burn came back at ${at(20 * MIN).slice(11, 19)} UTC (5m 12.0x) (not scored).`]);
    const stayed = scoreDrill(chain(...flagOff(2 * MIN), mark(10 * MIN), burn(12 * MIN, 0.001)), expectations, { recovered: true });
    expect(stayed.findings.join('\n')).not.toMatch(/^Marked mitigated/m);
  });
});
