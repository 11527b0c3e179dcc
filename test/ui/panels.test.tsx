import { NOTHING_PASSED_OVER, passedOver } from '../../src/core/nextStep';

const RECOMMENDATION_KILL_SWITCH = { kind: 'flag-kill-switch' as const };
import './deterministicEnv';
import { describe, expect, test } from 'vitest';
import { DeploysPanel } from '../../src/ui/DeploysPanel';
import { FlagsPanel } from '../../src/ui/FlagsPanel';
import { RunningActions } from '../../src/ui/RunningActions';
import { SloPanel } from '../../src/ui/SloPanel';
import { StepsPanel } from '../../src/ui/StepsPanel';
import { TimelinePanel } from '../../src/ui/TimelinePanel';
import { TopBar } from '../../src/ui/TopBar';
import { DEPLOYS, drill, incidentView, loading, NOW, RECOMMENDATION, RUNNING_ROLLBACK, stale, STEPS, timelineOf, withProviderError } from './fixtures';
import type { TimelineEntry } from '../../src/session/viewModel';
import { lines, renderAt } from './harness';

const view = incidentView();

describe('DeploysPanel', () => {
  test('marks the current and rollback target with symbols and words, with the migration label', async () => {
    const r = renderAt(<DeploysPanel panel={view.deploys} size={{ width: 90, height: 8 }} />);
    const frame = await r.waitForFrame('DEPLOYS');
    const current = lines(frame).find((line) => line.includes(':42')) ?? '';
    const target = lines(frame).find((line) => line.includes(':41')) ?? '';
    expect(current).toMatch(/● current.*checkout-api:2026\.11\.22-1.*PRIMARY.*14m.*ci-bot.*expand_only/);
    expect(target).toMatch(/↩ target.*INACTIVE.*2d/);
    expect(frame).toContain('deploys (ecs) · ✓ updated 5s ago');
  });

  test('a rollback target the safety check blocks is marked ⊘ before the step is run', async () => {
    const panel = view.deploys.data === undefined ? view.deploys : { ...view.deploys, data: view.deploys.data.map((row) => (row.rollbackTarget ? { ...row, rollbackBlocked: true } : row)) };
    const r = renderAt(<DeploysPanel panel={panel} size={{ width: 90, height: 8 }} />);
    const frame = await r.waitForFrame('DEPLOYS');
    expect(lines(frame).find((line) => line.includes(':41')) ?? '').toMatch(/⊘ target.*INACTIVE/);
    expect(frame).not.toContain('↩ target');
  });

  test('after a rollback re-deployed :41, its older row is marked as the build that runs now, not as a step back', async () => {
    // What buildView gives after :42 → :41 in the bad-deploy drill: :41 runs again, :42 is bad, :40 is next.
    const rows = [
      { ...DEPLOYS[1]!, id: 'd-41b', current: true, rollbackTarget: false, status: 'successful', ageMs: 60_000 },
      { ...DEPLOYS[0]!, current: false, knownBad: 'rolled back to checkout-api:41 by root (act-1) at 02:30Z' },
      { ...DEPLOYS[1]!, rollbackTarget: false, sameAsCurrent: true },
      { ...DEPLOYS[2]!, rollbackTarget: true, rollbackAgain: true },
    ];
    const r = renderAt(<DeploysPanel panel={{ ...view.deploys, data: rows }} size={{ width: 90, height: 10 }} />);
    const frame = await r.waitForFrame('DEPLOYS');
    const marks = lines(frame).filter((line) => line.startsWith('│') && /:4[012] /.test(line)).map((line) => /│ ([^│]*?) *│ (:\d+)/.exec(line)?.slice(1, 3).join(' '));
    // Where a second rollback would go: not the cockpit's next suggestion after one that worked.
    expect(marks).toEqual(['● current :41', '⊗ bad :42', '= same :41', '↩ again :40']);
    // Rolled back by the platform on its own (Argo aborted it): marked as its line under the table says.
    const aborted = rows.map((row) => (row.knownBad === undefined ? row : { ...row, knownBad: undefined, automaticRollback: 'Argo Rollouts: RolloutAborted' }));
    const abortedFrame = await renderAt(<DeploysPanel panel={{ ...view.deploys, data: aborted }} size={{ width: 90, height: 10 }} />).waitForFrame('DEPLOYS');
    expect(lines(abortedFrame).find((line) => line.includes(':42 '))).toMatch(/│ ⊗ bad +│ :42 /);
    // The burn went on after that rollback (bad-flag): what was done is said, :42 is not called bad.
    const outlived = rows.map((row) => (row.knownBad === undefined ? row : { ...row, burnOutlivedRollback: true }));
    const after = await renderAt(<DeploysPanel panel={{ ...view.deploys, data: outlived }} size={{ width: 150, height: 10 }} />, { columns: 150, rows: 30 }).waitForFrame('DEPLOYS');
    expect(after).not.toContain('⊗');
    expect(after).toContain('↶ :42 not the cause, or the build it went to is bad too: the burn went on after it was rolled back to checkout-api:41 by root (act-1) at 02:30Z');
    // A later change (the kill switch) then stopped the burn under :41: the verdict first, naming it.
    const stopped = outlived.map((row) => (row.knownBad === undefined ? row : { ...row, burnStoppedAfter: 'flags.set act-2' }));
    const clearedFrame = await renderAt(<DeploysPanel panel={{ ...view.deploys, data: stopped }} size={{ width: 150, height: 10 }} />, { columns: 150, rows: 30 }).waitForFrame('DEPLOYS');
    expect(clearedFrame).toContain('↶ :42 not the cause: the burn stopped after flags.set act-2, and went on after it was rolled back to checkout-api:41 by root (act-1) at 02:30Z');
    expect(clearedFrame).not.toContain('the build it went to is bad too');
    // The burn stopped after it and another change made within 5m: neither bad nor cleared (it read `⊗ :42 bad`).
    const together = (view.deploys.data ?? []).map((row) => (row.shortRevision === ':42' ? { ...row, current: false, knownBad: 'rolled back to checkout-api:41 by root (act-1) at 02:30Z', stoppedTogetherWith: 'flags.set act-2' } : row));
    const togetherFrame = await renderAt(<DeploysPanel panel={{ ...view.deploys, data: together }} size={{ width: 190, height: 10 }} />, { columns: 190, rows: 30 }).waitForFrame('DEPLOYS');
    expect(togetherFrame).toContain('↶ :42 the cause? the burn stopped after it and flags.set act-2, made together (the SLO cannot tell which); rolled back to checkout-api:41');
    expect(togetherFrame).not.toContain('⊗');
    // Minutes after the rollback the burn cannot tell yet: what was done, and when it will tell.
    const judging = rows.map((row) => (row.knownBad === undefined ? row : { ...row, causeShowsBy: 'by 02:36Z' }));
    const soon = await renderAt(<DeploysPanel panel={{ ...view.deploys, data: judging }} size={{ width: 130, height: 10 }} />, { columns: 130, rows: 30 }).waitForFrame('DEPLOYS');
    expect(soon).not.toContain('⊗');
    expect(soon).toContain('↶ :42 the cause? the 5m burn tells by 02:36Z; rolled back to checkout-api:41 by root (act-1) at 02:30Z');
    // The burn rose after it (irreversible-migration forced): not bad, while the advice says to deploy it again.
    const rose = rows.map((row) => (row.knownBad === undefined ? row : { ...row, burnRoseAfterRollback: true }));
    const worse = await renderAt(<DeploysPanel panel={{ ...view.deploys, data: rose }} size={{ width: 130, height: 10 }} />, { columns: 130, rows: 30 }).waitForFrame('DEPLOYS');
    expect(worse).not.toContain('⊗');
    expect(worse).toContain('↶ :42 not shown to be the cause: the burn rose after it was rolled back to checkout-api:41 by root (act-1) at 02:30Z');
    // Two bad builds: the burn went on under :41, which a second rollback then stopped it by leaving.
    const under = rows.map((row) => (row.knownBad === undefined ? row : { ...row, burnWentOnUnder: 'under checkout-api:41, bad too' }));
    const either = await renderAt(<DeploysPanel panel={{ ...view.deploys, data: under }} size={{ width: 150, height: 10 }} />, { columns: 150, rows: 30 }).waitForFrame('DEPLOYS');
    expect(either).not.toContain('⊗');
    expect(either).not.toContain('likely not the cause');
    expect(either).toContain('↶ :42 not shown either way: the burn went on under checkout-api:41, bad too; rolled back to checkout-api:41 by root (act-1) at 02:30Z');
  });

  test('a partial answer says so under the title, the rows beneath it', async () => {
    const warning = 'history from DescribeServices only: ListServiceDeployments failed: HTTP 500';
    const r = renderAt(<DeploysPanel panel={{ ...view.deploys, warning }} size={{ width: 120, height: 10 }} />, { columns: 120, rows: 30 });
    const frame = await r.waitForFrame('DEPLOYS');
    expect(lines(frame)[1]).toBe(`⚠ ${warning}`);
    expect(frame).toMatch(/● current\s*│ :42/);
    expect(frame).toMatch(/↩ target\s*│ :41/);
  });

  test('with room for the heading and one row only, the heading goes: the rollback target stays in view', async () => {
    // search-api at 80x24: `● current :42` alone under the heading, `deploys 1-1 of 4`, the target a page away.
    const rows = [...view.deploys.data!, { ...DEPLOYS[2]!, id: 'd-39', revision: 'checkout-api:39', shortRevision: ':39', rollbackTarget: false }];
    const r = renderAt(<DeploysPanel panel={{ ...view.deploys, data: rows }} size={{ width: 90, height: 5 }} />);
    const frame = await r.waitForFrame('DEPLOYS');
    expect(frame).not.toMatch(/│ rev /);
    expect(frame).toMatch(/● current │ :42/);
    expect(frame).toMatch(/↩ target +│ :41/);
  });

  test('a table too short for its heading still says which value is a migration', async () => {
    // As a responder read the irreversible-migration drill at 80x24: `│ contract │` under no heading.
    const r = renderAt(<DeploysPanel panel={view.deploys} size={{ width: 90, height: 3 }} />);
    const frame = await r.waitForFrame('DEPLOYS');
    expect(frame).not.toMatch(/│ migration/);
    expect(lines(frame).find((line) => line.includes(':42')) ?? '').toMatch(/│ ⛁ expand_only │$/);
  });

  test('a narrow panel keeps the migration label on a line of its own', async () => {
    const r = renderAt(<DeploysPanel panel={view.deploys} size={{ width: 50, height: 8 }} />);
    const frame = await r.waitForFrame('DEPLOYS');
    expect(frame).toContain('⛁ :42 migration expand_only');
    for (const line of lines(frame)) expect(Array.from(line).length).toBeLessThanOrEqual(50);
  });

  test('more deploys than lines: the newest first, then how many there are and the keys that page', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ ...DEPLOYS[2]!, id: `d-${i}`, revision: `checkout-api:${200 - i}`, shortRevision: `:${200 - i}` }));
    const r = renderAt(<DeploysPanel panel={{ status: 'ok', data: many, ageMs: 1000 }} size={{ width: 90, height: 6 }} />);
    const frame = await r.waitForFrame('deploys 1-2 of 200');
    expect(frame).toContain(':200');
    expect(frame).toContain('deploys 1-2 of 200 · [ older');
    expect(lines(frame)).toHaveLength(6);
    // A page further back, and the oldest page: both ways say where they are.
    r.rerender(<DeploysPanel panel={{ status: 'ok', data: many, ageMs: 1000 }} top={2} size={{ width: 90, height: 6 }} />);
    expect(await r.waitForFrame('deploys 3-4 of 200 · [ older ] newer')).toContain(':198');
    r.rerender(<DeploysPanel panel={{ status: 'ok', data: many, ageMs: 1000 }} top={500} size={{ width: 90, height: 6 }} />);
    const oldest = await r.waitForFrame('deploys 199-200 of 200 · ] newer');
    expect(oldest).toContain(':1 ');
    expect(oldest).not.toContain('[ older');
  });

  test('room for one row under the heading: the heading goes, never the rest of the history in silence', async () => {
    // A responder's 80x24 drill showed only "● current :42": no rollback target, no pager line.
    const four = [...DEPLOYS, { ...DEPLOYS[2]!, id: 'd-38', revision: 'checkout-api:38', shortRevision: ':38' }];
    const r = renderAt(<DeploysPanel panel={{ status: 'ok', data: four, ageMs: 1000 }} size={{ width: 90, height: 4 }} />);
    const frame = await r.waitForFrame('deploys 1-2 of 4');
    expect(lines(frame)).toHaveLength(4);
    expect(frame).toContain('● current');
    expect(frame).toContain('↩ target');
    expect(frame).toContain('deploys 1-2 of 4 · [ older');
    expect(frame).not.toContain('artifact');
    // All of a short history fits without the heading: shown whole, no pager needed.
    r.rerender(<DeploysPanel panel={{ status: 'ok', data: DEPLOYS, ageMs: 1000 }} size={{ width: 90, height: 4 }} />);
    const whole = await r.waitForFrame((f) => f.includes(':40'));
    expect(whole).toContain(':42');
    expect(whole).toContain(':41');
    expect(whole).not.toContain(' of 3');
    // With room for the heading and every row, the heading stays.
    r.rerender(<DeploysPanel panel={{ status: 'ok', data: DEPLOYS, ageMs: 1000 }} size={{ width: 90, height: 6 }} />);
    expect(await r.waitForFrame((f) => f.includes('artifact'))).toContain(':40');
  });

  // checkout-api bad-deploy at 80x24, the rollback undone and the burn back: `deploys 1-1 of 6 · [ older` under the
  // current :42 and a `⊗ :42 bad` line, the advice's `target :41 (✓ safe)` a page away.
  test('short of a line for the pager and the rollback target both, the pager goes on the title line', async () => {
    const rows = [
      { ...DEPLOYS[0]!, id: 'd-42b', ageMs: 60_000, knownBad: 'rolled back to checkout-api:41 by root (act-1) at 02:32Z' },
      { ...DEPLOYS[1]!, id: 'd-41b', rollbackAgain: true },
      ...[42, 41, 40, 39].map((n) => ({ ...DEPLOYS[2]!, id: `d-${n}`, revision: `checkout-api:${n}`, shortRevision: `:${n}`, rollbackTarget: false })),
    ];
    const r = renderAt(<DeploysPanel panel={{ status: 'ok', source: 'deploys (ecs)', data: rows, ageMs: 1000 }} size={{ width: 80, height: 4 }} />, { columns: 80, rows: 24 });
    const frame = await r.waitForFrame('DEPLOYS');
    expect(lines(frame)).toHaveLength(4);
    expect(lines(frame)[0]).toMatch(/^DEPLOYS deploys \(ecs\) · ✓ updated 1s ago · deploys 1-2 of 6 · \[ older$/);
    expect(lines(frame)[1]).toContain('● current');
    expect(lines(frame)[2]).toContain('↩ again');
    expect(lines(frame)[3]).toMatch(/^⊗ :42 bad — rolled back/);
    // With a line to spare, the pager keeps its own.
    r.rerender(<DeploysPanel panel={{ status: 'ok', source: 'deploys (ecs)', data: rows, ageMs: 1000 }} size={{ width: 80, height: 5 }} />);
    const roomy = await r.waitForFrame((f) => /^deploys 1-2 of 6 · \[ older$/m.test(f));
    expect(lines(roomy)[0]).not.toContain(' of 6');
  });

  test('two bad builds and a warning at 80x24: the running build keeps its row, and what is not shown is counted', async () => {
    // helper-141's rig at 80x24, after rollbacks from :7 and :4 to :3: the warning and two `⊗ bad` lines took the body,
    // and the panel showed no row for :3, the build running, nor a word of what it left out.
    const bad = (n: number, to: number) => ({ ...DEPLOYS[2]!, id: `d-${n}`, revision: `checkout-api:${n}`, shortRevision: `:${n}`, knownBad: `rolled back to checkout-api:${to} by root at 23:18Z` });
    const rows = [{ ...DEPLOYS[0]!, id: 'd-3b', revision: 'checkout-api:3', shortRevision: ':3', migration: undefined }, bad(4, 3), bad(7, 4), { ...DEPLOYS[2]!, id: 'd-3', revision: 'checkout-api:3', shortRevision: ':3' }];
    const panel = { status: 'ok' as const, source: 'deploys (ecs)', data: rows, ageMs: 2000, warning: 'history from DescribeServices only: ListServiceDeployments failed' };
    const r = renderAt(<DeploysPanel panel={panel} size={{ width: 80, height: 4 }} />, { columns: 80, rows: 24 });
    const frame = await r.waitForFrame('DEPLOYS');
    expect(lines(frame)).toHaveLength(4);
    expect(lines(frame)[0]).toBe('DEPLOYS deploys (ecs) · ✓ updated 2s ago · deploys 1-1 of 4 · 1 line not shown');
    expect(lines(frame)[2]).toMatch(/^│ ● current │ :3 /);
    expect(lines(frame)[3]).toMatch(/^⊗ :4 bad — rolled back to checkout-api:3/);
    // A line more: both bad lines, the table still cut, said on the title with its keys.
    r.rerender(<DeploysPanel panel={panel} size={{ width: 80, height: 5 }} />);
    const taller = await r.waitForFrame((f) => f.includes('⊗ :7'));
    expect(lines(taller)[0]).toMatch(/· deploys 1-1 of 4 · \[ older$/);
    expect(lines(taller)[2]).toMatch(/^│ ● current │ :3 /);
  });

  test('loading and absent are said in words', async () => {
    const r = renderAt(<DeploysPanel panel={loading().deploys} size={{ width: 80, height: 4 }} />);
    expect(await r.waitForFrame('loading')).toContain('waiting for the first answer');
    // Its first ask failed: the error, and no word of waiting for the answer it gave.
    const failed = renderAt(<DeploysPanel panel={{ status: 'error', error: 'ECS: connect ECONNREFUSED 127.0.0.1:4566' }} size={{ width: 80, height: 4 }} />);
    const frame = await failed.waitForFrame('ECONNREFUSED');
    expect(frame).toContain('no answer yet: asked again at every poll');
    expect(frame).not.toContain('waiting for the first answer');
    const absent = renderAt(<DeploysPanel panel={{ status: 'absent' }} size={{ width: 80, height: 4 }} />);
    expect(await absent.waitForFrame('not configured')).toContain('no deploys provider in this runbook');
  });
});

describe('FlagsPanel', () => {
  test('enabled or disabled and the variant in words that cannot be confused, last change and by whom', async () => {
    const r = renderAt(<FlagsPanel panel={view.flags} size={{ width: 80, height: 4 }} />);
    const frame = await r.waitForFrame('FLAGS');
    expect(frame).toContain('checkout.new-pricing  variant treatment · enabled · changed 20m ago by priya');
    expect(frame).toContain('checkout.fraud-v2  DISABLED · serves the code default · changed 3d ago by sam');
  });

  test('an enabled flag serving "off" reads as such, and a change nobody recorded is unknown', async () => {
    const expressPay = { key: 'express_pay', state: 'ENABLED' as const, variant: 'off', variants: ['on', 'off'] };
    const r = renderAt(<FlagsPanel panel={{ ...view.flags, data: [expressPay] }} size={{ width: 80, height: 3 }} />);
    expect(await r.waitForFrame('express_pay')).toContain('express_pay  variant off · enabled · changed: unknown');
  });

  test('a narrow panel wraps the state and age under the key instead of cutting them', async () => {
    const r = renderAt(<FlagsPanel panel={view.flags} size={{ width: 34, height: 8 }} />);
    const frame = await r.waitForFrame('FLAGS');
    expect(frame).toContain('checkout.new-pricing');
    expect(frame).toContain('  variant treatment · enabled');
    expect(frame).toContain('  changed 20m ago by priya');
    // Only the title line may be cut.
    expect(frame.split('\n').slice(1).join('\n')).not.toContain('…');
  });

  test('a provider error shows in place and keeps the last good data', async () => {
    const r = renderAt(<FlagsPanel panel={withProviderError().flags} size={{ width: 80, height: 5 }} />);
    const frame = await r.waitForFrame('ERROR');
    expect(frame).toContain('✖ ERROR, showing data from 4m ago');
    expect(frame).toContain('✖ connect ECONNREFUSED 127.0.0.1:8013');
    expect(frame).toContain('checkout.new-pricing');
  });

  // After ECS came back, the deploys panel kept its old error for a minute, saying nothing of when it would look again.
  test('a provider error says when the provider is asked again', async () => {
    const failed = withProviderError().flags;
    const r = renderAt(<FlagsPanel panel={{ ...failed, retryInMs: 41_000 }} size={{ width: 90, height: 5 }} />);
    expect(await r.waitForFrame('ERROR')).toContain('✖ ERROR, showing data from 4m ago · next try in 41s');
    const now = renderAt(<FlagsPanel panel={{ ...failed, retryInMs: 0 }} size={{ width: 90, height: 5 }} />);
    expect(await now.waitForFrame('ERROR')).toContain('· trying again now');
  });
});

describe('a provider error', () => {
  // At 120 columns ECS's error stopped at `(AWS_ACCESS_KEY_ID, AWS_PROFILE, ...) or the`, fifteen blank lines below it.
  test('with no data under it, takes the lines it needs, and says where it is cut', async () => {
    const error = 'no AWS credentials found for ECS in us-east-1: set them in the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...) or the shared config file, or run aws sso login for the profile';
    const frame = await renderAt(<DeploysPanel panel={{ status: 'error', error }} size={{ width: 50, height: 12 }} />).waitForFrame('ERROR');
    const text = frame.split('\n').map((line) => line.trim()).join(' ');
    expect(text).toContain('or run aws sso login for the profile');
    expect(text).toContain('no answer yet: asked again at every poll');
    // Short of lines, the last says `…`.
    const short = await renderAt(<DeploysPanel panel={{ status: 'error', error }} size={{ width: 50, height: 4 }} />).waitForFrame('ERROR');
    expect(lines(short)[2]).toMatch(/…$/);
  });


  test('takes a second line in a roomy panel and still leaves the data', async () => {
    const error = 'Could not load credentials from any providers: set AWS_PROFILE or run aws sso login';
    const r = renderAt(<DeploysPanel panel={{ ...view.deploys, status: 'error', error }} size={{ width: 50, height: 9 }} />);
    const frame = await r.waitForFrame('ERROR');
    const [, first = '', second = ''] = lines(frame);
    expect(`${first.trim()} ${second.trim()}`).toBe(`✖ ${error}`);
    expect(frame).toContain('● current');
  });
});

describe('SloPanel', () => {
  // A 100x30 screen dropped the evidence and a `▲ FIRED` line with nothing said.
  test('lines that do not fit are counted on the last row, never in place of the burns or the status', async () => {
    const r = renderAt(<SloPanel panel={view.slos} recommendations={view.recommendations} size={{ width: 100, height: 7 }} />);
    const frame = await r.waitForFrame('SLO BURN');
    expect(frame).toContain('▲ BURNING availability 99.9% · budget 62% left · gone in 3h');
    expect(frame).toMatch(/5m 16\.2x {2}30m 15\.0x/);
    expect(frame).toMatch(/… \d+ more lines \(a taller terminal shows them\)/);
    // All of it fits: no count.
    const tall = renderAt(<SloPanel panel={view.slos} recommendations={view.recommendations} size={{ width: 100, height: 20 }} />);
    expect(await tall.waitForFrame('SLO BURN')).not.toContain('more line');
  });

  test('short of lines at 80 columns, the fired trigger takes the sparkline\'s place on the windows line', async () => {
    // bad-flag at 80x24: the advice, `▲ BURNING` and the windows, and `▲ FIRED 14.4x on 1h+5m` gone with nothing said.
    const one = { ...view.slos, data: view.slos.data!.slice(0, 1) };
    const frame = await renderAt(<SloPanel panel={one} recommendations={[{ ...RECOMMENDATION, evidence: [] }]} size={{ width: 80, height: 5 }} />).waitForFrame('SLO BURN');
    expect(frame).toContain('▲ BURNING availability');
    expect(frame).toMatch(/5m 16\.2x {2}30m 15\.0x {2}1h 15\.5x {2}6h 3\.1x {2}▲ FIRED 14\.4x on 1h\+5m/);
    expect(frame).not.toContain('last 1h');
    // With room, each as before.
    const tall = await renderAt(<SloPanel panel={one} recommendations={[{ ...RECOMMENDATION, evidence: [] }]} size={{ width: 80, height: 8 }} />).waitForFrame('SLO BURN');
    expect(tall).toContain('▲ FIRED 14.4x on 1h+5m · 2m ago');
    expect(tall).toContain('last 1h');
  });

  test('burn per window, sparkline, budget, exhaustion, fired trigger and the recommendation', async () => {
    const r = renderAt(<SloPanel panel={view.slos} recommendations={view.recommendations} size={{ width: 100, height: 10 }} />);
    const frame = await r.waitForFrame('SLO BURN');
    expect(frame).toContain('» Rollback recommended: checkout-api:42 deployed 2m before the trigger fired; target :41 (✓ safe)');
    // The evidence under the SLOs, the first lines of it.
    expect(frame).toContain('· the provider plans checkout-api:42 → checkout-api:41');
    expect(frame).toContain('· checkout-api:42 deployed 14m ago by ci-bot');
    expect(frame).toContain('▲ BURNING availability 99.9% · budget 62% left · gone in 3h');
    expect(frame).toContain('▲ FIRED 14.4x on 1h+5m · 2m ago');
    // 1.6 days left: the hours count ("gone in 1d" read as a day).
    const slow = { ...view.slos, data: view.slos.data!.map((slo, i) => (i === 0 ? { ...slo, exhaustionMs: 38.4 * 3_600_000 } : slo)) };
    const later = renderAt(<SloPanel panel={slow} recommendations={view.recommendations} size={{ width: 100, height: 10 }} />);
    expect(await later.waitForFrame('SLO BURN')).toContain('budget 62% left · gone in 1d14h');
    // Counted over 7 hours of data in a 30-day period: the most that is left, and over how much.
    const young = { ...view.slos, data: view.slos.data!.map((slo, i) => (i === 0 ? { ...slo, budgetRemaining: 0.96, budgetDataMs: 7 * 3_600_000, exhaustionMs: 20 * 3_600_000 } : slo)) };
    const partial = renderAt(<SloPanel panel={young} recommendations={view.recommendations} size={{ width: 100, height: 10 }} />);
    expect(await partial.waitForFrame('SLO BURN')).toContain('budget ≤96.0% left (7h of data) · gone in ≤20h');
    // Under 6h, to the minute: a real Prometheus's 5h59m24s read `5h of data` beside `cockpit status`'s `5h59m`.
    const hours = { ...view.slos, data: view.slos.data!.map((slo, i) => (i === 0 ? { ...slo, budgetRemaining: 0.998, budgetDataMs: (5 * 60 + 59) * 60_000 + 24_000 } : slo)) };
    expect(await renderAt(<SloPanel panel={hours} recommendations={view.recommendations} size={{ width: 100, height: 10 }} />).waitForFrame('SLO BURN')).toContain('(5h59m of data)');
    // A Prometheus started 10 minutes ago: the windows longer than that, and a trigger fired on them, say so.
    const fresh = { ...view.slos, data: view.slos.data!.map((slo, i) => (i === 0 ? { ...slo, windows: slo.windows.map((w) => (w.window === '5m' ? w : { ...w, dataMs: 10 * 60_000 })), firedTriggers: slo.firedTriggers.map((t) => ({ ...t, longDataMs: 10 * 60_000 })) } : slo)) };
    const minutes = await renderAt(<SloPanel panel={fresh} recommendations={view.recommendations} size={{ width: 130, height: 10 }} />, { columns: 130, rows: 30 }).waitForFrame('SLO BURN');
    expect(minutes).toContain('▲ FIRED 14.4x on 1h+5m · 2m ago · on 10m of data');
    // Advice to undo a change names the step whose U does it.
    const undo = [{ ...view.recommendations[0]!, kind: 'made-worse' as const, text: 'checkout_v2 set to off 9m ago, and the burn rose: that change made it worse; undo it: set checkout_v2 back', undoStep: 2 }];
    expect(await renderAt(<SloPanel panel={view.slos} recommendations={undo} size={{ width: 160, height: 10 }} />, { columns: 160, rows: 30 }).waitForFrame('SLO BURN')).toContain('» checkout_v2 set to off 9m ago, and the burn rose: that change made it worse; undo it: set checkout_v2 back · U on step 2');
    // Advice to make a change names the step that makes it (at 100x30 the list showed another step alone).
    const make = [{ ...view.recommendations[0]!, kind: 'flag-kill-switch' as const, text: 'Flag kill switch recommended: checkout_v2 changed 56m ago', runStep: 4 }];
    expect(await renderAt(<SloPanel panel={view.slos} recommendations={make} size={{ width: 160, height: 10 }} />, { columns: 160, rows: 30 }).waitForFrame('SLO BURN')).toContain('» Flag kill switch recommended: checkout_v2 changed 56m ago · Enter on step 4');
    // Whose Enter checks an undo nobody watched first, says so ("Enter on step 3" beside "Rollback recommended" checked it instead).
    const checksFirst = [{ ...make[0]!, runChecksFirst: 'act-3' }];
    expect(await renderAt(<SloPanel panel={view.slos} recommendations={checksFirst} size={{ width: 160, height: 10 }} />, { columns: 160, rows: 30 }).waitForFrame('SLO BURN')).toContain('· Enter on step 4 checks act-3 first');
    expect(minutes).toMatch(/5m 16\.2x {2}30m 15\.0x {2}1h 15\.5x {2}6h 3\.1x {2}\(30m, 1h, 6h: 10m of data\) {2}last 1h/);
    expect(frame).toMatch(/5m 16\.2x {2}30m 15\.0x {2}1h 15\.5x {2}6h 3\.1x {2}last 1h [▁-█]{12}/);
    expect(frame).toContain('✓ ok latency-p99 99% · budget 97% left');
    // A quiet SLO's hour (0.1x–0.2x) is drawn against 1x: low bars, not the full ones of its own maximum.
    expect(frame).toMatch(/last 1h [▁▂]{4}(\s|$)/m);
    // No data is a dash, never zero.
    expect(frame).toContain('1h —');
  });

  // A real rig (Q): at 160 columns the plan's reasons and the burn stood in `cockpit status` and not on
  // the screen, which showed two evidence lines with room to spare.
  test('shows more of the evidence when it has the room, the first lines first when it has not', async () => {
    const evidence = ['the provider plans checkout-api:43 → checkout-api:41, one revision back', 'passes over checkout-api:42, known bad: rolled back by inc-A, the previous incident', 'checkout-api:41 ran here: inc-A rolled back to it', 'checkout-api:43 deployed 7m ago by frank'];
    const recommendations = [{ ...view.recommendations[0]!, evidence }];
    const roomy = await renderAt(<SloPanel panel={view.slos} recommendations={recommendations} size={{ width: 120, height: 16 }} />).waitForFrame('SLO BURN');
    for (const line of evidence) expect(roomy).toContain(`· ${line}`);
    const short = await renderAt(<SloPanel panel={view.slos} recommendations={recommendations} size={{ width: 120, height: 10 }} />).waitForFrame('SLO BURN');
    expect(short).toContain(`· ${evidence[0]}`);
    expect(short).not.toContain(`· ${evidence[3]}`);
  });

  test('a trigger that cleared and fired again says so, with the time of this firing (not the peak of the first, read as the burn now)', async () => {
    const again = { ...view.slos, data: view.slos.data!.map((slo, i) => (i === 0 ? { ...slo, firedTriggers: slo.firedTriggers.map((t) => ({ ...t, firings: 2, firedAgoMs: 45_000 })) } : slo)) };
    const r = renderAt(<SloPanel panel={again} recommendations={[]} size={{ width: 100, height: 10 }} />);
    expect(await r.waitForFrame('SLO BURN')).toContain('▲ FIRED 14.4x on 1h+5m · again 45s ago');
  });

  // A drill (and any cockpit opened on a burn under way) read "FIRED … · 40s ago" of a trigger that
  // had crossed long before: it was seen firing then.
  test('a trigger already firing at the first look says when it was seen', async () => {
    const seen = { ...view.slos, data: view.slos.data!.map((slo, i) => (i === 0 ? { ...slo, firedTriggers: slo.firedTriggers.map((t) => ({ ...t, seen: true as const, firedAgoMs: 40_000 })) } : slo)) };
    const r = renderAt(<SloPanel panel={seen} recommendations={[]} size={{ width: 100, height: 10 }} />);
    expect(await r.waitForFrame('SLO BURN')).toContain('▲ FIRED 14.4x on 1h+5m · seen 40s ago');
  });

  test('an SLO whose short windows fell under the trigger but whose long window is still high is recovering, never ok', async () => {
    const recovering = { ...view.slos, data: view.slos.data!.map((slo, i) => (i === 0 ? { ...slo, status: 'recovering' as const, firedTriggers: [] } : slo)) };
    const r = renderAt(<SloPanel panel={recovering} recommendations={[]} size={{ width: 100, height: 10 }} />);
    const frame = await r.waitForFrame('SLO BURN');
    expect(frame).toContain('↘ recovering availability 99.9%');
    expect(frame).not.toContain('✓ ok availability');
  });

  test('no data says so', async () => {
    const silent = { ...view.slos, data: view.slos.data!.map((slo) => ({ ...slo, status: 'no-data' as const, firedTriggers: [] })) };
    const r = renderAt(<SloPanel panel={silent} recommendations={[]} size={{ width: 100, height: 10 }} />);
    expect(await r.waitForFrame('SLO BURN')).toContain('∅ no data availability');
  });

  test('stale data says so, with its age', async () => {
    const r = renderAt(<SloPanel panel={stale().slos} recommendations={[]} size={{ width: 100, height: 6 }} />);
    expect(await r.waitForFrame('STALE')).toContain('⚠ STALE, data 7m ago');
  });
});

describe('TopBar', () => {
  test('service, owner, severity, status, id, age, roles and who you are', async () => {
    const r = renderAt(<TopBar incident={view.incident} size={{ width: 120, height: 2 }} />);
    const frame = await r.waitForFrame('checkout-api');
    expect(frame).toContain('checkout-api · SEV2 · ◆ OPEN · INC-20261122-checkout-api · open 12m · production');
    expect(frame).toContain('owner payments-team · commander alice · ops unassigned · comms unassigned · you alice');
    expect(frame).not.toContain('DRILL');
  });

  // stacked-causes (a responder's drill): marked mitigated, then the kill switch brought a 20x burn back; the header said MITIGATED alone.
  test('marked mitigated while it burns, the header says so beside the mark', async () => {
    const incident = { ...drill().incident, status: 'mitigated' as const, burning: 'availability is burning 20.4x on 5m' };
    const frame = await renderAt(<TopBar incident={incident} size={{ width: 160, height: 2 }} />).waitForFrame('DRILL');
    expect(frame).toContain('SEV2 · ◐ MITIGATED · BURNING · ');
    const calm = await renderAt(<TopBar incident={{ ...incident, burning: undefined }} size={{ width: 160, height: 2 }} />).waitForFrame('DRILL');
    expect(calm).not.toContain('BURNING');
    // search-api resolved at 8x (a responder's play-test): a calm `✓ RESOLVED` beside `▲ BURNING … 5m 8.1x`.
    const resolved = await renderAt(<TopBar incident={{ ...incident, status: 'resolved' }} size={{ width: 160, height: 2 }} />).waitForFrame('DRILL');
    expect(resolved).toContain('SEV2 · ✓ RESOLVED · BURNING · ');
  });

  test('a drill is loud and read-only is said', async () => {
    const incident = { ...drill().incident, readOnly: true, status: 'mitigated' as const };
    const r = renderAt(<TopBar incident={incident} size={{ width: 160, height: 2 }} />);
    const frame = await r.waitForFrame('DRILL');
    expect(frame).toContain(' DRILL · sandbox  checkout-api');
    expect(frame).toContain('◐ MITIGATED');
    expect(frame).toContain('READ-ONLY (a watch: nothing done here is recorded)');
    // At 80 columns it is never cut: its words shorten, the service and the banner go first (it read `R…`).
    const narrow = await renderAt(<TopBar incident={incident} size={{ width: 80, height: 2 }} />, { columns: 80, rows: 10 }).waitForFrame('SEV2');
    expect(narrow.split('\n')[0]).toMatch(/^ DRILL +SEV2 · ◐ MITIGATED · INC-20261122-checkout-api · READ-ONLY · /);
    // At 100 columns the service stays, beside the short READ-ONLY (a watcher's header left it out).
    const watched = { ...incident, drill: false, mode: 'incident' as const, environment: 'production' };
    const middle = await renderAt(<TopBar incident={watched} size={{ width: 100, height: 2 }} />, { columns: 100, rows: 10 }).waitForFrame('SEV2');
    expect(middle.split('\n')[0]).toMatch(/^checkout-api · SEV2 · ◐ MITIGATED · INC-20261122-checkout-api · READ-ONLY · open/);
  });

  test('at 80 columns the incident id is never cut: the service goes (the id ends with it), then the banner shortens, never past what kind of drill it is, then the age', async () => {
    // An id cut before its `-2` names another incident, and the id is what `cockpit export` takes.
    const cases = [
      // The age stays before the banner's second word does (a mitigated drill read `open 14…`).
      { service: 'checkout-api', id: 'inc-20261203-1655-checkout-api-2', mode: 'drill-sandbox' as const, status: 'mitigated' as const, first: ' DRILL  SEV2 · ◐ MITIGATED · inc-20261203-1655-checkout-api-2 · open 12m' },
      { service: 'payments-api-rollout', id: 'inc-20261203-1655-payments-api-rollout-2', mode: 'drill-real' as const, status: 'mitigated' as const, first: ' DRILL · REAL  SEV2 · ◐ MITIGATED · inc-20261203-1655-payments-api-rollout-2' },
    ];
    for (const { service, id, mode, status, first } of cases) {
      const incident = { ...drill().incident, service, id, mode, status, environment: mode === 'drill-sandbox' ? 'sandbox' : 'staging' };
      const r = renderAt(<TopBar incident={incident} size={{ width: 80, height: 2 }} />);
      const [line] = (await r.waitForFrame(id)).split('\n');
      expect(line!.startsWith(first), line).toBe(true);
      expect(Array.from(line!).length).toBeLessThanOrEqual(80);
    }
    // The service goes before the age does (`open 9m` was cut at 80 columns behind the service).
    const aged = renderAt(<TopBar incident={{ ...drill().incident, environment: 'sandbox', id: 'inc-20261204-1640-checkout-api', ageMs: 9 * 60_000 }} size={{ width: 80, height: 2 }} />);
    const [agedLine] = (await aged.waitForFrame('open 9m')).split('\n');
    // A sandbox drill's environment is its banner's `sandbox`: not said twice (it read `san…`).
    expect(agedLine!.trimEnd()).toBe(' DRILL · sandbox  SEV2 · ◆ OPEN · inc-20261204-1640-checkout-api · open 9m');
    // A real incident's environment is never cut: the service goes first.
    const real = { ...drill().incident, mode: 'incident' as const, drill: false, environment: 'production', id: 'inc-20261204-1640-checkout-api', ageMs: 9 * 60_000 };
    const [realLine] = (await renderAt(<TopBar incident={real} size={{ width: 80, height: 2 }} />).waitForFrame('open 9m')).split('\n');
    expect(realLine!.trimEnd()).toBe('SEV2 · ◆ OPEN · inc-20261204-1640-checkout-api · open 9m · production');
    // With room, all of it.
    const wide = renderAt(<TopBar incident={{ ...drill().incident, id: 'inc-20261203-1655-checkout-api-2' }} size={{ width: 160, height: 2 }} />);
    expect(await wide.waitForFrame('DRILL')).toContain(' DRILL · sandbox  checkout-api · SEV2 · ◆ OPEN · inc-20261203-1655-checkout-api-2 · open ');
  });

  test('at 80 columns the roles line names the unassigned roles together, so who you are is not cut off', async () => {
    // A responder at 80x24 read "… · comms unassig…", with "you root" gone.
    const incident = { ...drill().incident, owner: 'commerce-platform', roles: { commander: 'alice' }, responder: 'root' };
    const narrow = renderAt(<TopBar incident={incident} size={{ width: 80, height: 2 }} />);
    const [, roles] = (await narrow.waitForFrame('you root')).split('\n');
    expect(roles!.trimEnd()).toBe('owner commerce-platform · commander alice · unassigned: ops, comms · you root');
    const wide = renderAt(<TopBar incident={incident} size={{ width: 160, height: 2 }} />);
    expect((await wide.waitForFrame('you root')).split('\n')[1]!.trimEnd()).toBe('owner commerce-platform · commander alice · ops unassigned · comms unassigned · you root');
  });

  test('the shared store unreachable is said in place of the roles line, with how many events wait', async () => {
    const recordingLocally = { since: '2026-11-22T02:41:07.000Z', reason: 'connect ECONNREFUSED 127.0.0.1:5432 (ECONNREFUSED)', queue: '/data/queue/x/events.jsonl', pending: 2 };
    const r = renderAt(<TopBar incident={{ ...view.incident, recordingLocally }} size={{ width: 200, height: 2 }} />);
    const frame = await r.waitForFrame('unreachable');
    expect(lines(frame)[1]).toMatch(/⚠ shared store unreachable — recording locally: 2 events pending, not recorded · since \d\d:41:07 · connect ECONNREFUSED/);
    expect(frame).not.toContain('owner payments-team');
  });

  // A team's play: SEV1 set while the shared store was down, the top bar kept `SEV2` with no sign of it.
  test('a severity decided while the shared store is out of reach shows beside the recorded one, pending', async () => {
    const r = renderAt(<TopBar incident={{ ...view.incident, severity: 'SEV2', pendingSeverity: 'SEV1' }} size={{ width: 160, height: 2 }} />);
    expect(lines(await r.waitForFrame('⧗ SEV1'))[0]).toContain('SEV2 ⧗ SEV1 · ');
  });

  // A watch through a shared store's outage read as live: its top bar unchanged, the outage behind `?`.
  test("a watch that cannot read the others' events says so in place of the roles line", async () => {
    const watchBehind = 'its log cannot be read (connect ECONNREFUSED 127.0.0.1:55432); trying again';
    const r = renderAt(<TopBar incident={{ ...view.incident, readOnly: true, watchBehind }} size={{ width: 200, height: 2 }} />);
    const frame = await r.waitForFrame('behind the others');
    expect(lines(frame)[1]).toContain(`⚠ behind the others: ${watchBehind} · this screen may be out of date`);
    expect(frame).not.toContain('owner ');
  });

  test('the other responders on a shared incident: who, since when, read-only or not', async () => {
    const present = [
      { responder: 'bob', since: '2026-11-22T03:12:40.000Z', readOnly: false },
      { responder: 'carol', since: '2026-11-22T03:15:02.000Z', readOnly: true },
    ];
    const r = renderAt(<TopBar incident={{ ...view.incident, present }} size={{ width: 160, height: 2 }} />);
    const frame = await r.waitForFrame('also here');
    expect(frame).toContain('you alice · also here bob (since 03:12) · carol (since 03:15, read-only)');
    // Those that write first, whoever came first: a watcher there before the driver pushed the driver off the line's end.
    const earlyWatcher = [{ ...present[1]!, since: '2026-11-22T03:10:00.000Z' }, present[0]!];
    r.rerender(<TopBar incident={{ ...view.incident, present: earlyWatcher }} size={{ width: 160, height: 2 }} />);
    expect(await r.waitForFrame('since 03:10')).toContain('also here bob (since 03:12) · carol (since 03:10, read-only)');
    // A sandbox drill's clock is its own (02:34 on its timeline): the store's wall-clock times are not said beside it.
    r.rerender(<TopBar incident={{ ...view.incident, mode: 'drill-sandbox', present }} size={{ width: 160, height: 2 }} />);
    const drill = await r.waitForFrame('also here bob ·');
    expect(drill).toContain('also here bob · carol (read-only)');
    expect(drill).not.toContain('since');
  });
});

describe('StepsPanel', () => {
  test('the selected step is marked, with its hint; statuses in symbols and words', async () => {
    const steps = STEPS.map((step) => (step.id === 'verify' ? { ...step, status: 'failed' as const, detail: 'burn still 16x after 10m' } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={2} nextStep={2} passed={NOTHING_PASSED_OVER} size={{ width: 100, height: 12 }} />);
    const frame = await r.waitForFrame('RUNBOOK');
    expect(frame).toContain('RUNBOOK 2/6 done or skipped · next: 3. Roll back to the previous revision');
    expect(frame).toContain('› ○ 3. Roll back to the previous revision [deploys.rollback] to do ◀ next');
    expect(frame).toContain('hint: Only if the deploy is under 2h old');
    expect(frame).toContain('  ✓ 1. Acknowledge and take the commander role done');
    expect(frame).toContain('✖ 5. Wait for the burn to fall below 1x FAILED');
    expect(frame).toContain('burn still 16x after 10m');
  });

  test('a step whose change can be undone says how when selected; one undone is not drawn as done', async () => {
    const flag = { ...STEPS[3]!, status: 'done' as const, undo: { action: 'act-1', summary: 'set checkout.new-pricing back to on' } };
    const steps = STEPS.map((step) => (step.id === 'disable-pricing' ? flag : step.id === 'rollback' ? { ...step, status: 'pending' as const, undone: 'act-3' } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={3} nextStep={4} passed={NOTHING_PASSED_OVER} size={{ width: 100, height: 12 }} />);
    const frame = await r.waitForFrame('RUNBOOK');
    expect(frame).toContain('› ✓ 4. Turn off checkout.new-pricing [flags.set] done\n');
    expect(frame).toContain('      U undoes it: set checkout.new-pricing back to on\n');
    expect(frame).toContain('  ↺ 3. Roll back to the previous revision [deploys.rollback] undone by act-3');
    // Offered on the selected step only.
    const other = renderAt(<StepsPanel steps={steps} selected={4} nextStep={4} passed={NOTHING_PASSED_OVER} size={{ width: 100, height: 12 }} />);
    expect(await other.waitForFrame('RUNBOOK')).not.toContain('U undoes it');
  });

  test('a running step says RUNNING without "◀ next", so a long title\'s line still fits 80 columns', async () => {
    const steps = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'running' as const } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={2} nextStep={2} passed={NOTHING_PASSED_OVER} size={{ width: 80, height: 12 }} />);
    const frame = await r.waitForFrame('RUNNING');
    expect(frame).toContain('› ⟳ 3. Roll back to the previous revision [deploys.rollback] RUNNING\n');
    expect(frame).not.toContain('◀ next');
  });

  test('before any mitigation, one passed over for the recommended change is said so', async () => {
    // STEPS: 3. rollback, 4. the flag; the kill switch recommended (core/nextStep.ts) points at 4.
    const passed = passedOver(STEPS, 3, [RECOMMENDATION_KILL_SWITCH]);
    const r = renderAt(<StepsPanel steps={STEPS} selected={3} nextStep={3} passed={passed} size={{ width: 160, height: 12 }} />);
    expect(await r.waitForFrame('RUNBOOK')).toContain('RUNBOOK 2/6 done or skipped · next: 4. Turn off checkout.new-pricing (3. passed over: not the recommended change)');
    // Short of room the next step's title goes (the list marks it ◀ next), never why 3. is passed over.
    const narrow = renderAt(<StepsPanel steps={STEPS} selected={3} nextStep={3} passed={passed} size={{ width: 80, height: 12 }} />);
    const frame = await narrow.waitForFrame('RUNBOOK');
    expect(lines(frame)[0]).toBe('RUNBOOK 2/6 done · next: 4. (3. passed over: not the recommended change)');
    expect(frame).toContain('Turn off checkout.new-pricing [flags.set] to do ◀ next');
    // With room for some of it, the title is cut rather than dropped (at 100 columns it was gone).
    const middle = await renderAt(<StepsPanel steps={STEPS} selected={3} nextStep={3} passed={passed} size={{ width: 100, height: 12 }} />, { columns: 100, rows: 30 }).waitForFrame('RUNBOOK');
    expect(lines(middle)[0]).toBe('RUNBOOK 2/6 done · next: 4. Turn off checkout.new-pric… (3. passed over: not the recommended change)');
    // With the next step off the list (one step shown, another selected), its title stays and the reason goes (the numbers stay):
    // at 80x24 it read `next: 1. (3. passed over: not needed unless the burn goes on)`.
    const off = await renderAt(<StepsPanel steps={STEPS} selected={0} nextStep={3} passed={passed} size={{ width: 80, height: 3 }} />).waitForFrame('RUNBOOK');
    expect(off).not.toContain('◀ next');
    // No line is left for `… not shown`: the heading says how many steps the list leaves out (at 80x24 they went unsaid).
    expect(lines(off)[0]).toBe('RUNBOOK 2/6 done · next: 4. Turn off checkout.ne… (3. passed over) · 4 more (↑↓)');
    // A step passed over that its safety check blocks is marked so first: no fallback "if the burn goes on".
    const blocked = STEPS.map((step, i) => (i === 2 ? { ...step, blocked: true as const } : step));
    const marked = await renderAt(<StepsPanel steps={blocked} selected={3} nextStep={3} passed={passed} size={{ width: 160, height: 12 }} />).waitForFrame('RUNBOOK');
    expect(lines(marked)[0]).toContain('next: 4. Turn off checkout.new-pricing (3.⊘ passed over: not the recommended change)');
    // A heading longer than its line is cut before the count, not the count with it (checkout bad-flag at 80x24).
    const narrowest = await renderAt(<StepsPanel steps={STEPS} selected={0} nextStep={3} passed={passed} size={{ width: 50, height: 3 }} />).waitForFrame('RUNBOOK');
    expect(lines(narrowest)[0]).toMatch(/^RUNBOOK .*… · \d more \(↑↓\)$/);
  });

  // order-worker at 100x30: `RUNBOOK 2/5 done` with step 1 skipped and the rollback done.
  test('short of room, a count with a skipped step in it says handled, never done', async () => {
    const steps = STEPS.map((step) => (step.id === 'check-deploys' ? { ...step, status: 'skipped' as const } : step));
    const passed = passedOver(steps, 3, [RECOMMENDATION_KILL_SWITCH]);
    const narrow = await renderAt(<StepsPanel steps={steps} selected={3} nextStep={3} passed={passed} size={{ width: 80, height: 12 }} />).waitForFrame('RUNBOOK');
    expect(lines(narrow)[0]).toBe('RUNBOOK 2/6 handled · next: 4. (3. passed over: not the recommended change)');
    const wide = await renderAt(<StepsPanel steps={steps} selected={3} nextStep={3} passed={passed} size={{ width: 160, height: 12 }} />).waitForFrame('RUNBOOK');
    expect(lines(wide)[0]).toMatch(/^RUNBOOK 2\/6 done or skipped · next: 4\. Turn off/);
  });

  test('a mitigation passed over while the burn falls is said, with what is next or that nothing is', async () => {
    const flagDone = STEPS.map((step) => (step.id === 'disable-pricing' ? { ...step, status: 'done' as const } : step));
    const falling = [{ kind: 'waiting-for-recovery' as const }];
    const r = renderAt(<StepsPanel steps={flagDone} selected={4} nextStep={4} passed={passedOver(flagDone, 4, falling)} size={{ width: 160, height: 12 }} />);
    expect(await r.waitForFrame('RUNBOOK')).toContain('RUNBOOK 3/6 done or skipped · next: 5. Wait for the burn to fall below 1x (3. passed over: not needed unless the burn goes on)');
    const rest = flagDone.map((step) => (step.phase === 'recovery' ? { ...step, status: 'done' as const } : step));
    const after = renderAt(<StepsPanel steps={rest} selected={2} nextStep={-1} passed={passedOver(rest, -1, falling)} size={{ width: 160, height: 12 }} />);
    const frame = await after.waitForFrame('RUNBOOK');
    expect(frame).toContain('RUNBOOK 5/6 done or skipped · nothing next (3. passed over: not needed unless the burn goes on)');
    expect(frame).not.toContain('◀ next');
    const all = renderAt(<StepsPanel steps={rest.map((step) => ({ ...step, status: 'done' as const }))} selected={2} nextStep={-1} passed={NOTHING_PASSED_OVER} size={{ width: 160, height: 12 }} />);
    expect(await all.waitForFrame('RUNBOOK')).toContain('RUNBOOK 6/6 done or skipped · all steps handled');
    // Still burning: the runbook is spent, not the incident.
    const burning = renderAt(<StepsPanel steps={rest.map((step) => ({ ...step, status: 'done' as const }))} selected={2} nextStep={-1} passed={NOTHING_PASSED_OVER} burning size={{ width: 160, height: 12 }} />);
    expect(await burning.waitForFrame('RUNBOOK')).toContain('RUNBOOK 6/6 done or skipped · all steps handled, still burning');
  });

  test('a resolved incident points at no step, and names the ones left undone', async () => {
    const r = renderAt(<StepsPanel steps={STEPS} selected={2} nextStep={-1} passed={NOTHING_PASSED_OVER} resolved size={{ width: 160, height: 12 }} />);
    const frame = await r.waitForFrame('RUNBOOK');
    expect(frame).toContain('RUNBOOK 2/6 done or skipped · resolved with 3., 4., 5., 6. not done');
    expect(frame).not.toContain('◀ next');
  });

  test('a step whose change was undone is named, not "all steps handled", open and at resolve', async () => {
    // bad-flag: the wrong rollback, the kill switch, then U on the rollback: `all steps handled` stood beside `↺ undone by act-3`.
    const steps = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'pending' as const, undone: 'act-3' } : { ...step, status: 'done' as const }));
    const open = await renderAt(<StepsPanel steps={steps} selected={2} nextStep={-1} passed={NOTHING_PASSED_OVER} size={{ width: 160, height: 12 }} />).waitForFrame('RUNBOOK');
    expect(lines(open)[0]).toBe('RUNBOOK 5/6 done or skipped · nothing next (3. undone)');
    expect(open).toContain('↺ 3. Roll back to the previous revision [deploys.rollback] undone by act-3');
    const resolved = await renderAt(<StepsPanel steps={steps} selected={2} nextStep={-1} passed={NOTHING_PASSED_OVER} resolved size={{ width: 160, height: 12 }} />).waitForFrame('RUNBOOK');
    expect(lines(resolved)[0]).toBe('RUNBOOK 5/6 done or skipped · resolved with 3. undone');
    const oneLeft = steps.map((step) => (step.id === STEPS[0]!.id ? { ...step, status: 'pending' as const } : step));
    // Open, a look left to do by hand (nothing points at it once the recovery check passed): not "all steps handled".
    const lookLeft = await renderAt(<StepsPanel steps={oneLeft} selected={2} nextStep={-1} passed={NOTHING_PASSED_OVER} size={{ width: 160, height: 12 }} />).waitForFrame('RUNBOOK');
    expect(lines(lookLeft)[0]).toBe('RUNBOOK 4/6 done or skipped · nothing next (1. to do; 3. undone)');
    const partly = await renderAt(<StepsPanel steps={oneLeft} selected={2} nextStep={-1} passed={NOTHING_PASSED_OVER} resolved size={{ width: 160, height: 12 }} />).waitForFrame('RUNBOOK');
    expect(lines(partly)[0]).toBe('RUNBOOK 4/6 done or skipped · resolved with 1. not done, 3. undone');
  });

  test('a failed step whose lines do not fit keeps its FAILED line and why; its hint gives way', async () => {
    const hint = 'Only if the deploy is under 2h old and nothing ran a contract migration since; if Argo CD manages it, pause auto-sync first, or revert in git.';
    const steps = STEPS.map((step) =>
      // As buildView gives a failed check: its detail is its verify line's words (said once).
      step.id === 'rollback' ? { ...step, hint, status: 'failed' as const, verify: 'AnalysisRun x-43 Failed: success-rate', detail: 'AnalysisRun x-43 Failed: success-rate' } : step,
    );
    const r = renderAt(<StepsPanel steps={steps} selected={2} nextStep={3} passed={NOTHING_PASSED_OVER} size={{ width: 80, height: 4 }} />);
    const frame = await r.waitForFrame('RUNBOOK');
    expect(lines(frame)).toEqual([
      expect.stringMatching(/^RUNBOOK /),
      '› ✖ 3. Roll back to the previous revision [deploys.rollback] FAILED',
      expect.stringMatching(/^ {6}verify: AnalysisRun x-43 Failed: success-rate$/),
      '  … 1. 2. 4. 5. 6. not shown (↑↓ moves)',
    ]);
    const roomier = renderAt(<StepsPanel steps={steps} selected={2} nextStep={3} passed={NOTHING_PASSED_OVER} size={{ width: 80, height: 5 }} />);
    // What is left of the hint says it is cut: half a sentence read as its whole ("…; rolling back").
    expect(lines(await roomier.waitForFrame('RUNBOOK'))[2]).toMatch(/^ {6}hint: Only if the deploy is under 2h old.* … h more$/);
  });

  test('a short panel keeps the selected step in view', async () => {
    const r = renderAt(<StepsPanel steps={STEPS} selected={5} nextStep={2} passed={NOTHING_PASSED_OVER} size={{ width: 100, height: 3 }} />);
    const frame = await r.waitForFrame('RUNBOOK');
    expect(frame).toContain('› ○ 6. Update the status page');
    expect(lines(frame)).toHaveLength(3);
  });
});

