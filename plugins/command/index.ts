import { z } from 'zod';
import { definePlugin } from '../../src/plugins/contract';
import { isDuration } from '../../src/core/duration';

const durationField = z.string().refine(isDuration, { error: 'expected a duration like 30s' });

export const commandConfig = z.strictObject({
  /** Working directory for commands, relative to the runbook. */
  cwd: z.string().optional(),
  /** Environment variables passed through to commands; nothing else is. */
  env_allow: z.array(z.string()).default(['PATH', 'HOME', 'LANG']),
  timeout: durationField.default('60s'),
});
export type CommandConfig = z.output<typeof commandConfig>;

export default definePlugin<CommandConfig>({
  name: 'command',
  description: 'run a local command (argv only, never through a shell) and stream its output to the timeline',
  config: commandConfig,
  capabilities: [],
  actions: {
    run: {
      description: 'run argv; {{var}} templates expand into single arguments',
      params: z.strictObject({
        argv: z.array(z.string()).min(1, { error: 'argv needs at least the program' }),
        timeout: durationField.optional(),
        cwd: z.string().optional(),
      }),
      // A diagnostic script is the common case; runbooks mark state-changing steps `confirm: true`.
      mutating: false,
      dangerous: false,
    },
  },
  create() {
    throw new Error('the command plugin is built by the provider plugins issue');
  },
});
