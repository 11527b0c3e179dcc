/** Exit codes of DESIGN's command table. */
export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  providerFailed: 3,
} as const;