describe('StepsPanel: a command step\'s output', () => {
  test('the selected step shows the last lines its command printed, and says when there is more', async () => {
    const steps = STEPS.map((step, i) => (i === 0 ? { ...step, status: 'done' as const, output: { lines: ['replica lag 0s', 'connections: 42/500'], more: true } } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={0} nextStep={1} passed={NOTHING_PASSED_OVER} size={{ width: 100, height: 12 }} />);
    const frame = await r.waitForFrame('connections: 42/500');
    expect(frame).toContain('output (last 2 lines; t reads the timeline):');
    expect(frame).toContain('replica lag 0s');
  });
});

describe('TimelinePanel', () => {
  test('newest at the bottom, and scrolling back says how much is newer', async () => {
    const timeline = timelineOf(50);
    const r = renderAt(<TimelinePanel timeline={timeline} top={null} size={{ width: 80, height: 4 }} />);
    const frame = await r.waitForFrame('TIMELINE');
    expect(lines(frame).at(-1)).toContain('event number 49');
    expect(lines(frame).at(-2)).toContain('event number 48');
    expect(frame).toContain('50 events');
    const back = renderAt(<TimelinePanel timeline={timeline} top={10} size={{ width: 80, height: 4 }} />);
    const scrolled = await back.waitForFrame('scrolled back');
    expect(scrolled).toContain('37 newer below (PgDn, End to follow)');
    expect(lines(scrolled).at(-1)).toContain('event number 12');
  });

  // Two responders at 80x24: `TIMELINE 30 events · newest at the bottom (PgUp to scroll, t to read one whole)` over nothing.
  test('with one line, the newest event is on it after a short title, never the title alone', async () => {
    const timeline = timelineOf(30);
    const r = renderAt(<TimelinePanel timeline={timeline} top={null} size={{ width: 80, height: 1 }} />);
    const frame = await r.waitForFrame('TIMELINE');
    expect(lines(frame)[0]).toMatch(/^TIMELINE 30 · \d\d:\d\d:\d\d .*event number 29/);
    r.rerender(<TimelinePanel timeline={timeline} top={10} size={{ width: 80, height: 1 }} />);
    expect(lines(await r.waitForFrame('newer'))[0]).toMatch(/^TIMELINE 30, 19 newer · .*event number 10/);
  });

  test('paging the same panel back and forth redraws every row with its own event (rows are reused, not their text)', async () => {
    const timeline = timelineOf(50);
    const r = renderAt(<TimelinePanel timeline={timeline} top={null} size={{ width: 80, height: 4 }} />);
    await r.waitForFrame('event number 49');
    r.rerender(<TimelinePanel timeline={timeline} top={10} size={{ width: 80, height: 4 }} />);
    const back = lines(await r.waitForFrame('event number 12'));
    expect(back.slice(1).map((line) => /event number (\d+)/.exec(line)?.[1])).toEqual(['10', '11', '12']);
    expect(back.join('\n')).not.toContain('event number 4');
    r.rerender(<TimelinePanel timeline={timelineOf(2)} top={null} size={{ width: 80, height: 4 }} />);
    const short = lines(await r.waitForFrame('2 events'));
    expect(short.filter((line) => line.includes('event number'))).toHaveLength(2);
  });

  test('a run of SLO samples is one line with its count; the header counts events, not lines', async () => {
    const entries: TimelineEntry[] = [
      { seq: 5, at: NOW, actor: 'cockpit', kind: 'slo.observed', text: 'SLO availability error ratio 6.000% over 5m', repeats: 4 },
      { seq: 6, at: NOW, actor: 'alice', kind: 'action.confirmed', text: 'deploys.rollback (act-1) confirmed by alice' },
    ];
    const timeline = { length: 2, events: 6, entries: (start: number, end: number) => entries.slice(start, end) };
    const r = renderAt(<TimelinePanel timeline={timeline} top={null} size={{ width: 100, height: 4 }} />);
    const frame = await r.waitForFrame('TIMELINE');
    expect(frame).toContain('TIMELINE 6 events');
    expect(frame).toMatch(/cockpit +slo\.observed ×4 +SLO availability error ratio 6\.000% over 5m/);
    expect(frame).toContain('deploys.rollback (act-1) confirmed by alice');
  });

  test('pending events come after the newest recorded one, marked, and counted apart; never in a scrolled-back page', async () => {
    const timeline = timelineOf(50);
    const pending = [
      { id: '01P1', at: '2026-11-22T02:12:00.000Z', actor: 'alice', kind: 'note', text: 'Note: paged the dba' },
      { id: '01P2', at: '2026-11-22T02:12:00.000Z', actor: 'alice', kind: 'severity.changed', text: 'Severity SEV2 → SEV1' },
    ];
    const r = renderAt(<TimelinePanel timeline={timeline} pending={pending} top={null} size={{ width: 80, height: 5 }} />);
    const frame = await r.waitForFrame('pending');
    expect(lines(frame)[0]).toContain('50 events · 2 pending, not recorded');
    expect(lines(frame).at(-1)).toMatch(/^⧗ pending .*Severity SEV2 → SEV1/);
    expect(lines(frame).at(-2)).toMatch(/^⧗ pending .*Note: paged the dba/);
    expect(lines(frame).at(-3)).toContain('event number 49');
    const back = renderAt(<TimelinePanel timeline={timeline} pending={pending} top={10} size={{ width: 80, height: 5 }} />);
    expect(await back.waitForFrame('scrolled back')).not.toContain('⧗ pending');
  });
});

describe('RunningActions', () => {
  test('progress, elapsed time, a spinner derived from it, and how to cancel', async () => {
    const r = renderAt(<RunningActions running={[RUNNING_ROLLBACK]} size={{ width: 120, height: 2 }} />);
    const frame = await r.waitForFrame('RUNNING');
    expect(frame).toContain('⠋ RUNNING deploys.rollback · 1m05s · Esc to cancel · Roll back checkout-api from :42 to :41');
    expect(frame).toContain('█████░░░░░ 3/6 tasks 3/6 running, rollout IN_PROGRESS │ deployment ecs-svc/123 IN_PROGRESS');
    r.rerender(<RunningActions running={[{ ...RUNNING_ROLLBACK, elapsedMs: 65_100, cancellable: false, phase: 'verifying' }]} size={{ width: 120, height: 2 }} />);
    const later = await r.waitForFrame('VERIFYING');
    expect(later).toContain('⠙ VERIFYING');
    expect(later).not.toContain('Esc to cancel');
    // Being verified and still watched: Esc stops the watch, it cancels no change already made.
    r.rerender(<RunningActions running={[{ ...RUNNING_ROLLBACK, elapsedMs: 65_200, cancellable: true, phase: 'verifying' }]} size={{ width: 120, height: 2 }} />);
    const watched = await r.waitForFrame('Esc stops watching');
    expect(watched).toContain('VERIFYING deploys.rollback · 1m05s · Esc stops watching · Roll back');
  });
});

describe('RunningActions, the plan\'s own summary', () => {
  test('at 120 columns the target revision is on the line whole', async () => {
    // The ECS plugin's summary names the service in each revision: the line read `… from checkout-api:42 to checkout-api:4…`.
    const summary = 'Roll back checkout-api from checkout-api:42 to checkout-api:41 (deploy the target task definition)';
    const frame = await renderAt(<RunningActions running={[{ ...RUNNING_ROLLBACK, summary }]} size={{ width: 120, height: 2 }} />).waitForFrame('RUNNING');
    expect(frame).toContain('Esc to cancel · Roll back checkout-api from :42 to :41 (deploy the target');
  });
});

describe('StepsPanel, short of lines', () => {
  // moto at 100x30: `checkout-api is now deploying … another deployment replac…` stood with no step title above it, and
  // the panel said `… 1. 2. 5. not shown`, leaving out the failed step 3 it had cut.
  test("never shows a step's detail without its title; a step cut away is counted as not shown", async () => {
    const steps = STEPS.map((step) => (step.id === 'rollback' ? { ...step, status: 'failed' as const, detail: 'checkout-api is now deploying :42, not :41' } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={3} nextStep={3} passed={NOTHING_PASSED_OVER} size={{ width: 100, height: 4 }} />, { columns: 100, rows: 10 });
    const frame = await r.waitForFrame('not shown');
    expect(frame).not.toMatch(/^\s+checkout-api is now deploying/m);
    expect(frame).toMatch(/… (\d\. )*3\. (\d\. )*not shown/);
  });
});

describe('StepsPanel, a narrow line', () => {
  // 80x24: `✓ 3. Roll the Rollout back … [deploys.rollback] do…`: the status word was cut, not the title.
  test('cuts the title (then drops the action tag), never the status word or "◀ next"', async () => {
    const steps = STEPS.map((step) => (step.id === 'rollback' ? { ...step, title: 'Roll the Rollout back to the previous revision with kubectl argo rollouts undo', status: 'done' as const } : step));
    const r = renderAt(<StepsPanel steps={steps} selected={3} nextStep={3} passed={NOTHING_PASSED_OVER} size={{ width: 60, height: 12 }} />, { columns: 60, rows: 14 });
    const frame = await r.waitForFrame('RUNBOOK');
    const line = frame.split('\n').find((l) => l.includes('3. Roll the Rollout'))!;
    expect(line).toMatch(/… \[deploys\.rollback\] done$/);
    const narrow = renderAt(<StepsPanel steps={steps} selected={3} nextStep={3} passed={NOTHING_PASSED_OVER} size={{ width: 40, height: 12 }} />, { columns: 40, rows: 14 });
    const narrowLine = (await narrow.waitForFrame('RUNBOOK')).split('\n').find((l) => l.includes('3. Roll'))!;
    expect(narrowLine).toMatch(/… done$/);
  });
});
