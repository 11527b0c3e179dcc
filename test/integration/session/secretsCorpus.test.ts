import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import command from '../../../plugins/command/index';
import { builtinPlugins } from '../../../plugins/index';
import type { PluginDefinition } from '../../../src/plugins/contract';
import { loadRunbookText } from '../../../src/runbook/load';
import { exportIncident } from '../../../src/timeline/exportIncident';
import { EVENTS_FILE, incidentDir } from '../../../src/timeline/paths';
import { CREDENTIAL_SAMPLES } from '../../fixtures/secrets/credentials';
import { openHarness, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';

const PRINT_SECRETS = new URL('../../fixtures/command/print-secrets.mjs', import.meta.url).pathname;
const DB_PASSWORD = 'correct-horse-battery-staple';
const ENV = { DB_PASSWORD, ECS_CLUSTER: 'prod' };
const GH = CREDENTIAL_SAMPLES.find((s) => s.kind === 'github personal access token')!.secret;
const SLACK = CREDENTIAL_SAMPLES.find((s) => s.kind === 'slack bot token')!.secret;

/** Every string that must not survive: each planted credential, and the runbook's secret. */
const PLANTED = [...CREDENTIAL_SAMPLES.map((s) => s.secret), DB_PASSWORD];

function runbookText(): string {
  return `version: 1
service: checkout-api
owner: commerce-platform
severity: SEV2
secrets: [DB_PASSWORD]
providers:
  deploys: { plugin: ecs, cluster: "\${ECS_CLUSTER}", service: checkout-api, region: us-east-1 }
  flags: { plugin: flagd, file: ./flags.json }
  slo: { plugin: prometheus, url: "http://prometheus.internal:9090" }
slos:
  - name: availability
    objective: 99.5
    error_ratio: sum(rate(errors_total[$window])) / sum(rate(requests_total[$window]))
first_actions:
  - id: leak
    title: "Print diagnostics \\e]8;;https://evil.example\\e\\\\here\\e]8;;\\e\\\\"
    run: { action: command.run, argv: ["${process.execPath}", "${PRINT_SECRETS}", "./corpus.json", "\${DB_PASSWORD}"], timeout: 30s }
  - id: skip-me
    title: Something to skip
`;
}

let harness: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('planted secrets never reach the timeline or an export', () => {
  it(`${PLANTED.length} secrets through command output, a note, a skip reason, a flag name and a provider error`, { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'cockpit-corpus-'));
    const printed = [...CREDENTIAL_SAMPLES.map((s) => s.printed), 'cluster prod serves production traffic'];
    await writeFile(join(dir, 'corpus.json'), JSON.stringify(printed));
    const runbookPath = join(dir, 'runbook.yaml');
    await writeFile(runbookPath, runbookText());
    const loaded = loadRunbookText(runbookText(), runbookPath, { plugins: builtinPlugins, env: ENV });
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n'));
    // A plain value is configuration: only the listed secret is one.
    expect(loaded.secrets).toEqual([DB_PASSWORD]);

    const world = new TestWorld();
    world.flags = [...world.flags, { key: `beta_${GH}`, state: 'ENABLED', variants: ['on', 'off'], defaultVariant: 'on' }];
    world.sloFailure = `401 Unauthorized: token ${SLACK} rejected\x1b]52;c;ZXZpbA==\x07\x1b[2J`;
    // The real command plugin: a child process whose output arrives in chunks.
    const plugins = [...world.plugins().filter((p) => p.name !== 'command'), command as PluginDefinition<unknown>];
    harness = await openHarness({ world, runbook: loaded.runbook, runbookPath, plugins, secrets: loaded.secrets });
    const { session } = harness;

    expect(await session.runStep('leak')).toBe('succeeded');
    await session.dispatch({ type: 'note', text: `pasted from chat:\n${CREDENTIAL_SAMPLES.map((s) => s.printed).join('\n')}` });
    await session.dispatch({ type: 'step.skip', step: 'skip-me', reason: `not needed, rotated ${GH} and ${DB_PASSWORD}` });
    await harness.advance(60_000);
    await session.settled();

    const view = session.view();
    const drawn = JSON.stringify({ ...view, timeline: view.timeline.entries(0, view.timeline.length) });
    const log = await readFile(join(incidentDir(harness.dataDir, session.incidentId), EVENTS_FILE), 'utf8');
    await session.close();
    const md = await exportIncident({ dataDir: harness.dataDir, id: session.incidentId, format: 'md' });
    const json = await exportIncident({ dataDir: harness.dataDir, id: session.incidentId, format: 'json' });
    if (!md.ok || !json.ok) throw new Error('export failed');

    // The path was really taken: output, note, skip, flag and the provider's error are there.
    expect(log).toContain('"kind":"action.output"');
    expect(log).toContain('pasted from chat');
    expect(log).toContain('not needed, rotated');
    expect(log).toContain('beta_«redacted»');
    expect(drawn).toContain('401 Unauthorized: token «redacted» rejected');
    for (const [where, text] of [['events.jsonl', log], ['md export', md.value.text], ['json export', json.value.text], ['screen', drawn]] as const) {
      for (const secret of PLANTED) expect(text, `${where} leaks ${secret.slice(0, 12)}…`).not.toContain(secret);
    }
    // Plain configuration is never redacted.
    expect(log).toContain('cluster prod serves production traffic');
    expect(md.value.text).toContain('cluster prod serves production traffic');
    // Nothing from outside reaches the screen as a terminal escape sequence.
    expect(drawn).not.toMatch(/\\u001b|\\u0007|[\x80-\x9f]/);
    expect(drawn).not.toContain('evil');
  });
});
