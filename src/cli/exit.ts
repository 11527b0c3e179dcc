/** Exit codes of DESIGN's command table. */
export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  providerFailed: 3,
  /** The data dir (or HOME) takes no writes: full, read-only, no permission. */
  storage: 4,
  /** A bug: an error nothing expected (EX_SOFTWARE). */
  internal: 70,
} as const;
