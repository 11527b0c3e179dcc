import * as z from 'zod';
import { DURATION_HINT, DURATION_RE, parseDuration } from '../core/duration';

/**
 * The drill scenario format: the world a drill runs in (deploy history, flags, traffic) and the
 * failures that make it an incident. Times are written relative to the drill's start (`-6m`,
 * `-3d`) and come out of the schema as milliseconds, so every consumer reads numbers.
 */

const RELATIVE_HINT = 'a time before the drill start like -6m, -3d or -1h30m';

/** `-6m` → -360000. Only the past: a scenario describes what happened before the responder arrives. */
const relativeTime = z
  .string({ error: `expected ${RELATIVE_HINT}` })
  .regex(/^-(?:\d+(?:ms|s|m|h|d|w))+$/, { error: (issue) => `bad time ${JSON.stringify(issue.input)}: expected ${RELATIVE_HINT}` })
  .transform((text) => -parseDuration(text.slice(1))!);

const positiveDuration = z
  .string({ error: `expected ${DURATION_HINT}` })
  .regex(DURATION_RE, { error: (issue) => `bad duration ${JSON.stringify(issue.input)}: expected ${DURATION_HINT}` })
  .transform((text) => parseDuration(text)!)
  .refine((ms) => ms > 0, { error: 'must be longer than zero' });

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'ids are lower-case letters, digits, "-" and "_"' });
const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });
const ratio = z.number().min(0, { error: 'a ratio is between 0 and 1 (0.08 is 8%)' }).max(1, { error: 'a ratio is between 0 and 1 (0.08 is 8%)' });

export const MIGRATIONS = ['expand_only', 'contract', 'destructive'] as const;
export const CONTROLLERS = ['ECS', 'CODE_DEPLOY'] as const;
export const FLAG_STATES = ['ENABLED', 'DISABLED'] as const;

export const deployEntry = z.strictObject({
  revision: z.int({ error: 'expected a task definition revision number such as 42' }).positive().describe('The revision number (an ECS task definition revision such as 42).'),
  /** Container name → image, as the task definition lists them. */
  images: z
    .record(z.string().min(1), nonEmpty)
    .refine((images) => Object.keys(images).length > 0, { error: 'name at least one container image' })
    .describe('Container name → image, as the task definition lists them.'),
  actor: nonEmpty.describe('Who deployed it.'),
  at: relativeTime.describe('When it was deployed, before the drill start: -3h, -1d.'),
  migration: z.enum(MIGRATIONS, { error: (issue) => `bad migration ${JSON.stringify(issue.input)}: expected one of ${MIGRATIONS.join(', ')}` })
    .optional()
    .describe('A database migration this revision ran: a contract or destructive one makes rolling back past it unsafe.'),
  commit: nonEmpty.optional().describe('The commit the image was built from.'),
});

export const deploys = z.strictObject({
  controller: z.enum(CONTROLLERS, { error: (issue) => `bad controller ${JSON.stringify(issue.input)}: expected one of ${CONTROLLERS.join(', ')}` })
    .default('ECS')
    .describe("The service's deployment controller on ECS (ECS's own, or CodeDeploy's blue/green); a Kubernetes runbook's drill ignores it."),
  desired_count: z.int().min(1).max(100).default(6).describe('Tasks the service runs (pods, on Kubernetes).'),
  /** Virtual time for one task replacement of a rolling update (ECS starts one, then stops one). */
  task_start: positiveDuration.default(10_000).describe('Drill time to replace one task (pod, on Kubernetes) during a rolling update: 10s.'),
  /** Oldest first; the last entry is what serves at the drill start. */
  history: z
    .array(deployEntry)
    .min(1, { error: 'the deploy history needs at least the revision serving now' })
    .describe('Deploys, oldest first; the last one serves at the drill start.'),
});

/** Variant values are what the flag file holds: booleans, strings, numbers or objects. */
const variantValue = z.union([z.boolean(), z.string(), z.number(), z.record(z.string(), z.unknown())]);

export const flag = z.strictObject({
  state: z
    .enum(FLAG_STATES, { error: `expected ${FLAG_STATES.join(' or ')}` })
    .default('ENABLED')
    .describe('A DISABLED flag evaluates to the code default.'),
  variants: z
    .record(z.string().min(1), variantValue)
    .refine((variants) => Object.keys(variants).length > 0, { error: 'a flag needs at least one variant' })
    .describe('Variant name → value, as the flagd file holds them.'),
  default_variant: nonEmpty.describe('The variant served at the drill start.'),
  /** The flag's last toggle before the drill: before `at` it was `from` (a variant or DISABLED). */
  changed: z
    .strictObject({ at: relativeTime.describe('When, before the drill start.'), by: nonEmpty.describe('Who toggled it.'), from: nonEmpty.describe('The variant (or DISABLED) before the toggle.') })
    .optional()
    .describe('The last toggle before the drill.'),
});

export const baseline = z.strictObject({
  requests_per_second: z.number().min(0).describe('The request rate the SLO counts.'),
  error_ratio: ratio.describe('The healthy error ratio (0.0005 is 0.05%).'),
});

