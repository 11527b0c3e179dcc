/**
 * The Argo Rollouts example runbook (payments-api-rollout) drilled by autopilot through every
 * built-in scenario: the sandbox's Kubernetes endpoint serves the Rollout and its AnalysisRuns, and
 * the real `kubernetes` plugin rolls back through it (`kubectl argo rollouts undo` semantics);
 * a runbook without mitigations does not recover.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../../src/core/drillTypes';
import { cockpit } from '../support/cli';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cockpit-drill-argo-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});
const env = () => ({ COCKPIT_DATA_DIR: dataDir });

describe('payments-api-rollout (Argo Rollouts) drills through every scenario that goes through the Rollout (built CLI, --autopilot)', () => {
  it('lints clean', async () => {
    const result = await cockpit(['lint', 'runbooks/payments-api-rollout.yaml'], { env: env() });
    expect(result.stdout + result.stderr).toContain('1 file checked, no problems');
    expect(result.exitCode).toBe(0);
  });

  // Every scenario whose mitigation goes through the Rollout (bad-flag's kill switch does not: it
  // drills on payments-api, whose flags are the same); bad-deploy is played once, below.
  it.each(['slow-burn', 'irreversible-migration'])('%s: recovers, exits 0', async (scenario) => {
    const result = await cockpit(['drill', 'runbooks/payments-api-rollout.yaml', '--scenario', scenario, '--autopilot', '--json'], { env: env() });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout) as DrillReport).toMatchObject({ scenario, recovered: true, recoveryChecksPassed: true, verdict: 'recovered' });
    expect(result.exitCode).toBe(0);
  }, 120_000);

  it('bad-deploy: recovers; the rollback is kubectl argo rollouts undo to :41, verified Healthy from the Rollout; :43 is the confirmer’s', async () => {
    const result = await cockpit(['drill', 'runbooks/payments-api-rollout.yaml', '--scenario', 'bad-deploy', '--autopilot', '--json'], { env: env() });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report).toMatchObject({ scenario: 'bad-deploy', recovered: true, recoveryChecksPassed: true, verdict: 'recovered' });
    expect(result.exitCode).toBe(0);
    const exported = await cockpit(['export', report.incident, '--format', 'md'], { env: env() });
    expect(exported.stdout).toContain('Roll back rollout/payments-api in payments from payments-api:42 to payments-api:41 (kubectl argo rollouts undo --to-revision=41');
    expect(exported.stdout).toContain('PATCH rollouts (application/json-patch+json)');
    expect(exported.stdout).toMatch(/Verified: Healthy: 6\/6 pods run \S+payments-api:c41c3d2/);
    expect(exported.stdout).toMatch(/Deploy payments-api:43 \(the build of payments-api:41\) successful \(current\), started 2026-11-22 \d\d:\d\dZ by autopilot/);
  }, 120_000);

  it('bad-deploy without its mitigations: not recovered, exit 1', async () => {
    const runbook = (await readFile('runbooks/payments-api-rollout.yaml', 'utf8')).replace(/  - id: disable-payouts[\s\S]*?(?=recovery:)/, '');
    const file = join(dataDir, 'payments-rollout-no-mitigation.yaml');
    await writeFile(file, runbook.replace('./flags/payments.flagd.json', `${process.cwd()}/runbooks/flags/payments.flagd.json`));
    const result = await cockpit(['drill', file, '--scenario', 'bad-deploy', '--autopilot'], { env: env() });
    expect(result.stdout).toContain('NOT RECOVERED');
    expect(result.exitCode).toBe(1);
  }, 120_000);
});
