import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/core/drillTypes';
import { expectTargetsMeetable } from '../support/drillTargets';
import { cockpit } from '../support/cli';
import { runbookWithoutMitigations } from '../support/quickDrill';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cockpit-drill-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const env = () => ({ COCKPIT_DATA_DIR: dataDir });

describe('cockpit drill --autopilot (built CLI, no terminal)', () => {
  it('runs the runbook against the sandbox, prints the JSON report, exits 0 when the world recovered; the incident exports', async () => {
    // No --scenario: bad-deploy is the default. The report is the versioned JSON (conventions.test.ts).
    const result = await cockpit(['drill', 'runbooks/checkout-api.yaml', '--autopilot', '--json'], { env: env() });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report).toMatchObject({ format: 'incident-cockpit/drill-report-v1', scenario: 'bad-deploy', recovered: true, recoveryChecksPassed: true, max: 100 });
    expect(result.exitCode).toBe(0);

    const verified = await cockpit(['verify', report.incident], { env: env() });
    expect(verified.exitCode).toBe(0);
    const exported = await cockpit(['export', report.incident, '--format', 'md'], { env: env() });
    expect(exported.stdout).toContain('> **Drill.**');
    expect(exported.stdout).toMatch(/Drill scored \d+\/100/);
    expect(exported.stdout).toContain('deploys.rollback');
  });

  it('exits 1 with the report when the runbook does not mitigate the scenario', async () => {
    // Without its recovery check too (the Argo file keeps it and gives up on it).
    const file = await runbookWithoutMitigations(dataDir);
    // In a store of its own (--store DIR): the printed commands name it, or they looked in the data dir for nothing.
    const store = join(dataDir, 'elsewhere');
    const result = await cockpit(['drill', file, '--scenario', 'bad-deploy', '--autopilot', '--store', store], { env: env() });
    expect(result.stdout).toMatch(/^Drill report — scenario bad-deploy — incident inc-/);
    expect(result.stdout).toContain('NOT RECOVERED');
    expect(result.stdout).toContain('The world did NOT recover');
    expect(result.exitCode).toBe(1);
    const hint = /Postmortem: (cockpit export \S+ --format md --store \S+)/.exec(result.stdout);
    expect(hint?.[1]).toContain(`--store ${store}`);
    const exported = await cockpit(hint![1]!.split(' ').slice(1), { env: env() });
    expect(exported.exitCode).toBe(0);
  }, 60_000);

  it('exits 2 for an unknown scenario, with a suggestion', async () => {
    const result = await cockpit(['drill', 'runbooks/checkout-api.yaml', '--scenario', 'bad-deplyo', '--autopilot'], { env: env() });
    expect(result.stderr).toContain('unknown scenario `bad-deplyo` (did you mean `bad-deploy`?)');
    expect(result.exitCode).toBe(2);
  });

  it('exits 2 with the runbook\'s line when a built-in scenario does not fit the runbook', async () => {
    const result = await cockpit(['drill', 'runbooks/search-api.yaml', '--scenario', 'bad-flag', '--autopilot'], { env: env() });
    expect(result.stderr).toBe('runbooks/search-api.yaml:11:3: scenario bad-flag is caused by a feature flag, and this runbook has no flags provider (flagd)');
    expect(result.stderr).not.toContain('src/');
    expect(result.exitCode).toBe(2);
  });

  it('refuses an interactive drill without a terminal', async () => {
    const result = await cockpit(['drill', 'runbooks/checkout-api.yaml'], { env: env() });
    expect(result.stderr).toContain('needs a terminal; without one use --autopilot');
    expect(result.exitCode).toBe(2);
  });

  // A play-test: an interactive drill at --speed max stood at `open 0s`, its panels loading for good, and its quit was
  // scored NOT RECOVERED on a world never observed.
  it('refuses --speed max without --autopilot, saying what a responder plays at', async () => {
    const result = await cockpit(['drill', 'runbooks/checkout-api.yaml', '--speed', 'max'], { env: env() });
    expect(result.stderr).toBe('cockpit drill: --speed max runs with --autopilot only (its clock moves as fast as the autopilot works, faster than anyone can read); a responder plays at a factor, e.g. --speed 60');
    expect(result.exitCode).toBe(2);
    // --init-scenario runs no drill: nothing to refuse of its speed; a factor out of range says the range.
    expect((await cockpit(['drill', 'runbooks/checkout-api.yaml', '--init-scenario', 'bad-deploy', '--speed', 'max'], { env: env() })).exitCode).toBe(0);
    expect((await cockpit(['drill', 'runbooks/checkout-api.yaml', '--speed', '1e9'], { env: env() })).stderr).toBe('cockpit drill: --speed takes a factor above 0 and at most 10000, or `max`, not "1e9"');
  });
});

