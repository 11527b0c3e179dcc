import type * as z from 'zod';
import type { PlanContext, PlannedCall, SafetyVerdict, UndoAction } from '../core/actions';
import type { Deploy } from '../core/deploys';
import type { Flag } from '../core/flags';
import type { Result } from '../core/result';

/**
 * The plugin contract. Built-in plugins (plugins/<name>/) and third-party ones are written
 * against this file and `src/core` types only. The domain types a plugin returns (Deploy, Flag,
 * PlannedCall, SafetyVerdict, Result and ProviderError) are defined in `src/core/` and
 * re-exported here, so a plugin needs only this one import.
 *
 * A plugin is a definition: its static description (name, config schema, capabilities, the
 * actions it offers and their parameter schemas) lets `cockpit lint` check a runbook without
 * touching any provider; `create` makes a live instance for one incident.
 */

export const CAPABILITIES = ['deploys', 'flags', 'slo'] as const;
export type Capability = (typeof CAPABILITIES)[number];

// ---------------------------------------------------------------------------------------------
// Errors are values: every provider call returns a Result, never throws for an expected failure.

export { PROVIDER_ERROR_KINDS, fail, ok, partial } from '../core/result';
export type { ProviderError, ProviderErrorKind, Result } from '../core/result';

// ---------------------------------------------------------------------------------------------
// Read capabilities.

export type { Deploy, DeployStatus } from '../core/deploys';

export interface DeploysCapability {
  /** Newest first. */
  list(signal: AbortSignal): Promise<Result<readonly Deploy[]>>;
}

export type { Flag } from '../core/flags';

export interface FlagsCapability {
  list(signal: AbortSignal): Promise<Result<readonly Flag[]>>;
}

export interface SloQuery {
  readonly name: string;
  /** PromQL or the provider's own query, with `$window` still in it. */
  readonly errorRatio: string;
}

export interface SloCapability {
  /** Error ratio (0..1) over `windowMs` ending at `at`; `null` when there was no traffic (no data). */
  errorRatio(slo: SloQuery, windowMs: number, at: Date, signal: AbortSignal): Promise<Result<number | null>>;
  /**
   * How far back the query has data, within `withinMs` before `at`: an instant (ms since the
   * epoch) by which it surely has data, to the provider's resolution (at or after the first
   * sample: the data covers at least `at` minus it); `null` when it has none. Optional: without
   * it, the data is taken to cover the SLO's whole period. An error ratio
   * over a period longer than the data is the ratio over the data: a Prometheus holding 7 hours
   * of a 30-day period read "budget -136% left" after 10 minutes at 80% errors.
   */
  dataSince?(slo: SloQuery, withinMs: number, at: Date, signal: AbortSignal): Promise<Result<number | null>>;
}

// ---------------------------------------------------------------------------------------------
// Actions: every mutating call goes plan → safety → confirm → execute → verify.

export type { KnownBadRevision, PlanContext, PlannedCall, SafetyVerdict, UndoAction } from '../core/actions';

export interface ActionPlan {
  /** `<provider>.<action>` as the runbook wrote it. */
  readonly action: string;
  /** One line: "Roll back checkout-api from :42 to :41". */
  readonly summary: string;
  readonly calls: readonly PlannedCall[];
  /**
   * Facts the safety check and the verifier need. A rollback of deploys names
   * `currentRevision` and `targetRevision` here: the session learns from them which revision the
   * incident rolled back from.
   */
  readonly facts: Readonly<Record<string, unknown>>;
  /**
   * What the plan was made on, in words ("current revision" → "checkout-api:42"): the session
   * plans again just before executing and refuses to run when any of it changed (a stale plan).
   */
  readonly observed?: Readonly<Record<string, string>>;
}

export interface Progress {
  /** "tasks 3/6 running, rollout IN_PROGRESS" */
  readonly message: string;
  readonly done?: number;
  readonly total?: number;
}

export interface ActionIO {
  readonly signal: AbortSignal;
  /**
   * In `verify`, when the change was made: a check re-run after a resume counts its time limit
   * from it (a rollout given 15m is late 22m after it began, whichever cockpit checks it).
   */
  readonly madeAt?: Date;
  /**
   * In `verify`, re-run after a resume: the change's own call never answered (the cockpit stopped while it ran), so its
   * result is not known. A check that only restates that result has nothing to go by (a command's exit status).
   */
  readonly callUnanswered?: true;
  progress(update: Progress): void;
  /** Streamed output (already redacted by the caller before it is recorded). */
  output(stream: 'stdout' | 'stderr', chunk: string): void;
}

export interface ActionOutcome {
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
  /**
   * From `verify`, when the provider says the change took effect (a rollout's completion), ISO: a
   * check re-run after a resume passes minutes after that, and the incident's times follow it.
   */
  readonly completedAt?: string;
}

export interface ActionRunner {
  /** `context` is absent where no incident exists (`cockpit status`, tests). */
  plan(params: Readonly<Record<string, unknown>>, signal: AbortSignal, context?: PlanContext): Promise<Result<ActionPlan>>;
  safety(plan: ActionPlan): SafetyVerdict;
  execute(plan: ActionPlan, io: ActionIO): Promise<Result<ActionOutcome>>;
  /** Waits until the outcome is confirmed (service stable, flag file reloaded); may be re-run after a crash. */
  verify(plan: ActionPlan, io: ActionIO): Promise<Result<ActionOutcome>>;
  /**
   * The action that takes a change of this one back, from the facts its plan recorded: one of the
   * plugin's actions with its params, planned afresh (plan, safety, confirmation) when the
   * responder asks. Absent, or undefined for facts it cannot reverse: no undo is offered.
   */
  undo?(facts: Readonly<Record<string, unknown>>): UndoAction | undefined;
}

