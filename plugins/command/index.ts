import { definePlugin } from '../../src/plugins/contract';
import { commandConfig, runParams, type CommandConfig } from './config';
import { createRunAction } from './run';

export { commandConfig, type CommandConfig } from './config';

export default definePlugin<CommandConfig>({
  name: 'command',
  description: 'run a local command (argv only, never through a shell) and stream its output to the timeline',
  config: commandConfig,
  capabilities: [],
  actions: {
    run: {
      description: 'run argv; {{var}} templates expand into single arguments',
      params: runParams,
      // A diagnostic script is the common case; runbooks mark state-changing steps `confirm: true`.
      mutating: false,
      dangerous: false,
    },
  },
  create(config, ctx) {
    return { actions: { run: createRunAction(config, ctx) } };
  },
});
