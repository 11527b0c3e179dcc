import * as z from 'zod';
import { DURATION_BOUNDS, durationProblem, isDuration } from '../../src/core/duration';

const durationField = z
  .string()
  .refine(isDuration, { error: 'expected a duration like 30s' })
  .refine((text) => durationProblem(text, DURATION_BOUNDS.timeout) === undefined, { error: (issue) => durationProblem(String(issue.input), DURATION_BOUNDS.timeout) });

export const commandConfig = z.strictObject({
  cwd: z.string().optional().describe('working directory of the commands, relative to the runbook'),
  env_allow: z.array(z.string()).default(['PATH', 'HOME', 'LANG']).describe('environment variables passed through to commands; nothing else is (default PATH, HOME, LANG)'),
  timeout: durationField.default('60s').describe('time limit of each command (default 60s)'),
});
export type CommandConfig = z.output<typeof commandConfig>;

export const runParams = z.strictObject({
  argv: z.array(z.string()).min(1, { error: 'argv needs at least the program' }),
  timeout: durationField.optional(),
  /** Relative to the runbook, like the config's `cwd`, which it replaces. */
  cwd: z.string().optional(),
});
