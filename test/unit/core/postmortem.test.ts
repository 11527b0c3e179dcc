import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/core/describeEvent';
import type { NewEvent, StoredEvent } from '../../../src/core/events';
import { buildExport } from '../../../src/core/exportJson';
import { fold } from '../../../src/core/incident';
import { responseMetrics } from '../../../src/core/metrics';
import { describeCall, PostmortemBuilder } from '../../../src/core/postmortem';
import { parseMermaidGantt } from '../../support/mermaidParse';
import { chainOf, OPENED } from './chainOf';
import { timelineArb } from './eventArbitraries';

const mermaidBlockOf = (md: string) => {
  const chart = md.slice(md.indexOf('```mermaid'));
  return chart.slice(0, chart.indexOf('\n```\n') + 4);
};

/** Minutes after 02:31:07 UTC, and the 5m window's sample of availability (99.5%) then. */
const at = (minutes: number) => new Date(Date.parse('2026-11-22T02:31:07.000Z') + minutes * 60_000).toISOString();
const short = (minutes: number, errorRatio: number): NewEvent => ({ kind: 'slo.observed', at: at(minutes), data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 300_000, errorRatio } });

function render(events: StoredEvent[], options: ConstructorParameters<typeof PostmortemBuilder>[0] = {}): string {
  const folded = fold(events);
  if (!folded.ok) throw new Error(folded.reason);
  const builder = new PostmortemBuilder(options);
  for (const event of events) builder.add(event);
  return builder.render(folded.state, responseMetrics(folded.state));
}

