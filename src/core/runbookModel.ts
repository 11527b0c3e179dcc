/**
 * The runbook, as the rest of the cockpit sees it once it is loaded and validated (format v1).
 * These are the domain's own types; the zod schema in src/runbook/schema.ts validates YAML into
 * exactly these shapes (a type-level test fails `tsc` if the two drift apart). Field names are
 * the runbook's own (snake_case), so a problem message can name what the author wrote.
 * Durations are still text (`5m`); src/core/duration.ts reads them.
 */

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A provider section: which plugin, plus that plugin's own settings (checked by the plugin's schema). */
export interface ProviderSection {
  plugin: string;
  /** This provider points at a rehearsal target: `open --drill` may run mutating actions against it. */
  drill_target?: boolean | undefined;
  [setting: string]: unknown;
}

/** `run:` names `<provider>.<action>`; the remaining keys are that action's parameters. */
export interface RunSpec {
  action: string;
  [param: string]: unknown;
}

export interface VerifySpec {
  slo: string;
  burn_below: number;
  for: string;
}

export interface RunbookStep {
  id: string;
  title: string;
  hint?: string | undefined;
  run?: RunSpec | undefined;
  confirm?: boolean | undefined;
  verify?: VerifySpec | undefined;
  /** The id of an earlier step this one takes back (resume what a step paused). */
  reverses?: string | undefined;
}

export interface SloSpec {
  name: string;
  description?: string | undefined;
  /** A percentage strictly between 0 and 100: 99.9. */
  objective: number;
  period: string;
  /** PromQL giving the error ratio (0..1), with `$window` in it. */
  error_ratio: string;
}

export interface TriggerSpec {
  slo: string;
  burn_rate: number;
  long: string;
  short: string;
}

export interface Runbook {
  version: 1;
  service: string;
  owner: string;
  severity: Severity;
  description?: string | undefined;
  escalation?: string[] | undefined;
  links?: Record<string, string> | undefined;
  vars?: Record<string, string> | undefined;
  secrets?: string[] | undefined;
  plugins?: string[] | undefined;
  environments?: Record<string, Record<string, Record<string, unknown>>> | undefined;
  providers: Record<string, ProviderSection>;
  slos: SloSpec[];
  rollback?: { target: string; triggers: TriggerSpec[] } | undefined;
  first_actions: RunbookStep[];
  recovery: RunbookStep[];
  communication?: { channel: string; status_page_after?: string | undefined } | undefined;
}
