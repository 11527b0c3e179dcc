import { z } from 'zod';
import { definePlugin } from '../../src/plugins/contract';

export const flagdConfig = z.strictObject({
  /** flagd flag definition file, relative to the runbook. */
  file: z.string().min(1),
});
export type FlagdConfig = z.output<typeof flagdConfig>;

const flagKey = z.string().min(1);

export default definePlugin<FlagdConfig>({
  name: 'flagd',
  description: 'flagd flag definition files: list flags, set a variant, enable or disable (atomic write)',
  config: flagdConfig,
  capabilities: ['flags'],
  actions: {
    set: {
      description: 'set the default variant of a flag',
      params: z.strictObject({ flag: flagKey, variant: z.string().min(1) }),
      mutating: true,
      dangerous: false,
    },
    enable: {
      description: 'set a flag ENABLED',
      params: z.strictObject({ flag: flagKey }),
      mutating: true,
      dangerous: false,
    },
    disable: {
      description: 'set a flag DISABLED (flagd then answers as if it did not exist)',
      params: z.strictObject({ flag: flagKey }),
      mutating: true,
      dangerous: false,
    },
  },
  create() {
    throw new Error('the flagd plugin is built by the provider plugins issue');
  },
});