describe('postmortem', () => {
  // helper-138: a drill quit (scored 0/100, "did NOT recover"), resumed, the burn stopped since; exported while open, its
  // Drill score section read as current beside the same document's "the burn stopped".
  it("a drill resumed since its last score says the score is of the drill as it was then; ended after it, nothing", () => {
    const scored: NewEvent = { kind: 'drill.scored', at: at(2), data: { score: 0, max: 100, summary: 'The world did NOT recover' } };
    const resumed = render(chainOf([{ ...OPENED, at: at(0) }, scored, { kind: 'note', at: at(3), data: { text: "root's cockpit opened the incident again" } }], { drill: true }));
    expect(resumed).toContain('Scored at 02:33:07 UTC, when its cockpit quit; the drill went on after it and has not ended since: this is the drill as it was then (it is scored again when it ends).');
    const ended = render(chainOf([{ ...OPENED, at: at(0) }, { kind: 'incident.resolved', at: at(1), data: {} }, scored], { drill: true }));
    expect(ended).not.toContain('when its cockpit quit');
  });

  // helper-136's rig: the cockpit opened on a clean window (0.17x), the bad deploy 6 s later, the first burning sample
  // 30 s after the opening: "Impact began 4m30s before the incident was opened", and the deploy left out of what changed.
  it('an impact begun after the opening is dated after the clean sample, and the deploy just after the opening is listed before it', () => {
    const deploy = { kind: 'deploy.observed', at: at(0.25), actor: 'cockpit', data: { id: 'd-3', revision: 'checkout-api:3', status: 'in-progress', current: true, startedAt: new Date(Date.parse(at(0)) + 6_000).toISOString(), actor: 'carol' } } as NewEvent;
    const md = render(chainOf([{ ...OPENED, at: at(0) }, short(0, 0.00084), deploy, short(0.5, 0.016)]));
    expect(md).toContain('**Impact began:** 2026-11-22 02:30:51 UTC, 16s before the incident was opened');
    expect(md).toMatch(/\| 2026-11-22 02:31:13 \| [^|]+ \| deploy checkout-api:3 \| carol \|/);
    expect(md).toContain('until the latest the impact start can be (it may have come after the opening)');
  });

  it('its verify command reads the store the log is in', () => {
    const events = chainOf([OPENED]);
    const head = events.at(-1)!.hash;
    expect(render(events)).toContain(`\`cockpit verify inc-20261122-0231-test --expect-head ${head}\``);
    expect(render(events, { verifyArgs: ['--store', 'postgres://ic@db.internal/cockpit'] })).toContain(
      `\`cockpit verify inc-20261122-0231-test --store postgres://ic@db.internal/cockpit --expect-head ${head}\``,
    );
  });

  // A cockpit whose providers never answered: its postmortem said no trigger fired "(the burn stayed under every
  // trigger's long window)" and no deploy changed, of SLOs and deploys it never read.
  it('says what it could not know when no SLO, deploy or flag was ever read', () => {
    const md = render(chainOf([OPENED]));
    expect(md).toContain('No SLO observations were recorded: whether a burn-rate trigger fired is not known; say how the incident was found.');
    expect(md).not.toContain('the burn stayed under every trigger');
    expect(md).toContain('No deploy or flag change with a recorded time in that window. No deploys and no flags were read during the incident (their providers did not answer, or the runbook has none): changes there are not known.');
    // With a reading of them, no trigger is news.
    expect(render(chainOf([OPENED, short(1, 0.001)]))).toContain('No burn-rate trigger fired: no page came from these SLOs');
  });

  it('every event kind gets a readable line with no "undefined" in it', () => {
    fc.assert(
      fc.property(timelineArb(), (timeline) => {
        for (const event of chainOf([OPENED, ...timeline])) {
          const line = describeEvent(event);
          expect(line.length).toBeGreaterThan(0);
          expect(line).not.toMatch(/undefined|\[object/);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('the summary names what the incident left behind: steps not done, a kill switch still engaged', () => {
    const md = render(
      chainOf([
        OPENED,
        { kind: 'step.completed', data: { step: 'confirm-impact' } },
        { kind: 'action.planned', data: { action: 'act-1', name: 'flags.set', summary: 'Set checkout_v2 to off', calls: [], facts: { flag: 'checkout_v2', field: 'defaultVariant', before: 'on', after: 'off' } } },
        { kind: 'action.started', actor: 'alice', data: { action: 'act-1' } },
        { kind: 'action.succeeded', data: { action: 'act-1', summary: 'set' } },
        { kind: 'flag.changed', data: { key: 'checkout_v2', from: 'on', to: 'off', state: 'ENABLED' } },
        { kind: 'incident.resolved', data: {} },
      ]),
    );
    expect(md).toContain('| Runbook steps not done | 2. Roll back; 3. Burn under 1x for 10m (recovery check: never run, so nothing confirmed the recovery) |');
    expect(md).toMatch(/\| Left changed \(as last seen\) \| checkout_v2 serves off since 02:31 UTC \(was on; flags.set act-1 by alice\) \|/);
    expect(md).not.toContain('Runbook steps skipped');
  });

  // order-worker: `1. Pause the consumers`, skipped ("no time, rolling back"), was in no row of the summary.
  it('the summary names the steps skipped, with their reasons', () => {
    const md = render(chainOf([OPENED, { kind: 'step.skipped', data: { step: 'confirm-impact', reason: 'no time, rolling back' } }, { kind: 'incident.resolved', data: {} }]));
    expect(md).toContain('| Runbook steps skipped | 1. Confirm customer impact (no time, rolling back) |');
  });

  it('a rollback the burn went on after is said so, in its action and as left in place (bad-flag played wrong)', () => {
    const md = render(
      chainOf([
        { ...OPENED, at: at(0) },
        short(0.5, 0.08),
        { kind: 'action.planned', at: at(1), data: { action: 'act-1', name: 'deploys.rollback', summary: 'Roll back checkout-api from :42 to :41', calls: [], facts: { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' } } },
        { kind: 'action.started', at: at(1), actor: 'alice', data: { action: 'act-1' } },
        { kind: 'action.succeeded', at: at(1), data: { action: 'act-1', summary: 'rolled back' } },
        ...[2, 3, 4, 5, 6, 7, 8, 9].map((m) => short(m, 0.08)),
        { kind: 'incident.resolved', at: at(10), data: { burning: 'availability is burning 16.0x on 5m', reason: 'drill over' } },
      ]),
    );
    // Resolved past a burn: said where it is read, not only deep in the timeline.
    expect(md).toContain('| Resolved | 2026-11-22 02:41:07 UTC, while availability was burning 16.0x on 5m (why: drill over) |');
    expect(md).toContain('— `deploys.rollback` (succeeded; the burn went on after it)');
    expect(md).toContain('| Left changed (as last seen) | checkout-api:41 still runs: rolled back from checkout-api:42 at 02:32 UTC (deploys.rollback act-1 by alice), and the burn went on after it: either checkout-api:42 is not the cause (roll forward?) or checkout-api:41 is as bad (roll back further?) |');
  });

  // payments-api bad-flag at 120x40: resolved while burning 12.4x, reopened, resolved again; the summary said only the last.
  it('a resolve taken back by a reopen is in the summary, with what burned then and why it was reopened', () => {
    const md = render(
      chainOf([
        { ...OPENED, at: at(0) },
        { kind: 'incident.resolved', at: at(4), actor: 'root', data: { burning: 'availability is burning 12.4x on 5m', reason: 'kill switch made' } },
        { kind: 'incident.reopened', at: at(5), actor: 'root', data: { reason: 'still burning' } },
        { kind: 'incident.resolved', at: at(20), actor: 'root', data: {} },
      ]),
    );
    expect(md).toContain('| Resolved | 2026-11-22 02:51:07 UTC |');
    expect(md).toContain('| Reopened | 2026-11-22 02:36:07 UTC by root (still burning), after a resolve at 2026-11-22 02:35:07 UTC, while availability was burning 12.4x on 5m (why: kill switch made) |');
  });

  it('a rollback after which the burn rose is said so, in its action and as left in place (irreversible-migration forced)', () => {
    const md = render(
      chainOf([
        { ...OPENED, at: at(0) },
        // Watched a minute before the rollback: the window held the burn going on.
        short(0, 0.09),
        short(1, 0.09),
        { kind: 'action.planned', at: at(1.2), data: { action: 'act-1', name: 'deploys.rollback', summary: 'Roll back checkout-api from :42 to :41', calls: [], facts: { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' } } },
        { kind: 'action.started', at: at(1.2), actor: 'alice', data: { action: 'act-1' } },
        { kind: 'action.succeeded', at: at(1.2), data: { action: 'act-1', summary: 'rolled back' } },
        ...[2, 3, 4, 5, 6, 7, 8, 9].map((m) => short(m, 0.6)),
        { kind: 'incident.resolved', at: at(10), data: {} },
      ]),
    );
    expect(md).toContain('— `deploys.rollback` (succeeded; the burn rose after it)');
    expect(md).toContain('| Left changed (as last seen) | checkout-api:41 still runs: rolled back from checkout-api:42 at 02:32 UTC (deploys.rollback act-1 by alice), and the burn rose after it: the rollback made it worse (undo it: deploy checkout-api:42 again) |');
  });

  it('a mitigated mark made while burning says so, and ends no impact on the chart (search-api: the rollback skipped)', async () => {
    const md = render(
      chainOf([
        { ...OPENED, at: at(0) },
        ...[0, 1, 2, 3].map((m) => short(m, 0.08)),
        { kind: 'incident.mitigated', at: at(4), data: { burning: 'availability is burning 16.0x on 5m', reason: 'fixing forward' } },
        ...[5, 6, 7, 8].map((m) => short(m, 0.08)),
        { kind: 'incident.resolved', at: at(9), data: { burning: 'availability is burning 16.0x on 5m', reason: 'drill over' } },
      ]),
    );
    expect(md).toContain('| Mitigated | 2026-11-22 02:35:07 UTC (marked, while availability was burning 16.0x on 5m (why: fixing forward)) |');
    expect(md).toMatch(/\| Mitigated \(marked while burning\) \| .* \| 4m \| 2026-11-22 02:35:07 \|/);
    // The mark that stands is the fold's: a resolve taken back returns to it; a mitigated mark taken back is gone.
    const marks = (...after: NewEvent[]) => render(chainOf([{ ...OPENED, at: at(0) }, short(0, 0.08), { kind: 'incident.mitigated', at: at(4), data: { burning: 'availability is burning 16.0x on 5m', reason: 'fixing forward' } }, ...after]));
    expect(marks({ kind: 'incident.resolved', at: at(5), data: {} }, { kind: 'incident.reopened', at: at(6), data: { reason: 'too early' } })).toContain('(marked, while availability was burning 16.0x on 5m (why: fixing forward))');
    expect(marks({ kind: 'incident.reopened', at: at(6), data: { reason: 'too early' } }, { kind: 'incident.mitigated', at: at(8), data: {} })).toContain('| Mitigated | 2026-11-22 02:39:07 UTC (marked) |');
    const impact = (await parseMermaidGantt(mermaidBlockOf(md))).find((t) => t.task === 'Impact');
    // To the resolution: the burn never stopped.
    expect(impact?.end).toBe('2026-11-22T02:40:07.000Z');
  });

  it('says where the budget count stands on no SLO data (Prometheus down 10 minutes), in Markdown and JSON', () => {
    const start = Date.parse('2026-11-22T02:31:00.000Z');
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    const short = (minutes: number, errorRatio: number): NewEvent => ({ kind: 'slo.observed', at: at(minutes), data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 300_000, errorRatio } });
    const events = chainOf([
      { ...OPENED, at: at(0) },
      ...[0, 1, 2].map((m) => short(m, 0.095)),
      // Nothing from 02:33 to 02:43: the provider was down. The sample at 02:43 measured 02:38–02:43.
      ...[12, 13].map((m) => short(m, 0.001)),
      { kind: 'incident.resolved', at: at(14), data: {} },
    ]);
    const md = render(events);
    expect(md).toContain('- availability (5m window): nothing measured from 2026-11-22 02:33:00 to 2026-11-22 02:38:00 UTC (5m; the next sample, at 2026-11-22 02:43:00 UTC, measured the 5m before it), counted at 19.0x, the burn read before it.');
    expect(md).toContain('the budget above counts each stretch no sample measured at the burn read before it');
    const folded = fold(events);
    if (!folded.ok) throw new Error(folded.reason);
    expect(buildExport(folded.state, events).impact.errorBudget[0]!.gaps).toEqual([{ from: at(2), to: at(7), heldBurn: expect.closeTo(19, 6) }]);
    // An outage shorter than the window is measured whole by the sample after it: no gap to speak of.
    const short4 = chainOf([{ ...OPENED, at: at(0) }, ...[0, 1, 2].map((m) => short(m, 0.095)), ...[6, 7].map((m) => short(m, 0.001)), { kind: 'incident.resolved', at: at(8), data: {} }]);
    expect(render(short4)).not.toContain('No SLO data');
    // Samples a minute apart say nothing of gaps.
    expect(render(chainOf([{ ...OPENED, at: at(0) }, ...[0, 1, 2, 3].map((m) => short(m, 0.095)), { kind: 'incident.resolved', at: at(4), data: {} }]))).not.toContain('No SLO data');
  });

  // bad-flag: the trigger fired with its 5m window at 18.06x, and the postmortem said "peak 17.9x
  // (5m window at 02:31:00 UTC)", beside a peak error ratio of 9.03% (18.1x).
  it("a trigger's peak counts its own windows as it fired", () => {
    const at = (minutes: number) => new Date(Date.parse('2026-11-22T02:30:00.000Z') + minutes * 60_000).toISOString();
    const md = render(
      chainOf([
        { ...OPENED, at: at(0) },
        { kind: 'trigger.fired', at: at(0), data: { trigger: 'availability:1h/5m>14.4', slo: 'availability', burnRate: 16.2, threshold: 14.4, longBurn: 16.2, shortBurn: 18.06 } },
        { kind: 'slo.observed', at: at(1), data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 300_000, errorRatio: 0.0895 } },
      ]),
    );
    expect(md).toContain('- availability:1h/5m>14.4 (availability): fired 2026-11-22 02:30:00 UTC, peak 18.1x (5m window when it fired), still firing at export');
  });

  // A real rig (Q): A's Summary said "Impact began 11:14:00 UTC", 2m11s before the deploy that
  // caused it; only the Impact section said "give or take 3m".
  it("the Summary's impact start says how sure it is: give or take, or earlier", () => {
    const window = (minutes: number, windowMs: number, errorRatio: number): NewEvent => ({ kind: 'slo.observed', at: at(minutes), data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs, errorRatio } });
    const estimated = render(chainOf([OPENED, window(0, 300_000, 0.09), window(0, 1_800_000, 0.09), window(0, 3_600_000, 0.0825), window(0, 30 * 86_400_000, 0.0005)]));
    expect(estimated).toMatch(/\| Impact began \| 2026-11-22 01:36:07 UTC, give or take 4m \(see Impact for how it was estimated\) \|/);
    const bound = render(chainOf([OPENED, short(0, 0.08)]));
    expect(bound).toContain('| Impact began | 2026-11-22 02:31:07 UTC or earlier (see Impact for how it was estimated) |');
    // No page, though the cockpit showed the burn (a drill's panel read BURNING from its first second): not "the cockpit did not detect this incident".
    expect(bound).toContain("No burn-rate trigger fired: no page came from these SLOs (the burn stayed under every trigger's long window); say how it was found.");
  });

  // A real rig (Q): B's trigger read "peak 17.2x (1h window when it fired)", that hour mostly A's outage.
  it("a trigger's long window reaching back before the previous incident's resolve is no peak of this one", () => {
    const at = (minutes: number) => new Date(Date.parse('2026-11-22T02:30:00.000Z') + minutes * 60_000).toISOString();
    const opened = { ...OPENED, at: at(0), data: { ...OPENED.data, previousIncident: { id: 'inc-A', resolvedAt: at(-8) } } } as NewEvent;
    const md = render(chainOf([opened, { kind: 'trigger.fired', at: at(0), data: { trigger: 'availability:1h/5m>14.4', slo: 'availability', burnRate: 14.9, threshold: 14.4, longBurn: 17.2, shortBurn: 14.9 } }]));
    expect(md).toContain('fired 2026-11-22 02:30:00 UTC, peak 14.9x (when it fired), still firing at export');
  });

  it('warns at its top when a full disk kept events off the timeline, with what the cockpit said of them', () => {
    const lost = '3 event(s) could not be recorded from 02:31:10 to 02:33:40 UTC (ENOSPC: no space left on device): step.completed, trigger.cleared ×2';
    const md = render(chainOf([OPENED, { kind: 'note', data: { text: lost, tag: 'not-recorded' } }, { kind: 'note', data: { text: 'a responder note', tag: 'provider' } }]));
    const warning = md.split('\n').find((line) => line.startsWith('> **Warning: events are missing'));
    expect(warning).toContain(`${lost}. What happened then is not all here`);
    expect(md.indexOf(warning!)).toBeLessThan(md.indexOf('## Summary'));
    expect(render(chainOf([OPENED, { kind: 'note', data: { text: 'a responder note' } }]))).not.toContain('events are missing');
  });

  it('the response timeline of a long incident has every row, in order, one a line', () => {
    const notes: NewEvent[] = Array.from({ length: 2_345 }, (_, i) => ({ kind: 'note', data: { text: `observation ${i} | p95 840ms` } }));
    const md = render(chainOf([OPENED, ...notes]));
    const rows = md.split('\n').filter((line) => line.includes('| Note: observation '));
    expect(rows).toHaveLength(notes.length);
    expect(rows.map((row) => /Note: observation (\d+) /.exec(row)?.[1])).toEqual(notes.map((_, i) => String(i)));
    expect(rows[0]).toMatch(/^\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \| .+ \| Note: observation 0 \\\| p95 840ms \|$/);
  });

  it('any timeline renders: every section, no "undefined" or NaN in the facts', () => {
    fc.assert(
      fc.property(timelineArb(), (timeline) => {
        const md = render(chainOf([OPENED, ...timeline]));
        for (const title of ['Summary', 'Impact', 'Detection and response', 'What changed before', 'Response timeline', 'Communications', 'Roles', 'Actions', 'Timeline chart', 'Contributing factors', 'Action items', 'Timeline anchor']) {
          expect(md).toContain(`\n## ${title}\n`);
        }
        expect(md).not.toMatch(/undefined|NaN|Invalid Date|\[object/);
      }),
      { numRuns: 100 },
    );
  });

  it('every span it states between two times it shows is the difference of those shown times (to the second)', () => {
    const shown = (md: string, row: string) => Date.parse(`${new RegExp(`\\| ${row} \\| (\\S+ \\S+) UTC`).exec(md)![1]!.replace(' ', 'T')}Z`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 3 * 3_600_000 }), (openedMs, lasted) => {
        const opened = Date.parse('2026-11-22T02:31:07.000Z') + openedMs;
        const events = chainOf([
          { ...OPENED, at: new Date(opened).toISOString() },
          { kind: 'incident.resolved', data: {}, at: new Date(opened + lasted).toISOString() },
        ]);
        const md = render(events);
        const seconds = (shown(md, 'Resolved') - shown(md, 'Opened')) / 1000;
        const stated = /\| Duration \(opened to resolved\) \| ((?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?) \|/.exec(md)!;
        expect(Number(stated[2] ?? 0) * 3600 + Number(stated[3] ?? 0) * 60 + Number(stated[4] ?? 0)).toBe(seconds);
        // The detection table's "since opening" of the resolve says the same.
        expect(md).toMatch(new RegExp(`\\| Resolved \\| [^|]+ \\| ${stated[1] || '0s'} \\|`));
      }),
      { numRuns: 300 },
    );
  });

  it('a drill still open: drill banner, score, "still open", anomalies listed', () => {
    const events: NewEvent[] = [
      { kind: 'drill.scored', data: { score: 6, max: 10, summary: 'rollback took 9m' } },
      { kind: 'action.started', data: { action: 'never-planned' } },
    ];
    const md = render(chainOf([{ ...OPENED, data: { ...(OPENED.data as object), mode: 'drill-sandbox' } } as NewEvent, ...events], { drill: true }));
    expect(md).toContain('> **Drill.** This incident was a rehearsal (drill-sandbox), not a production outage.');
    expect(md).toContain('## Drill score\n\n**6 / 10** — rollback took 9m');
    expect(md).toContain('| Duration (opened to resolved) | 2s (still open at export) |');
    expect(md).toContain('## Timeline anomalies');
    expect(md).toContain('- seq 3 (action.started): unknown action "never-planned"');
    expect(md).toContain('No action was run from the cockpit.');
    expect(md).toContain('No SLO observations were recorded');
    expect(md).toMatch(/\| Resolved \| — \| — \| — \|/);
    expect(md).not.toContain('Scored 2 times');
    // Quit, resumed and quit again: the last score counts, and it says so beside the earlier one in the timeline.
    const twice = render(chainOf([{ ...OPENED, data: { ...(OPENED.data as object), mode: 'drill-sandbox' } } as NewEvent, { kind: 'drill.scored', data: { score: 40, max: 100 } }, { kind: 'drill.scored', data: { score: 80, max: 100 } }], { drill: true }));
    expect(twice).toContain('## Drill score\n\n**80 / 100**\n\nScored 2 times (the drill was quit and resumed): this is the last score; the earlier ones are in the Response timeline.');
    const scores = twice.split('\n').filter((line) => line.includes('Drill scored'));
    expect(scores).toEqual([expect.stringMatching(/\| Drill scored 40\/100 \|$/), expect.stringMatching(/\| Drill scored 80\/100 \(the drill was resumed: this score replaces the one at 2026-11-22 02:31:08\) \|$/)]);
  });

  it('table cells cannot break the table; calls render as a responder would type them', () => {
    const md = render(chainOf([OPENED, { kind: 'note', data: { text: 'a | b\nc' } }]));
    expect(md).toContain('| Note: a \\| b c |');
    expect(describeCall({ kind: 'argv', argv: ['./db.sh', '--name', "it's here"], cwd: '/srv/app', timeoutMs: 30_000 })).toBe(
      "(cd /srv/app) ./db.sh --name 'it'\\''s here'   # timeout 30s",
    );
    expect(describeCall({ kind: 'api', operation: 'ecs:UpdateService', args: { service: 'api' } })).toBe('ecs:UpdateService {"service":"api"}');
    expect(describeCall({ kind: 'file', path: 'flags.json', change: 'off' })).toBe('flags.json: off');
  });

  it('a step marked done without running its action reads so in the timeline and is never drawn as done; an old completion still reads completed', () => {
    const events = chainOf([
      OPENED,
      { kind: 'action.planned', data: { action: 'a1', name: 'deploys.rollback', step: 'rollback', summary: 'roll back', calls: [] } },
      { kind: 'action.cancelled', data: { action: 'a1', reason: 'declined by the responder' } },
      { kind: 'step.completed', data: { step: 'rollback', manual: true, action: 'deploys.rollback', reason: 'blocked; rolled back in the console' } },
      { kind: 'step.completed', data: { step: 'ack' } },
    ]);
    expect(describeEvent(events[3]!)).toBe('Step rollback marked done without running deploys.rollback: blocked; rolled back in the console');
    expect(describeEvent(events[4]!)).toBe('Step ack completed');
    const md = render(events);
    expect(md).toContain('Step rollback marked done without running deploys.rollback: blocked; rolled back in the console');
    expect(md).not.toContain('Step rollback completed');
    const chart = md.slice(md.indexOf('```mermaid'));
    expect(chart).not.toMatch(/Roll back.*:done/);
  });

  it('a step whose change was undone by its provider (the check failed) ends on the chart when the check failed, not at the end', async () => {
    const events = chainOf([
      OPENED,
      { kind: 'step.started', data: { step: 'rollback' } },
      { kind: 'action.planned', data: { action: 'a1', name: 'deploys.rollback', step: 'rollback', summary: 'roll back', calls: [] } },
      { kind: 'action.started', data: { action: 'a1' } },
      { kind: 'action.succeeded', data: { action: 'a1', summary: 'started' } },
      { kind: 'verify.failed', data: { action: 'a1', step: 'rollback', summary: 'AnalysisRun Failed (RolloutAborted)' } },
      { kind: 'note', data: { text: 'later' } },
      { kind: 'note', data: { text: 'later still' } },
    ]);
    const chart = render(events).split('```mermaid')[1]!;
    const step = chart.split('\n').find((line) => line.includes('Roll back'))!;
    expect(step.trim()).toBe('Roll back :2026-11-22 02:31:08, 2026-11-22 02:31:12'); // started, and the check failed
  });

  it('a check that failed, or a safety block overridden, is never drawn as done; comms and roles are listed', async () => {
    const events = chainOf([
      OPENED,
      { kind: 'role.assigned', data: { role: 'commander', person: 'alice' } },
      { kind: 'role.assigned', data: { role: 'commander', person: 'bob' } },
      { kind: 'comms.sent', data: { channel: '#incidents', message: 'rolling back' } },
      { kind: 'step.started', data: { step: 'rollback' } },
      { kind: 'action.planned', data: { action: 'a1', name: 'deploys.rollback', step: 'rollback', summary: 'roll back', calls: [] } },
      { kind: 'action.confirmed', data: { action: 'a1', typed: true, override: true } },
      { kind: 'action.started', data: { action: 'a1' } },
      { kind: 'action.succeeded', data: { action: 'a1', summary: 'started' } },
      { kind: 'verify.failed', data: { action: 'a1', step: 'rollback', summary: 'tasks crash' } },
      { kind: 'step.completed', data: { step: 'rollback' } },
    ]);
    const md = render(events);
    const chart = md.slice(md.indexOf('```mermaid'));
    expect(chart).not.toMatch(/Roll back.*:done/);
    expect(chart).toMatch(/Roll back.* \(check failed\) :crit,/);
    expect(chart).toMatch(/deploys\.rollback succeeded, safety overridden, check failed :crit,/);
    expect(md).toContain('Safety block overridden by typed confirmation');
    expect(md).toContain('Verification failed:');
    // The call returned and the change did not take: not "(succeeded)" alone.
    expect(md).toContain('— `deploys.rollback` (succeeded, then its check failed)');
    expect(md).toContain('- Outcome of the call (its check then failed): started');
    expect(md).toMatch(/\| commander \| alice \| [\d-]+ [\d:]+ \| [\d-]+ [\d:]+ \|/);
    expect(md).toMatch(/\| #incidents \| rolling back \|/);
    const tasks = await parseMermaidGantt(chart.slice(0, chart.indexOf('\n```\n') + 4));
    expect(tasks.filter((t) => t.section === 'Steps' || t.section === 'Actions').map((t) => [t.task, t.done, t.crit])).toEqual([
      ['Roll back (check failed)', false, true],
      ['deploys.rollback succeeded, safety overridden, check failed', false, true],
    ]);
  });

  it('an incident resolved without a mitigated mark: no time to mitigate is claimed (it was the resolve time)', async () => {
    const short = (errorRatio: number): NewEvent => ({ kind: 'slo.observed', data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 300_000, errorRatio } });
    const played = (marked: boolean) =>
      chainOf([
        OPENED,
        short(0.08),
        { kind: 'action.planned', data: { action: 'a1', name: 'flags.set', step: 'disable-flag', summary: 'checkout_v2 off', calls: [], facts: { flag: 'checkout_v2', before: 'on', after: 'off' } } },
        { kind: 'action.confirmed', data: { action: 'a1' } },
        { kind: 'action.started', data: { action: 'a1' } },
        { kind: 'action.succeeded', data: { action: 'a1', summary: 'set' } },
        { kind: 'verify.passed', data: { action: 'a1', summary: 'checkout_v2 off' } },
        short(0.0005),
        ...(marked ? [{ kind: 'incident.mitigated', data: {} } as NewEvent] : []),
        { kind: 'note', data: { text: 'burn back under 1x' } },
        { kind: 'incident.resolved', data: {} },
      ]);
    const unmarked = played(false);
    const md = render(unmarked);
    const resolvedAt = unmarked.at(-1)!.at.replace('T', ' ').replace(/\.\d+Z$/, '');
    const stoppedAt = unmarked[7]!.at.replace('T', ' ').replace(/\.\d+Z$/, '');
    expect(md).toContain(`| Mitigated | not marked: resolved without a mitigated mark; the burn stopped at ${stoppedAt} UTC (5m window under 1x: the burn ended within the 5m before), after flags.set (a1) |`);
    expect(md).toMatch(/\| Mitigated \(not marked\) \| — \| — \| — \|/);
    expect(md).toContain(`| Resolved | ${resolvedAt} UTC |`);
    const chart = md.slice(md.indexOf('```mermaid'));
    const tasks = await parseMermaidGantt(chart.slice(0, chart.indexOf('\n```\n') + 4));
    expect(tasks.map((t) => t.task)).not.toContain('Mitigated');
    const folded = fold(unmarked);
    if (!folded.ok) throw new Error(folded.reason);
    expect(responseMetrics(folded.state)).not.toHaveProperty('timeToMitigateMs');

    // Marked before resolving: its own time, everywhere.
    const markedEvents = played(true);
    const markedAt = markedEvents.find((e) => e.kind === 'incident.mitigated')!.at;
    const markedMd = render(markedEvents);
    expect(markedMd).toContain(`| Mitigated | ${markedAt.replace('T', ' ').replace(/\.\d+Z$/, '')} UTC (marked); the burn stopped at ${stoppedAt} UTC (5m window under 1x: the burn ended within the 5m before), after flags.set (a1) |`);
    expect(markedMd).toMatch(new RegExp(`\\| Burn stopped \\(5m window under 1x\\) \\| 6s \\| 7s \\| ${stoppedAt} \\|`));

    // Still open, the burn stopped, no mark (a drill quit before resolving): not a bare "—".
    expect(render(unmarked.slice(0, 8))).toContain(`| Mitigated | not marked; the burn stopped at ${stoppedAt} UTC (5m window under 1x: the burn ended within the 5m before), after flags.set (a1) |`);
    // Still burning: nothing is credited, though the flag's own check passed.
    expect(render(unmarked.slice(0, 7))).toContain('| Mitigated | — |');
    const markedFold = fold(markedEvents);
    if (!markedFold.ok) throw new Error(markedFold.reason);
    expect(responseMetrics(markedFold.state).timeToMitigateMs).toBe(Date.parse(markedAt) - Date.parse(markedEvents[0]!.at));
  });

  it('a trigger that cleared and fired again is two bars on the chart, the second "again", each from its own firing to its own clearing', async () => {
    // A responder's forced rollback: one bar from the first firing to the export hid the recovery between.
    const fired: NewEvent = { kind: 'trigger.fired', data: { trigger: 'availability:1h/5m>14.4', slo: 'availability', burnRate: 16 } };
    const events = chainOf([OPENED, fired, { kind: 'note', data: { text: 'x' } }, { kind: 'trigger.cleared', data: { trigger: 'availability:1h/5m>14.4', slo: 'availability' } }, { kind: 'note', data: { text: 'y' } }, fired, { kind: 'note', data: { text: 'z' } }]);
    const tasks = (await parseMermaidGantt(mermaidBlockOf(render(events)))).filter((t) => t.section === 'Triggers');
    const time = (i: number) => events[i]!.at;
    expect(tasks.map((t) => [t.task, t.start, t.end])).toEqual([
      ['availability∶1h/5m>14.4 fired', time(1), time(3)],
      ['availability∶1h/5m>14.4 fired again', time(5), time(6)],
    ]);
  });

  // A responder quit mid-check and resumed 12 minutes later: the check saw the rollout long over.
  // The timeline row said `seen late`; the Actions section gave the provider's time without a word.
  it("an action verified late says when its check saw it, beside the provider's time it is dated by", () => {
    const t = (minutes: number) => new Date(Date.parse('2026-11-22T02:31:07.000Z') + minutes * 60_000).toISOString();
    const events = chainOf([
      { ...OPENED, at: t(0) },
      { kind: 'action.planned', at: t(1), data: { action: 'act-1', name: 'deploys.rollback', summary: 'Roll back', calls: [], facts: { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' } } },
      { kind: 'action.confirmed', at: t(1), data: { action: 'act-1' } },
      { kind: 'action.started', at: t(1), data: { action: 'act-1' } },
      { kind: 'action.succeeded', at: t(1), data: { action: 'act-1', summary: 'UpdateService sent' } },
      { kind: 'verify.passed', at: t(14), data: { action: 'act-1', summary: 'steady on :41', doneAt: t(3) } },
    ]);
    expect(render(events)).toContain("Done: 2026-11-22 02:34:07 UTC by the provider's record — took 2m from start; verified late, by a check at 2026-11-22 02:45:07 UTC (steady on :41)");
  });

  it('the burn stopped after the rollback, not after the flag change before it whose own check passed (a responder\'s slow-burn drill); two changes close together are both named; a burn that came back says after what', () => {
    const t = (minutes: number) => new Date(Date.parse('2026-11-22T02:31:07.000Z') + minutes * 60_000).toISOString();
    const short = (at: string, errorRatio: number): NewEvent => ({ kind: 'slo.observed', at, data: { slo: 'availability', objective: 99.5, periodMs: 30 * 86_400_000, windowMs: 300_000, errorRatio } });
    const ran = (at: string, action: string, name: string, facts: Record<string, unknown>): NewEvent[] => [
      { kind: 'action.planned', at, data: { action, name, summary: name, calls: [], facts } },
      { kind: 'action.confirmed', at, data: { action } },
      { kind: 'action.started', at, data: { action } },
      { kind: 'action.succeeded', at, data: { action, summary: 'done' } },
      { kind: 'verify.passed', at, data: { action, summary: 'done' } },
    ];
    const flagOff = (at: string) => ran(at, 'act-1', 'flags.set', { flag: 'checkout_v2', before: 'on', after: 'off' });
    const rollback = (at: string) => ran(at, 'act-2', 'deploys.rollback', { currentRevision: 'checkout-api:42', targetRevision: 'checkout-api:41' });
    const opened = { ...OPENED, at: t(0) };
    const events = chainOf([
      opened,
      short(t(1), 0.04),
      ...flagOff(t(2)),
      short(t(10), 0.039),
      ...rollback(t(15)),
      { kind: 'action.planned', at: t(16), data: { action: 'act-3', name: 'command.run', summary: 'db health', calls: [] } },
      { kind: 'action.started', at: t(16), data: { action: 'act-3' } },
      { kind: 'action.succeeded', at: t(16), data: { action: 'act-3', summary: 'exit 0' } },
      short(t(19), 0.0005),
    ]);
    const md = render(events);
    expect(md).toContain('| Mitigated | not marked; the burn stopped at 2026-11-22 02:50:07 UTC (5m window under 1x: the burn ended within the 5m before), after deploys.rollback (act-2) |');
    // The flag and the rollback in the same minute (an autopilot drill): the SLO cannot tell which worked.
    const both = render(chainOf([opened, short(t(1), 0.04), ...flagOff(t(2)), ...rollback(t(2)), short(t(6), 0.0005)]));
    expect(both).toContain('after flags.set (act-1) and deploys.rollback (act-2) |');
    // The burn came back after a later change (a forced rollback): both are told, nothing is credited for good.
    const back = render(chainOf([opened, short(t(1), 0.04), ...flagOff(t(2)), short(t(6), 0.0005), ...rollback(t(20)), short(t(22), 0.3)]));
    expect(back).toContain('| Mitigated | not marked; the burn stopped at 2026-11-22 02:37:07 UTC (5m window under 1x: the burn ended within the 5m before), after flags.set (act-1), and came back at 2026-11-22 02:53:07 UTC, after deploys.rollback (act-2) |');
    expect(back).toMatch(/\| Burn stopped \(5m window under 1x\) \| — \| — \| — \|/);
    // Came back after a deploy nobody in the incident made (the real rig's :43): that deploy is named.
    const deployed = { kind: 'deploy.observed', at: t(21), data: { id: 'd43', revision: 'checkout-api:43', status: 'successful', startedAt: t(20), actor: 'frank', current: true } } as NewEvent;
    const theirs = render(chainOf([opened, short(t(1), 0.04), ...flagOff(t(2)), short(t(6), 0.0005), deployed, short(t(22), 0.3)]));
    expect(theirs).toContain('and came back at 2026-11-22 02:53:07 UTC, after deploy checkout-api:43 (started 2026-11-22 02:51:07 UTC by frank) |');
    // Never stopped: nothing.
    expect(render(chainOf([opened, short(t(1), 0.04), ...flagOff(t(2)), short(t(6), 0.05)]))).toContain('| Mitigated | — |');
  });


});
