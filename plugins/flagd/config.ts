import * as z from 'zod';

export const flagdConfig = z.strictObject({
  /** flagd flag definition file, relative to the runbook. */
  file: z.string().min(1),
});
export type FlagdConfig = z.output<typeof flagdConfig>;

const flagKey = z.string().min(1);

export const setParams = z.strictObject({ flag: flagKey, variant: z.string().min(1) });
export const toggleParams = z.strictObject({ flag: flagKey });
