import { readFileSync, utimesSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { burnRate } from '../core/burnRate';
import type { Clock } from '../plugins/contract';
import type { Runbook } from '../core/runbookModel';
import { DEPLOYS_DOUBLES, drillDeploys, type LiveDeploys } from './drillDeploys';
import type { EcsEndpoint } from './ecs/index';
import type { KubernetesEndpoint } from './kubernetes/index';
import { startSandboxPrometheus, type SandboxPrometheus } from './prometheusEndpoint';
import { makeSandboxDir, removeSandboxDir } from './sandboxDir';
import { flagStateFromFile } from './scenarioFlags';
import type { Scenario } from './scenarioSchema';
import { errorRatio, trafficModel, type TrafficModel, type WorldSegment } from './traffic';
import { appendSegment, rebuildWorld, SAMPLE_MS } from './worldRebuild';
import type { WorldChange } from './worldReplay';

/**
 * Whether the world recovered is read over its last ten seconds (two of its samples): the errors
 * as they are now, which the sandbox knows exactly. Read over 5 minutes, then over one, a bad-flag
 * drill quit two minutes, then 40 seconds, after the kill switch reported "The world did NOT
 * recover: the service is still burning its error budget" of errors that had stopped.
 */
const RECOVERY_WINDOW_MS = 2 * SAMPLE_MS;

/** The plugins the sandbox can stand in for, by the capability they serve. */
const DOUBLES = { flags: 'flagd', slo: 'prometheus' } as const;
/** Local commands run as they are: they are the runbook's own scripts on this machine. */
const SANDBOXABLE: readonly string[] = [...DEPLOYS_DOUBLES, ...Object.values(DOUBLES), 'command'];

export interface DrillWorld {
  /** The runbook with each provider bound to its sandbox double (same plugins, sandbox endpoints). */
  readonly runbook: Runbook;
  readonly sandboxDir: string;
  readonly ecs?: EcsEndpoint;
  readonly kubernetes?: KubernetesEndpoint;
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
 * The world a drill runs in, reached only through the plugins' real protocols: an ECS- or
 * Kubernetes-compatible endpoint (drillDeploys.ts: the real plugin and its client library), a real flagd file (the real `flagd` plugin), and a
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
  const deploysKey = Object.entries(runbook.providers).find(([, section]) => DEPLOYS_DOUBLES.includes(section.plugin))?.[0];
  const flagsKey = providerKey(runbook, DOUBLES.flags);
  const sloKey = providerKey(runbook, DOUBLES.slo);

  const deploys = deploysKey ? drillDeploys(scenario, runbook.providers[deploysKey]!) : undefined;
  const now = () => clock.now().getTime();
  const rebuilt = rebuildWorld<unknown>(scenario, deploys?.double as never, options.replay ?? [], now());

  const sandboxDir = await makeSandboxDir();
  const model = trafficModel(scenario);
  const history: WorldSegment[] = rebuilt.history;
  const flagFile = join(sandboxDir, 'flags.flagd.json');
  await writeFile(flagFile, `${JSON.stringify(rebuilt.flagFile, null, 2)}\n`);
  // Flags the scenario toggled carry their own change record (metadata); the others have none and
  // show "changed: unknown" (the flagd plugin never reads the file's time). The file still looks
  // as old as the world it describes, for whoever lists the sandbox directory.
  const untouchedSince = new Date(rebuilt.flagsChangedAt ?? scenario.start - 7 * 86_400_000);
  utimesSync(flagFile, untouchedSince, untouchedSince);

  // The servers start side by side (issue #17): the Prometheus double reads the world through
  // `sample`, which the deploys endpoint feeds once it is there.
  let live: LiveDeploys | undefined;
  const deploysStarted = deploys && rebuilt.deploys !== undefined ? deploys.start(rebuilt.deploys as never, now, sandboxDir) : undefined;

  // The file is read at every sample (each Prometheus query): parsed and checked only when its text changed.
  let flagText = readFileSync(flagFile, 'utf8');
  let flags = flagStateFromFile(JSON.parse(flagText)) ?? {};
  /** Appends a segment when what serves traffic, or which variants are set, changed. */
  const sample = () => {
    if (live) appendSegment(history, now(), { serving: live.serving(now()) });
    try {
      const text = readFileSync(flagFile, 'utf8');
      if (text !== flagText) {
        flags = flagStateFromFile(JSON.parse(text)) ?? flags;
        flagText = text;
      }
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
  const [deploysOutcome, prometheusOutcome] = await Promise.allSettled([deploysStarted, prometheusStarted]);
  live = deploysOutcome.status === 'fulfilled' ? deploysOutcome.value : undefined;
  const prometheus = prometheusOutcome.status === 'fulfilled' ? prometheusOutcome.value : undefined;
  if (deploysOutcome.status === 'rejected' || prometheusOutcome.status === 'rejected') {
    // One server could not start: the other must not outlive the drill.
    await Promise.allSettled([live?.close(), prometheus?.close()]);
    await removeSandboxDir(sandboxDir);
    throw deploysOutcome.status === 'rejected' ? deploysOutcome.reason : (prometheusOutcome as PromiseRejectedResult).reason;
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
      ...(deploysKey && live ? { [deploysKey]: live.provider } : {}),
      ...(flagsKey ? { [flagsKey]: { plugin: 'flagd', file: flagFile, drill_target: true } } : {}),
      ...(sloKey && prometheus ? { [sloKey]: { plugin: 'prometheus', url: prometheus.url } } : {}),
    },
  };

  return {
    ok: true,
    world: {
      runbook: bound,
      sandboxDir,
      ...(live?.ecs ? { ecs: live.ecs } : {}),
      ...(live?.kubernetes ? { kubernetes: live.kubernetes } : {}),
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
        await Promise.allSettled([live?.close(), prometheus?.close()]);
        await removeSandboxDir(sandboxDir);
      },
    },
  };
}

function providerKey(runbook: Runbook, plugin: string): string | undefined {
  return Object.entries(runbook.providers).find(([, section]) => section.plugin === plugin)?.[0];
}