/**
 * One cause of errors. A revision sets the SLO's error ratio of the requests it serves (weighted
 * by its share of running tasks); a flag variant adds to the error ratio while it is set.
 * `since` limits a failure to after a moment (a revision that breaks once a migration ran).
 */
export const failure = z
  .strictObject({
    slo: id.describe('The SLO (a runbook `slos:` name) whose error ratio this failure raises.'),
    revision: z.int().positive().optional().describe('The revision that fails (give `error_ratio`), or name a `flag`.'),
    error_ratio: ratio.optional().describe('The error ratio of the requests the revision serves.'),
    flag: nonEmpty.optional().describe('The flag whose variant causes errors (give `variant` and `adds`).'),
    variant: nonEmpty.optional().describe('The variant that causes the errors.'),
    adds: ratio.optional().describe('The error ratio the variant adds while it is set.'),
    since: relativeTime.optional().describe('The failure starts here (before it the revision is healthy).'),
    why: z.string().optional().describe('The cause in words, for the drill report.'),
  })
  .superRefine((f, ctx) => {
    const problem = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', message, path, input: f });
    if ((f.revision === undefined) === (f.flag === undefined)) {
      problem('a failure names exactly one cause: `revision: 42` or `flag: checkout_v2` with `variant`');
      return;
    }
    if (f.revision !== undefined) {
      if (f.error_ratio === undefined) problem('a revision failure needs `error_ratio` (the ratio of the requests that revision serves)');
      for (const key of ['variant', 'adds'] as const) if (f[key] !== undefined) problem(`\`${key}\` belongs to flag failures, not revision ones`, [key]);
    } else {
      if (f.variant === undefined) problem('a flag failure needs `variant` (the variant that causes it)');
      if (f.adds === undefined) problem('a flag failure needs `adds` (the error ratio it adds while set)');
      if (f.error_ratio !== undefined) problem('`error_ratio` belongs to revision failures; a flag failure `adds` to the ratio', ['error_ratio']);
    }
  });

export const MITIGATION_ACTIONS = ['rollback', 'flag'] as const;
export const VERDICTS = ['right', 'wrong', 'risky'] as const;

/** How the drill report judges a response: which mitigation is right here, which is wrong or risky. */
export const mitigation = z.strictObject({
  action: z.enum(MITIGATION_ACTIONS, { error: `expected ${MITIGATION_ACTIONS.join(' or ')}` }).describe('A rollback, or setting a flag.'),
  flag: nonEmpty.optional().describe('For `action: flag`: the flag.'),
  variant: nonEmpty.optional().describe('For `action: flag`: the variant set (or DISABLED).'),
  verdict: z.enum(VERDICTS, { error: `expected one of ${VERDICTS.join(', ')}` }).describe('How the drill report judges this mitigation.'),
  why: nonEmpty.describe('Why, in words, for the drill report.'),
});

export const targets = z.strictObject({
  time_to_first_action: positiveDuration.describe('Drill-time target from the start to the first action: 3m.'),
  time_to_mitigate: positiveDuration.describe('Drill-time target from the start to the right mitigation.'),
  time_to_recover: positiveDuration.describe('Drill-time target from the start to recovery.'),
});

export const scenarioSchema = z.strictObject({
  version: z.literal(1, { error: 'version must be 1' }).describe('The scenario format version: 1.'),
  name: id.describe('The scenario name, as --scenario takes it.'),
  description: nonEmpty.describe('What happens and what fixes it, in a sentence.'),
  service: id.describe("The drilled runbook's service."),
  seed: z
    .int({ error: 'expected a whole number' })
    .min(0)
    .max(2 ** 32 - 1)
    .describe('Seeds the noise, so a drill replays the same.'),
  start: z.iso
    .datetime({ offset: true, error: 'expected an ISO 8601 time such as 2026-11-22T02:30:00Z' })
    .describe("The drill's virtual start (ISO 8601); every `at` and `since` is relative to it.")
    .transform((text) => Date.parse(text)),
  deploys: deploys.describe("The service's deploy history."),
  flags: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: 'flag keys are letters, digits, ".", "-" and "_"' }), flag)
    .default({})
    .describe('Flag key → the flag as the drill starts (the flagd file the sandbox serves).'),
  baseline: z.record(id, baseline).describe("Per SLO name: the healthy world's traffic."),
  noise: z.number().min(0).max(0.5).default(0).describe('Relative per-minute jitter of every error ratio (0.05 = ±5%), seeded, so series look alive.'),
  failures: z.array(failure).default([]).describe('The causes of errors that make this an incident.'),
  mitigations: z.array(mitigation).default([]).describe('How the drill report judges each mitigation: right, wrong or risky.'),
  targets: targets.describe('Drill-time targets the report measures the response against.'),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioDeploy = z.output<typeof deployEntry>;
export type ScenarioFlag = z.output<typeof flag>;
export type ScenarioFailure = z.output<typeof failure>;
export type ScenarioMitigation = z.output<typeof mitigation>;
export type ScenarioBaseline = z.output<typeof baseline>;
