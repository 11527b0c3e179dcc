import * as z from 'zod';

export const flagdConfig = z.strictObject({
  file: z.string().min(1).describe('the flagd flag definition file (JSON), relative to the runbook'),
});
export type FlagdConfig = z.output<typeof flagdConfig>;

const flagKey = z.string().min(1);

export const setParams = z.strictObject({ flag: flagKey, variant: z.string().min(1) });
export const toggleParams = z.strictObject({ flag: flagKey });
