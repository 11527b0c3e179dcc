import { readFileSync, utimesSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { burnRate } from '../core/burnRate';
import type { Clock } from '../plugins/contract';
import type { Runbook } from '../core/runbookModel';
import { advance, servingTasks, startEcsEndpoint, type EcsEndpoint } from './ecs/index';
import { startSandboxPrometheus, type SandboxPrometheus } from './prometheusEndpoint';
import { flagStateFromFile } from './scenarioFlags';
import type { Scenario } from './scenarioSchema';
import { errorRatio, servingFromTasks, trafficModel, type TrafficModel, type WorldSegment } from './traffic';
import { appendSegment, rebuildWorld, SAMPLE_MS } from './worldRebuild';
import type { WorldChange } from './worldReplay';

const RECOVERY_WINDOW_MS = 5 * 60_000;

/** The plugins the sandbox can stand in for, by the capability they serve. */
const DOUBLES = { deploys: 'ecs', flags: 'flagd', slo: 'prometheus' } as const;
/** Local commands run as they are: they are the runbook's own scripts on this machine. */
const SANDBOXABLE: readonly string[] = [...Object.values(DOUBLES), 'command'];

export interface DrillWorld {
  /** The runbook with each provider bound to its sandbox double (same plugins, sandbox endpoints). */
  readonly runbook: Runbook;
  readonly sandboxDir: string;
  readonly ecs?: EcsEndpoint;
  readonly prometheus?: SandboxPrometheus;
  readonly model: TrafficModel;
  /** Ground truth: every SLO burns under 1x over the last 5 minutes of the world's traffic. */
  recovered(): boolean;
  /** The world's history so far (oldest first). */
  history(): readonly WorldSegment[];
  close(): Promise<void>;
}

export type DrillWorldResult = { readonly ok: true; readonly world: DrillWorld } | { readonly ok: false; readonly message: string };

/**
 * The world a drill runs in, reached only through the plugins' real protocols: an ECS-compatible
 * endpoint (the real `ecs` plugin and AWS SDK), a real flagd file (the real `flagd` plugin), and a
 * Prometheus-compatible endpoint answering the runbook's own queries from the simulated traffic.
 * Everything moves on the drill's clock.
 */
export async function startDrillWorld(options: {
  scenario: Scenario;
  runbook: Runbook;
  clock: Clock;
  signal: AbortSignal;
  /** A resumed drill: what the responder already did, re-applied when it was done. */
  replay?: readonly WorldChange[];
}): Promise<DrillWorldResult> {
  const { scenario, runbook, clock } = options;
  // Isolation: a provider the sandbox cannot stand in for would reach the real world.
  const unsupported = Object.entries(runbook.providers).find(([, section]) => !SANDBOXABLE.includes(section.plugin));
  if (unsupported) {
    return { ok: false, message: `a drill may only use providers the sandbox stands in for (${SANDBOXABLE.join(', ')}); \`${unsupported[0]}\` uses \`${unsupported[1].plugin}\`` };
  }
  const deploysKey = providerKey(runbook, DOUBLES.deploys);
  const flagsKey = providerKey(runbook, DOUBLES.flags);
  const sloKey = providerKey(runbook, DOUBLES.slo);

  const deploys = deploysKey ? runbook.providers[deploysKey]! : undefined;
  // A runbook may leave the region to AWS_REGION or a profile; a drill depends on neither.
  const region = deploys?.region === undefined ? 'us-east-1' : String(deploys.region);
  const placement = deploys ? { cluster: String(deploys.cluster), service: String(deploys.service), region } : undefined;
  const now = () => clock.now().getTime();
  const rebuilt = rebuildWorld(scenario, placement, options.replay ?? [], now());

  const sandboxDir = await mkdtemp(join(tmpdir(), 'cockpit-drill-'));
  const model = trafficModel(scenario);
  const history: WorldSegment[] = rebuilt.history;
  const flagFile = join(sandboxDir, 'flags.flagd.json');
  await writeFile(flagFile, `${JSON.stringify(rebuilt.flagFile, null, 2)}\n`);
  // Flags the scenario toggled carry their own change record (metadata); the others have none and
  // show "changed: unknown" (the flagd plugin never reads the file's time). The file still looks
  // as old as the world it describes, for whoever lists the sandbox directory.
  const untouchedSince = new Date(rebuilt.flagsChangedAt ?? scenario.start - 7 * 86_400_000);
  utimesSync(flagFile, untouchedSince, untouchedSince);

  // The two servers start side by side (issue #17): the Prometheus double reads the world
  // through `sample`, which the ECS endpoint feeds once it is there.
  let ecs: EcsEndpoint | undefined;
  const ecsStarted = placement && rebuilt.ecs ? startEcsEndpoint({ world: rebuilt.ecs, clock: now }) : undefined;

  let flags = flagStateFromFile(JSON.parse(readFileSync(flagFile, 'utf8'))) ?? {};
  /** Appends a segment when what serves traffic, or which variants are set, changed. */
  const sample = () => {
    if (ecs && placement) {
      ecs.update((world) => advance(world, now()));
      const serving = servingFromTasks(servingTasks(ecs.world(), placement.cluster, placement.service));
      appendSegment(history, now(), { serving });
    }
    try {
      flags = flagStateFromFile(JSON.parse(readFileSync(flagFile, 'utf8'))) ?? flags;
    } catch {
      // Mid-edit by a responder or a plugin: keep the last readable state.
    }
    appendSegment(history, now(), { flags });
  };
  const prometheusStarted = sloKey
    ? startSandboxPrometheus({
        slos: runbook.slos.map((slo) => ({ name: slo.name, errorRatio: slo.error_ratio })),
        model,
        history: () => {
          sample();
          return history;
        },
        now,
      })
    : undefined;
  const [ecsOutcome, prometheusOutcome] = await Promise.allSettled([ecsStarted, prometheusStarted]);
  ecs = ecsOutcome.status === 'fulfilled' ? ecsOutcome.value : undefined;
  const prometheus = prometheusOutcome.status === 'fulfilled' ? prometheusOutcome.value : undefined;
  if (ecsOutcome.status === 'rejected' || prometheusOutcome.status === 'rejected') {
    // One server could not start: the other must not outlive the drill.
    await Promise.allSettled([ecs?.close(), prometheus?.close()]);
    await rm(sandboxDir, { recursive: true, force: true });
    throw ecsOutcome.status === 'rejected' ? ecsOutcome.reason : (prometheusOutcome as PromiseRejectedResult).reason;
  }
  sample();

  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  const sampler = (async () => {
    while (!signal.aborted) {
      try {
        await clock.sleep(SAMPLE_MS, signal);
      } catch {
        return;
      }
      sample();
    }
  })();

  const bound: Runbook = {
    ...runbook,
    environments: {},
    providers: {
      ...runbook.providers,
      ...(deploysKey && ecs ? { [deploysKey]: { ...runbook.providers[deploysKey]!, region, endpoint: ecs.url, drill_target: true } } : {}),
      ...(flagsKey ? { [flagsKey]: { plugin: 'flagd', file: flagFile, drill_target: true } } : {}),
      ...(sloKey && prometheus ? { [sloKey]: { plugin: 'prometheus', url: prometheus.url } } : {}),
    },
  };

  return {
    ok: true,
    world: {
      runbook: bound,
      sandboxDir,
      ...(ecs ? { ecs } : {}),
      ...(prometheus ? { prometheus } : {}),
      model,
      history: () => history,
      recovered() {
        sample();
        return runbook.slos.every((slo) => {
          const ratio = errorRatio(model, history, slo.name, RECOVERY_WINDOW_MS, now());
          const burn = burnRate(ratio ?? null, slo.objective);
          return burn !== null && burn < 1;
        });
      },
      async close() {
        stop.abort();
        await sampler;
        await Promise.allSettled([ecs?.close(), prometheus?.close()]);
        await rm(sandboxDir, { recursive: true, force: true });
      },
    },
  };
}

function providerKey(runbook: Runbook, plugin: string): string | undefined {
  return Object.entries(runbook.providers).find(([, section]) => section.plugin === plugin)?.[0];
}
