import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentMode } from '../../../src/core/events';
import type { PluginDefinition } from '../../../src/plugins/contract';
import { IncidentSession } from '../../../src/session/IncidentSession';
import { openIncident } from '../../../src/timeline/openIncident';
import { EVENTS_FILE, incidentDir } from '../../../src/timeline/paths';
import { CHECKOUT_RUNBOOK, loadCheckout, openHarness, quietLog, START, type Harness } from '../../support/sessionHarness';
import { TestWorld } from '../../support/testWorld';
import { ManualClock } from '../../../src/plugins/clock';

let dataDir: string;
let harness: Harness | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cockpit-mode-'));
});
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

/** An incident as another cockpit left it: only its `incident.opened` line, in `mode`. */
async function loggedIncident(mode: IncidentMode): Promise<string> {
  const opened = await openIncident({
    dataDir,
    responder: 'bob',
    now: () => new Date(START),
    create: { service: 'checkout-api', severity: 'SEV2', environment: 'production', mode, drill: mode !== 'incident', steps: [] },
  });
  if (!opened.ok) throw new Error(opened.error.message);
  await opened.value.store.close();
  return opened.value.store.incidentId;
}

/** The test world's plugins, counting every provider they create. */
function countingPlugins(world: TestWorld): { plugins: PluginDefinition<unknown>[]; created: string[] } {
  const created: string[] = [];
  const plugins = world.plugins().map((plugin) => ({
    ...plugin,
    create: (config: unknown, ctx: Parameters<typeof plugin.create>[1]) => {
      created.push(plugin.name);
      return plugin.create(config, ctx);
    },
  }));
  return { plugins, created };
}

async function resume(incidentId: string, mode: IncidentMode, plugins: readonly PluginDefinition<unknown>[], extra: { readOnly?: boolean } = {}) {
  return IncidentSession.open({
    runbook: await loadCheckout(),
    runbookPath: CHECKOUT_RUNBOOK,
    plugins,
    secrets: [],
    environment: 'production',
    defaultEnvironment: true,
    mode,
    dataDir,
    responder: 'alice',
    clock: new ManualClock(START + 60_000),
    log: quietLog,
    incidentId,
    ...extra,
  });
}

describe('an incident keeps the mode its log recorded', () => {
  it('refuses to resume a sandbox drill against real providers: no provider is created and nothing is appended', async () => {
    const id = await loggedIncident('drill-sandbox');
    const log = join(incidentDir(dataDir, id), EVENTS_FILE);
    const before = await readFile(log);
    const { plugins, created } = countingPlugins(new TestWorld());

    const opened = await resume(id, 'incident', plugins);
    expect(opened.ok).toBe(false);
    if (opened.ok) await opened.session.close();
    else expect(opened.message).toBe(`incident ${id} is a sandbox drill; resume it with \`cockpit drill ${CHECKOUT_RUNBOOK} --incident ${id}\`, or watch it with \`cockpit open ${CHECKOUT_RUNBOOK} --incident ${id} --read-only\``);
    expect(created).toEqual([]);
    expect(await readFile(log)).toEqual(before);
  });

  it('lets a sandbox drill be watched read-only, with its timeline and no provider at all', async () => {
    const id = await loggedIncident('drill-sandbox');
    const log = join(incidentDir(dataDir, id), EVENTS_FILE);
    const before = await readFile(log);
    const { plugins, created } = countingPlugins(new TestWorld());
    const opened = await resume(id, 'incident', plugins, { readOnly: true });
    if (!opened.ok) throw new Error(opened.message);
    const view = opened.session.view();
    await opened.session.close();
    expect(view.incident).toMatchObject({ id, mode: 'drill-sandbox' });
    expect(view.notices).toContain('a sandbox drill: its world lives in the cockpit running the drill; this watch shows its timeline only');
    expect(created).toEqual([]);
    expect(await readFile(log)).toEqual(before);
  });

  it('refuses a new sandbox drill that has no sandbox to run in', async () => {
    const { plugins, created } = countingPlugins(new TestWorld());
    const opened = await IncidentSession.open({
      runbook: await loadCheckout(),
      runbookPath: CHECKOUT_RUNBOOK,
      plugins,
      secrets: [],
      environment: 'sandbox',
      defaultEnvironment: true,
      mode: 'drill-sandbox',
      dataDir,
      responder: 'alice',
      clock: new ManualClock(START),
      log: quietLog,
    });
    expect(opened.ok).toBe(false);
    expect(created).toEqual([]);
  });

  it('resumes a drill on real providers as a drill, with its guard, even when the command line did not say --drill', async () => {
    const id = await loggedIncident('drill-real');
    const world = new TestWorld();
    harness = await openHarness({ world, dataDir, incidentId: id, mode: 'incident', autopilot: true });
    expect(await harness.session.runStep('rollback')).toBe('refused');
    expect(world.calls).toEqual([]);
    const cancelled = (await harness.events()).find((e) => e.kind === 'action.cancelled');
    expect(cancelled?.data).toMatchObject({ reason: expect.stringContaining('this is a drill on real providers') });
  });

  it('refuses --drill on a real incident rather than rehearse on production', async () => {
    const id = await loggedIncident('incident');
    const { plugins, created } = countingPlugins(new TestWorld());
    const opened = await resume(id, 'drill-real', plugins);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.message).toBe(`incident ${id} is a real incident, not a drill; resume it without --drill: \`cockpit open ${CHECKOUT_RUNBOOK} --incident ${id}\``);
    expect(created).toEqual([]);
  });
});
