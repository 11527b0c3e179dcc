import path from 'node:path';
import { definePlugin, ok } from '../../src/plugins/contract';
import { isInsideDir } from '../../src/core/sandboxGuard';
import { createFlagAction, flagStepProblem } from './actions';
import { flagdConfig, setParams, toggleParams, type FlagdConfig } from './config';
import { readFlagFile } from './readFlagFile';

export { flagdConfig, type FlagdConfig } from './config';

export default definePlugin<FlagdConfig>({
  name: 'flagd',
  description: 'flagd flag definition files: list flags, set a variant, enable or disable (atomic write)',
  config: flagdConfig,
  capabilities: ['flags'],
  actions: {
    set: {
      description: 'set the default variant of a flag',
      params: setParams,
      mutating: true,
      dangerous: false,
    },
    enable: {
      description: 'set a flag ENABLED',
      params: toggleParams,
      mutating: true,
      dangerous: false,
    },
    disable: {
      description: 'set a flag DISABLED (flagd then answers as if it did not exist)',
      params: toggleParams,
      mutating: true,
      dangerous: false,
    },
  },
  async lintSteps(config, uses, baseDir) {
    // No readable file beside the runbook (written at deploy, or set per environment): nothing to
    // say here; `open` reads the file it is given.
    const reading = await readFlagFile(path.resolve(baseDir, config.file));
    if (!reading.ok) return [];
    return uses.flatMap((use, index) => {
      const problem = flagStepProblem(use.action, use.params, reading.value.parsed.flags, config.file);
      return problem === undefined ? [] : [{ use: index, ...problem }];
    });
  },
  create(config, ctx) {
    const file = path.resolve(ctx.baseDir, config.file);
    if (ctx.sandboxed && (ctx.sandboxDir === undefined || !isInsideDir(ctx.sandboxDir, file))) {
      throw new Error(`a drill may only use a flag file inside its sandbox directory, not ${file}`);
    }
    return {
      flags: {
        async list(signal) {
          const reading = await readFlagFile(file, signal);
          // A flag's "last changed" is its own record (`metadata.changedAt`/`changedBy`) or unknown:
          // the file's modification time moves for every flag when any one flips, or on a clone.
          return reading.ok ? ok(reading.value.parsed.flags) : reading;
        },
      },
      actions: {
        set: createFlagAction('set', file, ctx),
        enable: createFlagAction('enable', file, ctx),
        disable: createFlagAction('disable', file, ctx),
      },
    };
  },
});