describe('every example runbook drills through every built-in scenario that fits it (built CLI, --autopilot)', () => {
  // checkout-api × bad-deploy is the first test above, and its autopilot recovers from every other
  // built-in in test/integration/drill/postmortem*.test.ts (playedRight), in process: the same
  // drills through the CLI again would be three more full drills for the same assertions.
  // payments-api's are in drillKubernetes.test.ts; order-worker × slow-burn is drilled from its
  // printed scenario file below.
  const fits = [
    ['order-worker', 'bad-deploy'],
    ['search-api', 'bad-deploy'],
    ['search-api', 'slow-burn'],
  ] as const;
  it.each(fits)('%s × %s: recovers, exits 0, the report is about that service', async (service, scenario) => {
    const result = await cockpit(['drill', `runbooks/${service}.yaml`, '--scenario', scenario, '--autopilot', '--json'], { env: env() });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report).toMatchObject({ scenario, recovered: true, recoveryChecksPassed: true, verdict: 'recovered' });
    expect(report.incident).toMatch(new RegExp(`^inc-\\d{8}-\\d{4}-${service}(-\\d+)?$`));
    expectTargetsMeetable(report);
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it('order-worker: a scenario that needs a kill switch it lacks is refused at its first_actions line', async () => {
    const result = await cockpit(['drill', 'runbooks/order-worker.yaml', '--scenario', 'bad-flag', '--autopilot'], { env: env() });
    expect(result.stderr).toMatch(/^runbooks\/order-worker\.yaml:32:3: scenario bad-flag is caused by a feature flag, and no step of this runbook sets a flag/);
    expect(result.exitCode).toBe(2);
  });

  // Copied without its flags/ folder, payments-api drilled bad-flag to the end on a flag the sandbox made up, and
  // nothing said the runbook's flag file was not there (lint is silent too: the file may be written at deploy time).
  it("says when the runbook's flag file is not beside it: the drill's flags are made up from its steps", async () => {
    const at = join(dataDir, 'no-flag-file');
    await mkdir(at, { recursive: true });
    await cp('runbooks/payments-api.yaml', join(at, 'payments-api.yaml'));
    const result = await cockpit(['drill', join(at, 'payments-api.yaml'), '--scenario', 'bad-flag', '--autopilot', '--json'], { env: env() });
    expect(result.stderr).toBe('cockpit drill: ./flags/payments.flagd.json is not there: the drill made up its flags (instant_payouts)');
    expect(JSON.parse(result.stdout)).toMatchObject({ scenario: 'bad-flag', recovered: true });
  });

  // A misspelt kill switch drilled 75/100: the sandbox made the flag up, so the step "worked" that
  // would fail against the runbook's own flag file in an incident (lint said so; the drill did not).
  it('refuses a runbook whose kill switch its own flag file would refuse, at the line lint names', async () => {
    const at = join(dataDir, 'misspelt-kill-switch');
    await cp('runbooks', at, { recursive: true });
    const runbook = join(at, 'payments-api.yaml');
    await writeFile(runbook, (await readFile(runbook, 'utf8')).replace('flag: instant_payouts', 'flag: instant_payout'));
    const result = await cockpit(['drill', runbook, '--scenario', 'bad-flag', '--autopilot'], { env: env() });
    expect(result.stderr).toBe(`${runbook}:42:37: flag "instant_payout" is not in ./flags/payments.flagd.json (did you mean "instant_payouts"?); its flags: instant_payouts`);
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(2);
  });
});

describe('cockpit drill <runbook> --init-scenario NAME', () => {
  it('prints the built-in bound to the runbook; it lints clean, and drilled as a scenario file the world recovers', async () => {
    const printed = await cockpit(['drill', 'runbooks/order-worker.yaml', '--init-scenario', 'slow-burn'], { env: env() });
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toMatch(/^# Edit, check with `cockpit lint FILE`.*\n# yaml-language-server: \$schema=\.\/scenario\.schema\.json\n# Built-in scenario slow-burn, bound to order-worker/);
    expect(printed.stdout).toContain('service: order-worker');
    const file = join(dataDir, 'order-worker-slow-burn.yaml');
    await writeFile(file, printed.stdout);
    const linted = await cockpit(['lint', file], { env: env() });
    expect(linted.stdout).toBe('');
    expect(linted.exitCode).toBe(0);
    const drilled = await cockpit(['drill', 'runbooks/order-worker.yaml', '--scenario', file, '--autopilot', '--json'], { env: env() });
    const report = JSON.parse(drilled.stdout) as DrillReport;
    expect(report).toMatchObject({ scenario: 'slow-burn', recovered: true, recoveryChecksPassed: true, verdict: 'recovered' });
    expect(report.incident).toMatch(/^inc-\d{8}-\d{4}-order-worker(-\d+)?$/);
    expect(drilled.exitCode).toBe(0);
  }, 60_000);

  it('exits 2 with the runbook\'s line for a scenario that does not fit, and for --scenario beside it', async () => {
    const misfit = await cockpit(['drill', 'runbooks/search-api.yaml', '--init-scenario', 'irreversible-migration'], { env: env() });
    expect(misfit.stderr).toMatch(/^runbooks\/search-api\.yaml:11:3: /);
    expect(misfit.stdout).toBe('');
    expect(misfit.exitCode).toBe(2);
    const both = await cockpit(['drill', 'runbooks/search-api.yaml', '--init-scenario', 'bad-deploy', '--scenario', 'bad-deploy'], { env: env() });
    expect(both.exitCode).toBe(2);
  });
});
