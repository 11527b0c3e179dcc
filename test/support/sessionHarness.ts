import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/core/events';
import { ManualClock } from '../../src/plugins/clock';
import type { Logger } from '../../src/plugins/contract';
import { loadRunbookFile } from '../../src/runbook/load';
import type { Runbook } from '../../src/runbook/schema';
import { IncidentSession } from '../../src/session/IncidentSession';
import type { SessionOptions } from '../../src/session/options';
import { incidentDir, EVENTS_FILE } from '../../src/timeline/paths';
import { readVerifiedEvents } from '../../src/timeline/readEvents';
import { TestWorld } from './testWorld';
import { builtinPlugins } from '../../plugins/index';
import { pluginCatalog } from '../../src/plugins/registry';

export const CHECKOUT_RUNBOOK = new URL('../../runbooks/checkout-api.yaml', import.meta.url).pathname;
export const START = Date.UTC(2026, 10, 22, 2, 0, 0);

export async function loadCheckout(): Promise<Runbook> {
  // Loaded once per worker (YAML with positions, then the schema: 2 s of the suite's CPU over a
  // hundred drills), and a copy given to each caller, who may change theirs.
  checkout ??= loadRunbookFile(CHECKOUT_RUNBOOK, { catalog: pluginCatalog(builtinPlugins) }).then((loaded) => {
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    return loaded.runbook;
  });
  return structuredClone(await checkout);
}
let checkout: Promise<Runbook> | undefined;

export const quietLog: Logger = { debug() {}, info() {}, warn() {} };

export interface Harness {
  readonly session: IncidentSession;
  /** Moves the clock, then waits until everything the session recorded meanwhile is on disk. */
  advance(ms: number): Promise<void>;
  readonly world: TestWorld;
  readonly clock: ManualClock;
  readonly dataDir: string;
  events(): Promise<StoredEvent[]>;
  kinds(): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** A session on the checkout-api runbook, a test world, a manual clock and a real JSONL store in a temp dir. */
export async function openHarness(overrides: Partial<SessionOptions> & { world?: TestWorld; dataDir?: string; clock?: ManualClock } = {}): Promise<Harness> {
  const world = overrides.world ?? new TestWorld();
  const clock = overrides.clock ?? new ManualClock(START);
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'cockpit-session-')));
  const runbook = overrides.runbook ?? (await loadCheckout());
  const opened = await IncidentSession.open({
    runbook,
    runbookPath: CHECKOUT_RUNBOOK,
    plugins: world.plugins(),
    secrets: [],
    environment: 'production',
    defaultEnvironment: true,
    mode: 'incident',
    dataDir,
    responder: 'alice',
    clock,
    log: quietLog,
    random: () => 1,
    // The test world stands in for the sandbox: a sandbox drill is never opened without one.
    ...(overrides.mode === 'drill-sandbox' ? { sandboxDir: dataDir } : {}),
    ...overrides,
  });
  if (!opened.ok) throw new Error(opened.message);
  const session = opened.session;
  const events = async () => {
    // What the view shows may still be on its way to disk (declining a confirmation failed under
    // load: the view had moved on, the log did not hold action.cancelled yet), as drillHarness does.
    await session.settled();
    const out: StoredEvent[] = [];
    for await (const event of readVerifiedEvents(join(incidentDir(dataDir, session.incidentId), EVENTS_FILE))) out.push(event);
    return out;
  };
  const advance = async (ms: number) => {
    // Step through time so real appends (fsync) land between the polls they belong to.
    const stepMs = 5_000;
    for (let done = 0; done < ms; done += stepMs) {
      await clock.advance(Math.min(stepMs, ms - done));
      await session.settled();
    }
    await clock.advance(0);
    await session.settled();
  };
  await advance(0);
  return {
    session,
    advance,
    world,
    clock,
    dataDir,
    events,
    kinds: async () => (await events()).map((e) => e.kind),
    cleanup: async () => {
      await session.close();
      if (!overrides.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
