/**
 * A drill's world at a given moment: the scenario's world, moved forward in time with the
 * changes the responder made (`worldChangesFromLog`) applied when they were made. A new drill is
 * the case without changes, at the scenario's start. Pure: the deploys world (ECS or Kubernetes), the flag file's
 * content and the traffic history come out as values; the drill writes and serves them.
 */
import type { DeploysDouble } from './deploysDouble';
import { flagStateFromFile, scenarioFlagFile, type FlagdFile } from './scenarioFlags';
import type { Scenario } from './scenarioSchema';
import { scenarioHistory, type WorldSegment } from './traffic';
import type { WorldChange } from './worldReplay';

/** How often a rollout's progress is sampled into the history (virtual time), as the live drill does. */
export const SAMPLE_MS = 5_000;

export interface RebuiltWorld<W> {
  readonly deploys?: W;
  readonly flagFile: FlagdFile;
  readonly history: WorldSegment[];
  /** When a replayed change last wrote the flag file. */
  readonly flagsChangedAt?: number;
}

export function rebuildWorld<W>(scenario: Scenario, double: DeploysDouble<W> | undefined, changes: readonly WorldChange[], untilMs: number): RebuiltWorld<W> {
  let deploys = double?.initial;
  let flagFile = scenarioFlagFile(scenario);
  let flagsChangedAt: number | undefined;
  const history = scenarioHistory(scenario);

  const sampleAt = (atMs: number) => {
    if (double && deploys !== undefined) {
      deploys = double.advance(deploys, atMs);
      appendSegment(history, atMs, { serving: double.serving(deploys) });
    }
    appendSegment(history, atMs, { flags: flagStateFromFile(flagFile) ?? {} });
  };
  /** Samples a rollout as it progresses; a world at rest does not change until the next change. */
  const runUntil = (fromMs: number, toMs: number) => {
    for (let at = fromMs + SAMPLE_MS; at < toMs && double && deploys !== undefined && double.rolling(deploys); at += SAMPLE_MS) sampleAt(at);
  };

  let now = scenario.start;
  sampleAt(now);
  for (const change of changes) {
    if (change.atMs > untilMs) break;
    runUntil(now, change.atMs);
    now = Math.max(now, change.atMs);
    if (change.kind === 'rollback' && double && deploys !== undefined) deploys = double.rolledBack(deploys, change, now);
    if (change.kind === 'flag') {
      flagFile = withFlagChange(flagFile, change, now);
      flagsChangedAt = now;
    }
    sampleAt(now);
  }
  runUntil(now, untilMs);
  sampleAt(Math.max(now, untilMs));
  return { ...(deploys === undefined ? {} : { deploys }), flagFile, history, ...(flagsChangedAt === undefined ? {} : { flagsChangedAt }) };
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