export interface ActionSpec {
  readonly description: string;
  /** Parameters as written in the runbook's `run:` (without `action`). */
  readonly params: z.ZodType;
  /** Changes the world (needs confirmation, refused in drill-on-real unless the target is a drill target). */
  readonly mutating: boolean;
  /** Needs the service name typed in full in production. */
  readonly dangerous: boolean;
}

// ---------------------------------------------------------------------------------------------
// The definition and its context.

export interface Clock {
  now(): Date;
  /** Resolves after `ms` of this clock's time, or rejects with the signal's reason. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface ExecRequest {
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly signal: AbortSignal;
  onOutput?(stream: 'stdout' | 'stderr', chunk: string): void;
}

export interface ExecResult {
  readonly exitCode: number | null;
  readonly signal?: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** The program exited while a process it left behind (out of its process group) still held its output open: closed then. */
  readonly outputHeldOpen?: true;
}

export interface PluginContext {
  /** Aborted when the incident session ends. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly log: Logger;
  /** argv-only process execution (execa underneath): no shell, timeout, cancellation, streaming. */
  exec(request: ExecRequest): Promise<Result<ExecResult>>;
  /** Directory of the runbook, for resolving relative paths in config. */
  readonly baseDir: string;
  readonly service: string;
  readonly environment: string;
  /**
   * A sandbox drill (`cockpit drill`): only loopback endpoints and files under the sandbox dir
   * may be reached, and a plugin refuses anything else. Not set for `open --drill`, which
   * rehearses against real staging providers.
   */
  readonly sandboxed: boolean;
  /** With `sandboxed`: the only directory whose files a plugin may read or write. */
  readonly sandboxDir?: string;
  /**
   * Values of `{{name}}` templates in action parameters: `service`, `env`, `incident`,
   * `responder` and the runbook's `vars:`. Read at plan time, so the session may implement it
   * as a getter (a handover changes `responder`). Absent where no incident exists (status,
   * tests): actions then fall back to `service` and `environment` above.
   */
  readonly templateVars?: Readonly<Record<string, string>>;
}

export interface PluginInstance {
  readonly deploys?: DeploysCapability;
  readonly flags?: FlagsCapability;
  readonly slo?: SloCapability;
  readonly actions?: Readonly<Record<string, ActionRunner>>;
  close?(): Promise<void>;
}

/** A runbook step that runs one of the plugin's actions, as `cockpit lint` hands it to `lintSteps`. */
export interface StepUse {
  /** The action's name in the plugin (`set`, not `flags.set`). */
  readonly action: string;
  /** The step's parameters as written (`{{name}}` templates not filled in). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** What is wrong with `uses[use]`; `param` is the parameter it is about, when one is. */
export interface StepProblem {
  readonly use: number;
  readonly param?: string;
  readonly message: string;
}

export interface PluginDefinition<Config = unknown> {
  readonly name: string;
  readonly description: string;
  readonly config: z.ZodType<Config>;
  readonly capabilities: readonly Capability[];
  readonly actions: Readonly<Record<string, ActionSpec>>;
  /**
   * `cockpit lint`'s look at the steps that run this plugin's actions, beyond their parameter
   * schemas: what the plugin's own local files say (a kill switch naming a flag its flagd file
   * does not have passed lint, and failed at its plan during the incident). Optional; it must
   * call no provider. `baseDir` is the runbook's directory.
   */
  lintSteps?(config: Config, uses: readonly StepUse[], baseDir: string): Promise<readonly StepProblem[]>;
  create(config: Config, ctx: PluginContext): PluginInstance | Promise<PluginInstance>;
}

/**
 * What lint needs of a plugin: everything but `create`. A third-party plugin's description comes
 * from its static manifest (src/plugins/manifest.ts), so lint never runs its code.
 */
export type PluginDescription<Config = unknown> = Omit<PluginDefinition<Config>, 'create'>;

/** Identity helper that keeps the config type tied to its schema. */
export function definePlugin<Config>(definition: PluginDefinition<Config>): PluginDefinition<Config> {
  return definition;
}

// ---------------------------------------------------------------------------------------------
// What loading third-party plugins gives: the definitions (or descriptions) and what failed.

export interface PluginLoadFailure {
  /** Index in the list of specifiers, so lint can point at the runbook line. */
  readonly index: number;
  readonly specifier: string;
  readonly message: string;
}

export interface PluginSet<D extends PluginDescription> {
  readonly definitions: readonly D[];
  readonly failures: readonly PluginLoadFailure[];
}

/**
 * The facts a runner put in its own plan, read back by its safety check and its execute: a plan
 * comes back from the session (and from a resumed timeline), so it is checked, never trusted.
 * Undefined when the plan is not one of this runner's.
 */
export function planFacts<T>(schema: z.ZodType<T>, plan: ActionPlan): T | undefined {
  const parsed = schema.safeParse(plan.facts);
  return parsed.success ? parsed.data : undefined;
}
