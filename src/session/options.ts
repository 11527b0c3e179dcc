import type { DrillScenarioRecord, IncidentMode } from '../core/events';
import type { Clock, Logger, PluginDefinition } from '../plugins/contract';
import type { Exec } from '../plugins/exec';
import type { Runbook } from '../runbook/schema';
import type { IncidentStore } from '../timeline/incidentStore';
import type { ActivityMeter } from './activity';
import type { PollIntervals } from './observationRecorder';

export interface SessionOptions {
  readonly runbook: Runbook;
  readonly runbookPath: string;
  readonly plugins: readonly PluginDefinition<unknown>[];
  /** Values of `${ENV}` expansions: redacted everywhere. */
  readonly secrets: readonly string[];
  readonly environment: string;
  /** The environment was not chosen explicitly (it may then have no overrides in the runbook). */
  readonly defaultEnvironment: boolean;
  /**
   * The mode of a new incident. A resumed one keeps the mode its log recorded; this is then only
   * what the caller asked for, and a request the log contradicts is refused (see `decideMode`).
   */
  readonly mode: IncidentMode;
  readonly dataDir: string;
  /** Where the incident lives (the shared store); default: the JSONL store in `dataDir`. */
  readonly incidents?: IncidentStore;
  readonly responder: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly exec?: Exec;
  /** Resume this incident instead of opening a new one. */
  readonly incidentId?: string;
  /**
   * With no `incidentId`, a real incident: resume the service's newest open incident in this
   * environment when there is one, rather than starting another (`cockpit open` without `--new`).
   */
  readonly resumeOpen?: boolean;
  readonly readOnly?: boolean;
  /** Confirmations are answered yes (never overriding a safety block): `cockpit drill --autopilot` only. */
  readonly autopilot?: boolean;
  readonly intervals?: Partial<PollIntervals>;
  /** How many of its own milliseconds the clock runs per real one (a drill at --speed 240: 240): a late poll is late in real time. */
  readonly clockFactor?: number;
  /** Injected for deterministic backoff jitter. */
  readonly random?: () => number;
  /** Counts provider work in flight, for a max-speed drill's clock. */
  readonly activity?: ActivityMeter;
  /**
   * A sandbox drill's directory: the only files its plugins may touch. A drill-sandbox incident
   * is never opened without one, so its providers are always confined to a sandbox.
   */
  readonly sandboxDir?: string;
  /** Recorded on a new sandbox drill's `incident.opened`, so the drill can be resumed. */
  readonly scenario?: DrillScenarioRecord;
  /** Said on the status line from the start (a drill's: what its sandbox made up). */
  readonly notices?: readonly string[];
}

export const DEFAULT_INTERVALS: PollIntervals = { deploys: 15_000, flags: 5_000, slo: 30_000, sloRecord: 60_000 };
