/**
 * A drill's world at a given moment: the scenario's world, moved forward in time with the
 * changes the responder made (`worldChangesFromLog`) applied when they were made. A new drill is
 * the case without changes, at the scenario's start. Pure: the ECS world, the flag file's
 * content and the traffic history come out as values; the drill writes and serves them.
 */
import { advance, createWorld, servingTasks, stopServiceDeployment, updateService, type World } from './ecs/index';
import { scenarioEcsSeed, type EcsPlacement } from './scenarioEcs';
import { flagStateFromFile, scenarioFlagFile, type FlagdFile } from './scenarioFlags';
import type { Scenario } from './scenarioSchema';
import { scenarioHistory, servingFromTasks, type WorldSegment } from './traffic';
import type { WorldChange } from './worldReplay';

/** How often a rollout's progress is sampled into the history (virtual time), as the live drill does. */
export const SAMPLE_MS = 5_000;

export interface RebuiltWorld {
  readonly ecs?: World;
  readonly flagFile: FlagdFile;
  readonly history: WorldSegment[];
  /** When a replayed change last wrote the flag file. */
  readonly flagsChangedAt?: number;
}

export function rebuildWorld(scenario: Scenario, placement: EcsPlacement | undefined, changes: readonly WorldChange[], untilMs: number): RebuiltWorld {
  let ecs = placement ? createWorld(scenarioEcsSeed(scenario, placement)) : undefined;
  let flagFile = scenarioFlagFile(scenario);
  let flagsChangedAt: number | undefined;
  const history = scenarioHistory(scenario);

  const sampleAt = (atMs: number) => {
    if (ecs && placement) {
      ecs = advance(ecs, atMs);
      appendSegment(history, atMs, { serving: servingFromTasks(servingTasks(ecs, placement.cluster, placement.service)) });
    }
    appendSegment(history, atMs, { flags: flagStateFromFile(flagFile) ?? {} });
  };
  /** Samples a rollout as it progresses; a world at rest does not change until the next change. */
  const runUntil = (fromMs: number, toMs: number) => {
    for (let at = fromMs + SAMPLE_MS; at < toMs && ecs?.services.some((s) => s.rollout !== null); at += SAMPLE_MS) sampleAt(at);
  };

  let now = scenario.start;
  sampleAt(now);
  for (const change of changes) {
    if (change.atMs > untilMs) break;
    runUntil(now, change.atMs);
    now = Math.max(now, change.atMs);
    if (change.kind === 'rollback' && ecs && placement) ecs = rolledBack(ecs, placement, change, now);
    if (change.kind === 'flag') {
      flagFile = withFlagChange(flagFile, change, now);
      flagsChangedAt = now;
    }
    sampleAt(now);
  }
  runUntil(now, untilMs);
  sampleAt(Math.max(now, untilMs));
  return { ...(ecs ? { ecs } : {}), flagFile, history, ...(flagsChangedAt === undefined ? {} : { flagsChangedAt }) };
}

/** The same call the `ecs` plugin made; a deployment that cannot be stopped any more is rolled back the other way. */
function rolledBack(world: World, placement: EcsPlacement, change: Extract<WorldChange, { kind: 'rollback' }>, atMs: number): World {
  if (change.path === 'stop-service-deployment' && change.serviceDeploymentArn !== undefined) {
    const stopped = stopServiceDeployment(world, { serviceDeploymentArn: change.serviceDeploymentArn }, atMs);
    if (stopped.ok) return stopped.world;
  }
  const updated = updateService(world, { cluster: placement.cluster, service: placement.service, taskDefinition: change.targetRevision }, atMs);
  return updated.ok ? updated.world : world;
}

/** As the `flagd` plugin writes it: the field, and the change record when the flag keeps one. */
function withFlagChange(file: FlagdFile, change: Extract<WorldChange, { kind: 'flag' }>, atMs: number): FlagdFile {
  const flag = file.flags[change.flag];
  if (!flag) return file;
  const changed = {
    ...flag,
    ...(change.field === 'state' ? { state: change.value === 'DISABLED' ? ('DISABLED' as const) : ('ENABLED' as const) } : { defaultVariant: change.value ?? '' }),
    ...(flag.metadata ? { metadata: { changedAt: new Date(atMs).toISOString(), changedBy: change.by } } : {}),
  };
  return { ...file, flags: { ...file.flags, [change.flag]: changed } };
}

/** Adds what changed at `atMs` to the history; a change at the same moment as the last segment replaces it. */
export function appendSegment(history: WorldSegment[], atMs: number, change: Partial<Pick<WorldSegment, 'serving' | 'flags'>>): void {
  const last = history.at(-1)!;
  const next = { serving: change.serving ?? last.serving, flags: change.flags ?? last.flags };
  if (JSON.stringify(next.serving) === JSON.stringify(last.serving) && JSON.stringify(next.flags) === JSON.stringify(last.flags)) return;
  const from = Math.max(atMs, last.from);
  if (from === last.from) history[history.length - 1] = { from, ...next };
  else history.push({ from, ...next });
}
