import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinPlugins } from '../../plugins/index';
import { pluginCatalog } from '../../src/plugins/registry';
import { loadRunbookFile } from '../../src/runbook/load';
import { readOwnFlags } from '../../src/sandbox/runbookFlags';
import type { StoredEvent } from '../../src/core/events';
import type { Runbook } from '../../src/runbook/schema';
import { useSandboxAwsCredentials } from '../../src/sandbox/awsSandboxCredentials';
import { startDrill, type Drill } from '../../src/cli/drillRunner';
import { loadScenarioText } from '../../src/sandbox/scenario';
import { builtinScenario } from '../../src/sandbox/scenarioBuiltins';
import type { CockpitView } from '../../src/session/viewModel';
import { EVENTS_FILE, incidentDir } from '../../src/timeline/paths';
import { readVerifiedEvents } from '../../src/timeline/readEvents';
import { CHECKOUT_RUNBOOK, loadCheckout, quietLog } from './sessionHarness';

export interface DrillHarness {
  readonly drill: Drill;
  readonly runbook: Runbook;
  /** Moves virtual time until the view satisfies `predicate` (or `withinMs` of drill time passes). */
  until(predicate: (view: CockpitView) => boolean, withinMs?: number): Promise<boolean>;
  /**
   * Moves virtual time by `ms`, asking nothing of the view: a wait for the world to move on (a
   * window to drain). `until(() => false, ms)` built a view at every instant of it for nobody,
   * a fifth of an idle drill-minute's CPU.
   */
  pass(ms: number): Promise<void>;
  /** Runs a step to its end, moving virtual time. */
  runStep(step: string): Promise<unknown>;
  events(): Promise<StoredEvent[]>;
  cleanup(): Promise<void>;
}

/**
 * A max-speed drill of the checkout-api runbook against a built-in scenario, or a scenario file's
 * text (`scenarioText`, named `scenarioName` in problems), data in a temp dir.
 */
export async function openDrill(scenarioName: string, options: { autopilot?: boolean; runbook?: Runbook; scenarioText?: string } = {}): Promise<DrillHarness> {
  useSandboxAwsCredentials();
  const runbook = options.runbook ?? (await loadCheckout());
  const scenario = options.scenarioText === undefined ? builtinScenario(scenarioName) : loadScenarioText(options.scenarioText, scenarioName);
  if (!scenario?.ok) throw new Error(`no scenario ${scenarioName}: ${JSON.stringify(scenario)}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'cockpit-drill-test-'));
  const started = await startDrill({
    runbook,
    runbookPath: CHECKOUT_RUNBOOK,
    plugins: builtinPlugins,
    scenario: scenario.loaded.scenario,
    speed: { kind: 'max' },
    autopilot: options.autopilot ?? false,
    dataDir,
    responder: 'tester',
    log: quietLog,
  });
  if (!started.ok) throw new Error(started.message);
  const { drill } = started;
  const now = () => Date.parse(drill.session.view().now);
  const until = (predicate: (view: CockpitView) => boolean, withinMs = 60 * 60_000) => drill.pump!.run(() => predicate(drill.session.view()), now() + withinMs);
  // Let the first polls land: the drill starts with what the providers say at its start.
  await drill.pump!.run(() => false, now());
  return {
    drill,
    runbook,
    until,
    async pass(ms) {
      await drill.pump!.run(() => false, now() + ms);
    },
    async runStep(step) {
      let finished = false;
      const work = drill.session.runStep(step).finally(() => {
        finished = true;
      });
      await drill.pump!.run(() => finished, now() + 60 * 60_000);
      return finished ? work : 'timed out';
    },
    async events() {
      await drill.session.settled();
      const out: StoredEvent[] = [];
      for await (const event of readVerifiedEvents(join(incidentDir(dataDir, drill.session.incidentId), EVENTS_FILE))) out.push(event);
      return out;
    },
    async cleanup() {
      await drill.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A drill of one of the shipped runbooks other than checkout-api, with a built-in scenario bound to it (as `cockpit drill` binds it). */
export async function openBoundDrill(file: string, scenarioName: string): Promise<DrillHarness> {
  const loaded = await loadRunbookFile(file, { catalog: pluginCatalog(builtinPlugins), secretEnv: {} });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const bound = builtinScenario(scenarioName, { runbook: loaded.runbook, file, text: readFileSync(file, 'utf8'), flags: await readOwnFlags(loaded.runbook, file) });
  if (!bound?.ok) throw new Error(`${scenarioName} does not bind to ${file}`);
  return openDrill(scenarioName, { runbook: loaded.runbook, scenarioText: bound.loaded.text });
}
