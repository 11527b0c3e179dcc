/**
 * The Kubernetes example runbook drilled by autopilot through every built-in scenario: the sandbox
 * serves a Kubernetes-API-compatible endpoint and the real `kubernetes` plugin rolls back through
 * it (`kubectl rollout undo` semantics); a runbook without mitigations does not recover. The Argo
 * Rollouts variant is drilled beside it (drillArgoRollouts.test.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/core/drillTypes';
import { expectTargetsMeetable } from '../support/drillTargets';
import { cockpit } from '../support/cli';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cockpit-drill-k8s-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});
const env = () => ({ COCKPIT_DATA_DIR: dataDir });

describe('payments-api (Kubernetes) drills through every built-in scenario (built CLI, --autopilot)', () => {
  it('lints clean', async () => {
    const result = await cockpit(['lint', 'runbooks/payments-api.yaml'], { env: env() });
    expect(result.stdout + result.stderr).toContain('1 file checked, no problems');
    expect(result.exitCode).toBe(0);
  });

  // bad-deploy is played once, below, where its export is read too.
  it.each(['bad-flag', 'slow-burn', 'irreversible-migration'])('%s: recovers, exits 0, the report is about payments-api', async (scenario) => {
    const result = await cockpit(['drill', 'runbooks/payments-api.yaml', '--scenario', scenario, '--autopilot', '--json'], { env: env() });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report).toMatchObject({ scenario, recovered: true, recoveryChecksPassed: true, verdict: 'recovered' });
    expect(report.incident).toMatch(/^inc-\d{8}-\d{4}-payments-api(-\d+)?$/);
    expectTargetsMeetable(report);
    expect(result.exitCode).toBe(0);
  }, 120_000);

  it('bad-deploy: recovers; the rollback is the kubernetes plugin’s rollout undo to :41, executed and verified from the API', async () => {
    const result = await cockpit(['drill', 'runbooks/payments-api.yaml', '--scenario', 'bad-deploy', '--autopilot', '--json'], { env: env() });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report).toMatchObject({ scenario: 'bad-deploy', recovered: true, recoveryChecksPassed: true, verdict: 'recovered' });
    expect(report.incident).toMatch(/^inc-\d{8}-\d{4}-payments-api(-\d+)?$/);
    expect(result.exitCode).toBe(0);
    const exported = await cockpit(['export', report.incident, '--format', 'md'], { env: env() });
    expect(exported.stdout).toContain('Roll back deployment/payments-api in payments from payments-api:42 to payments-api:41 (kubectl rollout undo --to-revision=41');
    expect(exported.stdout).toContain('deployment "payments-api" successfully rolled out');
    // The undo's revision :43 reuses :41's ReplicaSet (carol's, a day old): it is the confirmer's.
    expect(exported.stdout).toMatch(/Deploy payments-api:43 \(the build of payments-api:41\) successful \(current\), started 2026-11-22 \d\d:\d\dZ by autopilot/);
    expect(exported.stdout).not.toMatch(/Deploy payments-api:43 [^|]*by carol/);
  }, 120_000);

  it('bad-deploy without its mitigations: not recovered, exit 1', async () => {
    // Without its recovery check too, so the drill ends at once (drillArgoRollouts.test.ts keeps it and gives up on it).
    const runbook = (await readFile('runbooks/payments-api.yaml', 'utf8')).replace(/  - id: disable-payouts[\s\S]*?(?=communication:)/, '');
    if (/recovery:|disable-payouts/.test(runbook)) throw new Error('payments-api.yaml changed: the test no longer trims it');
    const file = join(dataDir, 'payments-no-mitigation.yaml');
    await writeFile(file, runbook.replace('./flags/payments.flagd.json', `${process.cwd()}/runbooks/flags/payments.flagd.json`));
    const result = await cockpit(['drill', file, '--scenario', 'bad-deploy', '--autopilot'], { env: env() });
    expect(result.stdout).toContain('NOT RECOVERED');
    expect(result.exitCode).toBe(1);
  }, 120_000);
});
